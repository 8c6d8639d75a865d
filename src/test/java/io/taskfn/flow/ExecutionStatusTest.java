package io.taskfn.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.taskfn.api.IllegalTransitionException;
import io.taskfn.flow.asl.Json;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ExecutionStatusTest {

  @Test
  void aRunningExecutionEndsOnceAndAnEndedOneStays() {
    EnumSet<ExecutionStatus> ends =
        EnumSet.of(
            ExecutionStatus.Succeeded,
            ExecutionStatus.Failed,
            ExecutionStatus.TimedOut,
            ExecutionStatus.Stopped);
    for (ExecutionStatus from : ExecutionStatus.values()) {
      for (ExecutionStatus to : ExecutionStatus.values()) {
        boolean expected = from == ExecutionStatus.Running && ends.contains(to);
        assertEquals(expected, ExecutionStatus.TRANSITIONS.allows(from, to), from + " -> " + to);
      }
    }
  }

  @Test
  void finishingAFinishedExecutionIsRefusedNamingIt() {
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    Flow flow = new Flow("f", "id", "{}", null, ExecutionMode.Standard, null, now, now);
    FlowExecution done =
        FlowExecution.running(flow, "e1", ExecutionMode.Standard, Json.object(), now, 0, null)
            .finish(ExecutionStatus.Succeeded, "{}", null, null, now);
    IllegalTransitionException refused =
        assertThrows(
            IllegalTransitionException.class,
            () -> done.finish(ExecutionStatus.Stopped, null, null, null, now));
    assertEquals("e1", refused.recordId());
    assertEquals("execution e1 is Succeeded and can not become Stopped", refused.getMessage());
  }
}
