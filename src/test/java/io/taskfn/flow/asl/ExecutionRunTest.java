package io.taskfn.flow.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskfn.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The quotas and bounds an execution's run keeps: history, transitions, calls, deadlines. */
class ExecutionRunTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  private ExecutionRun newRun() {
    return new ExecutionRun(
        clock, clock::advance, TaskInvoker.NONE, "e", "e", "m", "m", Json.object());
  }

  @Test
  void theHistoryHoldsTwentyFiveThousandEventsTheLastOneClosingIt() {
    ExecutionRun run = newRun();
    for (int i = 1; i < ExecutionRun.MAX_HISTORY_EVENTS; i++) {
      run.record("PassStateEntered", null, null, i - 1);
    }
    ExecutionLimitExceeded full =
        assertThrows(
            ExecutionLimitExceeded.class, () -> run.record("PassStateExited", null, null, 0));
    assertEquals(ErrorNames.RUNTIME, full.error());
    assertEquals(
        "The execution reached the maximum number of history events (25000).", full.cause());
    assertThrows(
        ExecutionLimitExceeded.class,
        () -> run.recordState("PassStateExited", "P", "output", Json.object(), null, 0, true));
    assertEquals(25_000, run.recordClosing("ExecutionFailed", null));
    assertEquals(25_000, run.history().size());
  }

  @Test
  void pastItsDataBudgetTheHistoryKeepsEventsWithoutTheirData() {
    ExecutionRun run = newRun();
    String payload = "x".repeat(1 << 20);
    int kept = (int) (ExecutionRun.HISTORY_DATA_BYTES >> 20);
    for (int i = 0; i < kept + 2; i++) {
      run.recordState(
          "PassStateExited", "P", "output", Json.NODES.textNode(payload), null, 0, true);
    }
    List<HistoryEvent> events = run.history();
    ObjectNode first = events.get(0).details();
    ObjectNode last = events.get(events.size() - 1).details();
    assertEquals(payload, first.get("output").asText());
    assertEquals("{\"name\":\"P\",\"outputDetails\":{\"truncated\":true}}", Json.write(last));
    assertFalse(first.get("outputDetails").get("truncated").asBoolean());
  }

  /**
   * A state's event keeps the parts of its details until the history is read: what is read is what
   * recording the details whole keeps, field for field and in order, across the data budget.
   */
  @Test
  void aStateEventReadsAsItsDetailsRecordedWhole() {
    ExecutionRun parts = newRun();
    ExecutionRun whole = newRun();
    JsonNode payload = Json.object().put("x", "y".repeat(1 << 20));
    ObjectNode assigned = Json.object().put("v", 1);
    int kept = (int) (ExecutionRun.HISTORY_DATA_BYTES >> 20);
    for (int i = 0; i < kept + 2; i++) {
      parts.recordState("PassStateEntered", "P", "input", payload, null, 0, true);
      parts.recordState("PassStateExited", "P", "output", payload, assigned, 0, true);
      parts.recordState("TaskSucceeded", "P", "output", null, null, 0, true);
      ObjectNode entered = Json.object().put("name", "P");
      entered.set("input", payload);
      entered.set("inputDetails", ExecutionRun.notTruncated());
      whole.record("PassStateEntered", "P", entered, 0);
      ObjectNode exited = Json.object().put("name", "P");
      exited.set("output", payload);
      exited.set("outputDetails", ExecutionRun.notTruncated());
      exited.set("assignedVariables", assigned);
      exited.set("assignedVariablesDetails", ExecutionRun.notTruncated());
      whole.record("PassStateExited", "P", exited, 0);
      whole.record("TaskSucceeded", "P", Json.object().put("name", "P"), 0);
    }
    List<HistoryEvent> expected = whole.history();
    List<HistoryEvent> read = parts.history();
    assertEquals(expected.size(), read.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(
          Json.write(expected.get(i).details()), Json.write(read.get(i).details()), "event " + i);
    }
    assertTrue(read.get(read.size() - 2).details().has("assignedVariablesDetails"));
    assertFalse(read.get(read.size() - 2).details().has("assignedVariables"));
  }

  @Test
  void transitionsAreCountedAcrossAResumption() {
    ExecutionRun before = newRun().maxTransitions(3);
    before.enteredState();
    before.enteredState();
    before.record("PassStateEntered", null, null, 0);
    before.record("PassStateEntered", null, null, 0);
    ExecutionRun after = newRun().maxTransitions(3).continuing(before.history());
    after.enteredState();
    ExecutionLimitExceeded limit = assertThrows(ExecutionLimitExceeded.class, after::enteredState);
    assertEquals(
        "The execution reached the maximum number of state transitions (3).", limit.cause());
  }

  @Test
  void aCalledRunStopsWithItsCallerAndEndsByItsDeadline() {
    ExecutionRun caller = newRun();
    caller.deadline(clock.instant().plusSeconds(10));
    ExecutionRun called = newRun().calledFrom(caller);
    called.deadline(clock.instant().plusSeconds(60));
    assertEquals(1, called.callDepth());
    assertEquals(2, newRun().calledFrom(called).callDepth());
    assertEquals(clock.instant().plusSeconds(10), called.deadline());
    assertThrows(ExecutionTimedOut.class, () -> called.sleep(Duration.ofSeconds(30)));
    caller.stop();
    assertTrue(called.isStopped());
    assertThrows(ExecutionStopped.class, called::checkRunning);
  }
}
