package io.taskfn.calltask;

import static io.taskfn.calltask.CallTasksRig.phones;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskfn.calltask.CallTaskRequests.CreateTask;
import io.taskfn.calltask.CallTaskRequests.QueryCallRecordMsg;
import io.taskfn.store.InMemoryStoreBackend;
import io.taskfn.support.MutableClock;
import io.taskfn.support.RequestOf;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Real SIP calls over loopback UDP, from the SIP dialer to {@code sipp} as the callee: an answered,
 * a busy, a declining and an unanswered number give their callResult, and the unanswered ones are
 * called again after RingAgainInterval (the test clock moves the interval; the calls themselves
 * take real time: a second of talk, two seconds of ringing).
 */
class SipDialerIntegrationTest {

  private static final String ANSWERS = "+8613800138001";
  private static final String BUSY = "+8613800138002";
  private static final String NO_ANSWER = "+8613800138003";
  private static final String DECLINES = "+8613800138004";

  @Test
  void answeredBusyAndUnansweredCallsOverSip() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-06-01T02:00:00Z"));
    try (SippCallee callee = SippCallee.start(Path.of("target", "sipp-" + System.nanoTime()));
        SipDialer dialer = new SipDialer(callee.address(), "127.0.0.1", 0, clock);
        CallTasksRig rig =
            new CallTasksRig(
                new InMemoryStoreBackend(), clock, TestCallTaskConfig.defaults(), dialer)) {
      String id =
          rig.createTask(
              RequestOf.of(
                  CreateTask.class,
                  "Name",
                  "sip",
                  "PhoneList",
                  phones(ANSWERS, BUSY, NO_ANSWER, DECLINES),
                  "Resource",
                  "res-1",
                  "Type",
                  0,
                  "NumberPoolNo",
                  "NP1",
                  "NumberList",
                  List.of("+8613900139000"),
                  "SelectNumberType",
                  1,
                  "StartTime",
                  "2026-06-01 08:00:00",
                  "EndTime",
                  "2026-06-01 20:00:00",
                  "MaxRingDuration",
                  2,
                  "RingAgainTimes",
                  1,
                  "RingAgainInterval",
                  5,
                  "Concurrency",
                  4));

      rig.runDueWork();
      Map<String, List<Integer>> first = results(rig, id);
      assertEquals(
          Map.of(
              ANSWERS, List.of(1), BUSY, List.of(8), NO_ANSWER, List.of(28), DECLINES, List.of(9)),
          first,
          () -> "sipp said:\n" + callee.output());

      clock.advance(Duration.ofMinutes(5));
      rig.runDueWork();
      Map<String, List<Integer>> second = results(rig, id);
      assertEquals(
          Map.of(
              ANSWERS,
              List.of(1),
              BUSY,
              List.of(8, 8),
              NO_ANSWER,
              List.of(28, 28),
              DECLINES,
              List.of(9, 9)),
          second,
          () -> "sipp said:\n" + callee.output());

      CallRecord answered =
          rig
              .service
              .queryCallRecordMsg(new QueryCallRecordMsg(id, 10, null))
              .result()
              .records()
              .stream()
              .filter(r -> r.callee().equals(ANSWERS))
              .findFirst()
              .orElseThrow();
      assertNotNull(answered.startTime(), "an answered call has its answer time");
      assertEquals("+8613900139000", answered.caller());
      assertTrue(rig.progress(id).answered() == 1 && rig.progress(id).unanswered() == 3);
      assertEquals(TaskState.FINISHED.code(), rig.state(id));
    }
  }

  /** Each callee's callResults, oldest first. */
  private static Map<String, List<Integer>> results(CallTasksRig rig, String id) {
    List<CallRecord> oldestFirst =
        new java.util.ArrayList<>(
            rig.service
                .queryCallRecordMsg(new QueryCallRecordMsg(id, 100, null))
                .result()
                .records());
    java.util.Collections.reverse(oldestFirst);
    return oldestFirst.stream()
        .collect(
            Collectors.groupingBy(
                CallRecord::callee,
                Collectors.mapping(CallRecord::callResult, Collectors.toList())));
  }
}
