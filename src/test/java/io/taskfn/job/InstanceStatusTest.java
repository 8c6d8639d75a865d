package io.taskfn.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.taskfn.api.IllegalTransitionException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InstanceStatusTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void theTransitionTableIsExactlyTheLifecycle() {
    assertAllowed(
        InstanceStatus.WAITING,
        EnumSet.of(InstanceStatus.RUNNING, InstanceStatus.REJECTED, InstanceStatus.FAILED));
    assertAllowed(
        InstanceStatus.RUNNING,
        EnumSet.of(
            InstanceStatus.RUNNING,
            InstanceStatus.SUCCESS,
            InstanceStatus.FAILED,
            InstanceStatus.WAITING));
    assertAllowed(InstanceStatus.SUCCESS, EnumSet.of(InstanceStatus.WAITING));
    // SetJobInstanceSuccess marks an instance that did not succeed as succeeded.
    for (InstanceStatus unsuccessful : EnumSet.of(InstanceStatus.FAILED, InstanceStatus.REJECTED)) {
      assertAllowed(unsuccessful, EnumSet.of(InstanceStatus.WAITING, InstanceStatus.SUCCESS));
    }
  }

  private static void assertAllowed(InstanceStatus from, Set<InstanceStatus> allowed) {
    for (InstanceStatus to : InstanceStatus.values()) {
      assertEquals(
          allowed.contains(to), InstanceStatus.TRANSITIONS.allows(from, to), from + " -> " + to);
    }
  }

  @Test
  void vendorCodesRoundTrip() {
    for (InstanceStatus s : InstanceStatus.values()) {
      assertEquals(s, InstanceStatus.fromCode(s.code()));
    }
    assertEquals(9, InstanceStatus.REJECTED.code());
  }

  @Test
  void instancesRefuseForbiddenMovesAndCountAttempts() {
    Job job =
        new Job(
            7,
            "ns",
            "g",
            "j",
            null,
            "http",
            "standalone",
            "{}",
            null,
            null,
            100,
            null,
            null,
            0,
            null,
            null,
            1,
            1,
            5,
            60,
            true,
            true,
            NOW,
            0);
    JobInstance waiting = JobInstance.waiting(1, job, TriggerType.API, NOW, "p", null, null, null);
    assertThrows(IllegalTransitionException.class, () -> waiting.succeed(NOW, "skipped running"));
    JobInstance running = waiting.start(NOW, "w1");
    assertEquals(1, running.attempt());
    JobInstance retrying = running.awaitRetry("failed once");
    assertEquals(2, retrying.start(NOW, "w2").attempt());
    JobInstance done = retrying.start(NOW, "w2").succeed(NOW.plusSeconds(1), "ok");
    IllegalTransitionException late =
        assertThrows(IllegalTransitionException.class, () -> done.fail(NOW, "too late"));
    assertEquals("1", late.recordId());
    assertEquals(InstanceStatus.SUCCESS, late.from());
    assertEquals(InstanceStatus.FAILED, late.to());
    assertEquals(400, late.httpStatus());
    assertEquals(
        "job instance 1 is success (status 4) and can not become failed (status 5)",
        late.getMessage());
    JobInstance rerun = done.rerun(NOW.plusSeconds(5));
    assertEquals(0, rerun.attempt());
    assertEquals(TriggerType.RERUN, rerun.triggerType());
  }
}
