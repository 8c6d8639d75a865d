package io.taskfn.calltask;

import static io.taskfn.calltask.CallTasksRig.create;
import static io.taskfn.calltask.CallTasksRig.phones;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskfn.api.ApiException;
import io.taskfn.api.IllegalTransitionException;
import io.taskfn.calltask.CallTaskRequests.BatchAppend;
import io.taskfn.calltask.CallTaskRequests.CreateTask;
import io.taskfn.calltask.CallTaskRequests.DoNotCallNumbers;
import io.taskfn.calltask.CallTaskRequests.QueryCallRecordMsg;
import io.taskfn.calltask.CallTaskRequests.TaskAction;
import io.taskfn.calltask.CallTaskRequests.TaskQuery;
import io.taskfn.calltask.CallTaskRequests.UpdateTask;
import io.taskfn.calltask.CallTaskResponses.TaskInfo;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.store.InMemoryStoreBackend;
import io.taskfn.support.Claims;
import io.taskfn.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dialer's rules under a test clock, with the webhook dialer calling a fake telephone on
 * loopback: where and when calls arrive is counted at the telephone.
 */
class CallTaskRulesTest {

  /** Monday 1 June 2026, 08:00 in the account's zone (UTC+8). */
  private static final Instant MONDAY_8AM = Instant.parse("2026-06-01T00:00:00Z");

  private static final String A = "+8613800138001";
  private static final String B = "+8613800138002";
  private static final String C = "+8613800138003";
  private static final String D = "+8613800138004";

  private final MutableClock clock = new MutableClock(MONDAY_8AM);
  private FakeTelephone telephone;
  private CallTasksRig rig;

  @BeforeEach
  void setUp() {
    telephone = new FakeTelephone(clock);
    rig =
        CallTasksRig.webhook(
            new InMemoryStoreBackend(), clock, TestCallTaskConfig.defaults(), telephone);
  }

  @AfterEach
  void tearDown() {
    telephone.close();
    rig.close();
  }

  private static List<ForbidTimes.Item> forbid(List<Integer> weekdays, String... times) {
    return List.of(new ForbidTimes.Item(weekdays, List.of(times)));
  }

  @Test
  void noCallOutsideTheTaskWindowOrInsideAForbiddenRange() throws Exception {
    List<String> numbers = List.of(A, B, C, D, "+8613800138005", "+8613800138006");
    numbers.forEach(n -> telephone.answer(n, CallResult.BUSY));
    List<ForbidTimes.Item> forbidden =
        List.of(
            new ForbidTimes.Item(List.of(2), List.of("12:00-14:00", "20:00-08:30")),
            new ForbidTimes.Item(null, List.of("18:00-18:30")));
    String id =
        rig.createTask(
            create(
                phones(numbers.toArray(String[]::new)),
                "2026-06-01 09:00:00",
                "2026-06-02 21:00:00",
                2,
                5,
                150,
                forbidden));

    rig.runUntil(Instant.parse("2026-06-02T14:00:00Z"), Duration.ofMinutes(7));

    CallWindow window =
        new CallWindow(
            Instant.parse("2026-06-01T01:00:00Z"),
            Instant.parse("2026-06-02T13:00:00Z"),
            ZoneId.of("+08:00"),
            ForbidTimes.parse(forbidden));
    List<FakeTelephone.Arrival> calls = telephone.arrivals();
    assertEquals(36, calls.size(), "six calls to each of six numbers (RingAgainTimes 5)");
    for (FakeTelephone.Arrival call : calls) {
      assertTrue(
          CallWindowPropertiesTest.allowedByTheRule(window, call.at()),
          call + " is outside the window or inside a forbidden range");
    }
    Instant tuesday = Instant.parse("2026-06-01T16:00:00Z");
    Instant firstOnTuesday =
        calls.stream()
            .map(FakeTelephone.Arrival::at)
            .filter(t -> t.isAfter(tuesday))
            .min(Instant::compareTo)
            .orElseThrow();
    assertFalse(firstOnTuesday.isBefore(Instant.parse("2026-06-02T00:30:00Z")));
    assertTrue(
        firstOnTuesday.isBefore(Instant.parse("2026-06-02T00:37:00Z")),
        "calls resume on Tuesday at 08:30, when Monday's 20:00-08:30 ends: " + firstOnTuesday);
    for (String number : numbers) {
      List<Instant> times =
          telephone.callsTo(number).stream().map(FakeTelephone.Arrival::at).toList();
      for (int i = 1; i < times.size(); i++) {
        assertFalse(
            times.get(i).isBefore(times.get(i - 1).plus(Duration.ofMinutes(150))),
            number + " was called again within RingAgainInterval: " + times);
      }
    }
    assertEquals(TaskState.FINISHED.code(), rig.state(id));
    assertEquals(6, rig.progress(id).unanswered());
  }

  @Test
  void inAnAccountZoneWithDaylightSavingTheRulesFollowItsClocks() throws Exception {
    // Berlin springs forward on 29 March 2026: 02:00 CET becomes 03:00 CEST.
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    clock.set(Instant.parse("2026-03-28T23:00:00Z"));
    try (CallTasksRig local =
        CallTasksRig.webhook(
            new InMemoryStoreBackend(),
            clock,
            TestCallTaskConfig.defaults().withZone(berlin),
            telephone)) {
      telephone.answer(A, CallResult.BUSY);
      String id =
          local.createTask(
              create(
                  phones(A),
                  "2026-03-29 01:00:00",
                  "2026-03-29 06:00:00",
                  1,
                  5,
                  30,
                  forbid(null, "01:40-03:20")));
      local.runUntil(Instant.parse("2026-03-29T05:00:00Z"), Duration.ofMinutes(1));

      List<String> wallClock =
          telephone.callsTo(A).stream()
              .map(a -> java.time.LocalTime.ofInstant(a.at(), berlin).toString())
              .toList();
      assertEquals(
          List.of("01:00", "01:30", "03:20", "03:50", "04:20", "04:50"),
          wallClock,
          "StartTime read in the account's zone; nothing from 01:40 until the clocks show 03:20");
      assertEquals(TaskState.FINISHED.code(), local.state(id));
    }
  }

  @Test
  void callsInFlightNeverExceedConcurrency() throws Exception {
    List<String> numbers = tenNumbers();
    String id =
        rig.createTask(
            create(
                phones(numbers.toArray(String[]::new)),
                "2026-06-01 08:00:00",
                "2026-06-01 20:00:00",
                3,
                null,
                null,
                null));
    telephone.hold(3);
    ExecutorService background = Executors.newSingleThreadExecutor();
    try {
      Future<?> running =
          background.submit(() -> rig.dispatcher.runUntilIdle(Duration.ofSeconds(60)));
      assertTrue(telephone.awaitInFlight(), "three calls arrive");
      assertEquals(3, telephone.inFlight());
      assertEquals(3, rig.progress(id).calling());
      assertEquals(7, rig.progress(id).waiting(), "the others wait for a free slot");
      telephone.release();
      running.get();
    } finally {
      background.shutdownNow();
    }
    assertEquals(10, telephone.arrivals().size());
    assertEquals(3, telephone.maxInFlight(), "as many at once as Concurrency, never more");
    assertEquals(10, rig.progress(id).answered());
  }

  @Test
  void twoServersTogetherKeepConcurrency() throws Exception {
    List<String> numbers = tenNumbers();
    rig.createTask(
        create(
            phones(numbers.toArray(String[]::new)),
            "2026-06-01 08:00:00",
            "2026-06-01 20:00:00",
            2,
            null,
            null,
            null));
    Dispatcher second = rig.newDispatcher(8);
    telephone.hold(2);
    ExecutorService servers = Executors.newFixedThreadPool(2);
    try {
      Future<?> one = servers.submit(() -> rig.dispatcher.runUntilIdle(Duration.ofSeconds(60)));
      Future<?> two = servers.submit(() -> second.runUntilIdle(Duration.ofSeconds(60)));
      assertTrue(telephone.awaitInFlight());
      telephone.release();
      one.get();
      two.get();
      // Whichever server ended first may have left chained calls to the other: run what is due.
      rig.runDueWork();
    } finally {
      servers.shutdownNow();
    }
    assertEquals(10, telephone.arrivals().size());
    assertEquals(2, telephone.maxInFlight());
  }

  @Test
  void onlyUnansweredNumbersAreCalledAgainAfterTheInterval() throws Exception {
    telephone.answer(B, CallResult.BUSY);
    telephone.answer(C, CallResult.NO_ANSWER);
    telephone.answer(D, CallResult.REJECTED);
    String id =
        rig.createTask(
            create(
                phones(A, B, C, D), "2026-06-01 08:00:00", "2026-06-01 20:00:00", 4, 2, 5, null));

    rig.runDueWork();
    assertEquals(4, telephone.arrivals().size());
    clock.advance(Duration.ofMinutes(5).minusSeconds(1));
    rig.runDueWork();
    assertEquals(4, telephone.arrivals().size(), "no re-ring before RingAgainInterval");
    clock.advance(Duration.ofSeconds(1));
    rig.runDueWork();
    assertEquals(7, telephone.arrivals().size());
    clock.advance(Duration.ofMinutes(5));
    rig.runDueWork();
    clock.advance(Duration.ofMinutes(5));
    rig.runDueWork();

    assertEquals(1, telephone.callsTo(A).size(), "an answered number is never called again");
    for (String unanswered : List.of(B, C, D)) {
      assertEquals(3, telephone.callsTo(unanswered).size(), "one call and RingAgainTimes=2");
    }
    Map<String, List<Integer>> results =
        rig
            .service
            .queryCallRecordMsg(new QueryCallRecordMsg(id, 100, null))
            .result()
            .records()
            .stream()
            .collect(
                Collectors.groupingBy(
                    CallRecord::callee,
                    Collectors.mapping(CallRecord::callResult, Collectors.toList())));
    assertEquals(List.of(1), results.get(A));
    assertEquals(List.of(8, 8, 8), results.get(B));
    assertEquals(List.of(7, 7, 7), results.get(C));
    assertEquals(List.of(9, 9, 9), results.get(D));
    assertEquals(1, rig.progress(id).answered());
    assertEquals(3, rig.progress(id).unanswered());
    assertEquals(10, rig.progress(id).calls());
    TaskInfo info = rig.service.queryTaskInfo(new TaskQuery(id)).result();
    assertEquals(TaskState.FINISHED.code(), info.state());
    assertEquals("every number has its final outcome", info.finishReason());
  }

  @Test
  void recallFalseKeepsTheReRingSettings() {
    String id =
        rig.createTask(
            create(phones(A), "2026-06-02 08:00:00", "2026-06-02 20:00:00", 1, 2, 10, null));

    rig.service.updateTask(
        new UpdateTask(
            id, "2026-06-02 08:00:00", "2026-06-02 21:00:00", 0, 5, 2, null, false, null, null));
    TaskInfo kept = rig.service.queryTaskInfo(new TaskQuery(id)).result();
    assertEquals(2, kept.ringAgainTimes());
    assertEquals(10, kept.ringAgainInterval());
    assertEquals(2, kept.concurrency(), "the other settings change");
    assertEquals("2026-06-02 21:00:00", kept.endTime());

    rig.service.updateTask(
        new UpdateTask(
            id,
            "2026-06-02 08:00:00",
            "2026-06-02 21:00:00",
            null,
            null,
            2,
            null,
            null,
            null,
            null));
    TaskInfo reset = rig.service.queryTaskInfo(new TaskQuery(id)).result();
    assertEquals(0, reset.ringAgainTimes(), "Recall defaults to true: the vendor's defaults");
    assertEquals(5, reset.ringAgainInterval());
  }

  @Test
  void anUpdateOfARunningTaskAppliesToItsNextCalls() throws Exception {
    telephone.answer(A, CallResult.BUSY);
    telephone.answer(B, CallResult.BUSY);
    String id =
        rig.createTask(
            create(phones(A, B), "2026-06-01 08:00:00", "2026-06-01 20:00:00", 1, 3, 5, null));
    rig.runDueWork();
    assertEquals(2, telephone.arrivals().size());
    assertEquals(1, telephone.maxInFlight());

    rig.service.updateTask(
        new UpdateTask(
            id, "2026-06-01 08:00:00", "2026-06-01 20:00:00", 3, 30, 2, null, true, null, null));
    clock.advance(Duration.ofMinutes(5));
    rig.runDueWork();
    assertEquals(2, telephone.arrivals().size(), "the new RingAgainInterval, 30, applies");

    clock.advance(Duration.ofMinutes(25));
    telephone.hold(2);
    ExecutorService background = Executors.newSingleThreadExecutor();
    try {
      Future<?> running =
          background.submit(() -> rig.dispatcher.runUntilIdle(Duration.ofSeconds(60)));
      assertTrue(telephone.awaitInFlight(), "the new Concurrency, 2, lets both ring at once");
      telephone.release();
      running.get();
    } finally {
      background.shutdownNow();
    }
    assertEquals(4, telephone.arrivals().size(), "no call lost or repeated by the update");
    assertEquals(2, telephone.maxInFlight());
  }

  @Test
  void aReRingQueuedBeforeTheIntervalWasRaisedWaitsForTheNewInterval() throws Exception {
    telephone.answer(A, CallResult.BUSY);
    String id =
        rig.createTask(
            create(phones(A), "2026-06-01 08:00:00", "2026-06-01 20:00:00", 1, 2, 5, null));
    rig.runDueWork();
    clock.advance(Duration.ofMinutes(5));
    rig.dispatcher.dispatchOnce();
    rig.dispatcher.awaitIdle(Duration.ofSeconds(30));
    assertEquals(1, rig.progress(id).calling(), "the pacer queued the re-ring");

    rig.service.updateTask(
        new UpdateTask(
            id, "2026-06-01 08:00:00", "2026-06-01 20:00:00", 2, 30, 1, null, true, null, null));
    rig.runDueWork();
    assertEquals(1, telephone.callsTo(A).size(), "not before the new RingAgainInterval, 30");
    clock.advance(Duration.ofMinutes(25).minusSeconds(1));
    rig.runDueWork();
    assertEquals(1, telephone.callsTo(A).size());
    clock.advance(Duration.ofSeconds(1));
    rig.runDueWork();
    assertEquals(2, telephone.callsTo(A).size(), "30 minutes after the first call");
  }

  @Test
  void anUpdateDuringACallAppliesToItsOutcome() throws Exception {
    telephone.answer(A, CallResult.NO_ANSWER);
    String id =
        rig.createTask(
            create(phones(A), "2026-06-01 08:00:00", "2026-06-01 20:00:00", 1, 0, 5, null));
    telephone.hold(1);
    ExecutorService background = Executors.newSingleThreadExecutor();
    try {
      Future<?> running =
          background.submit(() -> rig.dispatcher.runUntilIdle(Duration.ofSeconds(60)));
      assertTrue(telephone.awaitInFlight());
      rig.service.updateTask(
          new UpdateTask(
              id, "2026-06-01 08:00:00", "2026-06-01 20:00:00", 2, 5, 1, null, true, null, null));
      telephone.release();
      running.get();
    } finally {
      background.shutdownNow();
    }
    assertEquals(1, rig.progress(id).calls(), "the call in flight counted once");
    assertEquals(1, rig.progress(id).waiting(), "RingAgainTimes 2 now: it waits for a re-ring");
    rig.runUntil(clock.instant().plus(Duration.ofMinutes(15)), Duration.ofMinutes(1));
    assertEquals(3, telephone.callsTo(A).size(), "the first call and the two re-rings, no more");
    assertEquals(3, rig.progress(id).calls());
    assertEquals(TaskState.FINISHED.code(), rig.state(id));
  }

  @Test
  void pauseResumeAndStop() throws Exception {
    telephone.answer(A, CallResult.BUSY);
    String id =
        rig.createTask(
            create(phones(A, B), "2026-06-01 08:00:00", "2026-06-01 20:00:00", 1, 3, 5, null));
    rig.service.pauseTask(new TaskAction(id, null, null));
    rig.runDueWork();
    assertEquals(0, telephone.arrivals().size(), "a paused task places no call");
    assertEquals(TaskState.PAUSED.code(), rig.state(id));
    ApiException paused =
        assertThrows(
            ApiException.class, () -> rig.service.pauseTask(new TaskAction(id, null, null)));
    assertEquals(VmsErrors.OPERATION_DENIED, paused.vendorCode());

    rig.service.resumeTask(new TaskAction(id, null, null));
    rig.runDueWork();
    assertEquals(2, telephone.arrivals().size());
    ApiException running =
        assertThrows(
            ApiException.class, () -> rig.service.resumeTask(new TaskAction(id, null, null)));
    assertEquals(VmsErrors.OPERATION_DENIED, running.vendorCode(), "resuming a running task");

    rig.service.stopTask(new TaskAction(id, null, null));
    clock.advance(Duration.ofMinutes(10));
    rig.runDueWork();
    assertEquals(
        2, telephone.arrivals().size(), "a stopped task places no call, not even re-rings");
    assertEquals(TaskState.STOPPED.code(), rig.state(id));
    assertThrows(
        IllegalTransitionException.class,
        () ->
            rig.service.updateTask(
                new UpdateTask(
                    id,
                    "2026-06-01 08:00:00",
                    "2026-06-01 20:00:00",
                    null,
                    null,
                    1,
                    null,
                    null,
                    null,
                    null)),
        "updating a stopped task");
    assertThrows(
        IllegalTransitionException.class,
        () -> rig.service.resumeTask(new TaskAction(id, null, null)));
  }

  @Test
  void aClientTokenMakesARetryTheFirstRequestAndDryRunChangesNothing() throws Exception {
    telephone.answer(A, CallResult.BUSY);
    telephone.answer(B, CallResult.BUSY);
    CreateTask request =
        withToken(
            create(phones(A, B), "2026-06-01 08:00:00", "2026-06-01 20:00:00", 2, 1, 5, null),
            "token-1");
    String first = rig.service.createTask(request).result().taskOpenId();
    String again = rig.service.createTask(request).result().taskOpenId();
    assertEquals(first, again, "the same token and parameters: the first answer");
    rig.runDueWork();
    assertEquals(2, telephone.arrivals().size(), "one task was created, not two");

    CreateTask other =
        withToken(
            create(phones(A), "2026-06-01 08:00:00", "2026-06-01 20:00:00", 2, null, null, null),
            "token-1");
    ApiException mismatch = assertThrows(ApiException.class, () -> rig.service.createTask(other));
    assertEquals(VmsErrors.IDEMPOTENT_PARAMETER_MISMATCH, mismatch.vendorCode());

    UpdateTask update =
        new UpdateTask(
            first,
            "2026-06-01 08:00:00",
            "2026-06-01 22:00:00",
            null,
            null,
            5,
            null,
            null,
            "update-1",
            true);
    ApiException dryRun = assertThrows(ApiException.class, () -> rig.service.updateTask(update));
    assertEquals(VmsErrors.DRY_RUN_OPERATION, dryRun.vendorCode(), dryRun.getMessage());
    assertEquals(2, rig.service.queryTaskInfo(new TaskQuery(first)).result().concurrency());

    ApiException dryPause =
        assertThrows(
            ApiException.class, () -> rig.service.pauseTask(new TaskAction(first, null, true)));
    assertEquals(VmsErrors.DRY_RUN_OPERATION, dryPause.vendorCode());
    assertEquals(TaskState.RUNNING.code(), rig.state(first));

    TaskAction stop = new TaskAction(first, "stop-1", null);
    rig.service.stopTask(stop);
    rig.service.stopTask(stop);
    assertEquals(TaskState.STOPPED.code(), rig.state(first), "a stop sent twice is one stop");

    ApiException dryCreate =
        assertThrows(
            ApiException.class,
            () ->
                rig.service.createTask(
                    CallTasksRig.createRequest(
                        "Name",
                        "dry",
                        "PhoneList",
                        phones(C),
                        "StartTime",
                        "2026-06-01 08:00:00",
                        "EndTime",
                        "2026-06-01 20:00:00",
                        "DryRun",
                        true)));
    assertEquals(VmsErrors.DRY_RUN_OPERATION, dryCreate.vendorCode());
    rig.runDueWork();
    assertTrue(telephone.callsTo(C).isEmpty(), "a dry run creates no task");
  }

  private static CreateTask withToken(CreateTask r, String token) {
    return new CreateTask(
        r.name(),
        r.phoneList(),
        r.resource(),
        r.type(),
        r.numberPoolNo(),
        r.numberList(),
        r.selectNumberType(),
        r.startTime(),
        r.endTime(),
        r.start(),
        r.maxRingDuration(),
        r.ringAgainTimes(),
        r.ringAgainInterval(),
        r.concurrency(),
        r.forbidTimeList(),
        r.unique(),
        r.finishWhenListEnd(),
        r.callRecordPostUrl(),
        token,
        r.dryRun());
  }

  @Test
  void theDoNotCallListIsCheckedRightBeforeEachDial() throws Exception {
    telephone.answer(B, CallResult.BUSY);
    String id =
        rig.createTask(
            create(phones(A, B), "2026-06-01 08:00:00", "2026-06-01 20:00:00", 2, 1, 5, null));
    rig.service.addDoNotCallNumbers(new DoNotCallNumbers(List.of("13800138001"), null, null));
    rig.runDueWork();
    assertTrue(telephone.callsTo(A).isEmpty(), "a number on the list is never dialled");
    assertEquals(1, telephone.callsTo(B).size());

    rig.service.addDoNotCallNumbers(new DoNotCallNumbers(List.of(B), null, null));
    clock.advance(Duration.ofMinutes(5));
    rig.runDueWork();
    assertEquals(
        1, telephone.callsTo(B).size(), "added after its first call: its re-ring is skipped");
    assertEquals(2, rig.progress(id).skipped());
    List<Integer> results =
        rig
            .service
            .queryCallRecordMsg(new QueryCallRecordMsg(id, 10, null))
            .result()
            .records()
            .stream()
            .map(CallRecord::callResult)
            .toList();
    assertEquals(2, results.stream().filter(r -> r == CallResult.DO_NOT_CALL.code()).count());

    rig.service.removeDoNotCallNumbers(new DoNotCallNumbers(List.of(A), null, null));
    String later =
        rig.createTask(
            create(phones(A), "2026-06-01 08:00:00", "2026-06-01 20:00:00", 1, null, null, null));
    rig.runDueWork();
    assertEquals(1, telephone.callsTo(A).size(), "removed from the list: called");
    assertEquals(1, rig.progress(later).answered());
    assertEquals(
        List.of(B),
        rig
            .service
            .listDoNotCallNumbers(new CallTaskRequests.ListDoNotCallNumbers(null, null))
            .result()
            .numbers()
            .stream()
            .map(CallTaskResponses.DoNotCallEntry::phone)
            .toList());
  }

  @Test
  void aTaskFinishesAtEndTimeAndWithoutFinishWhenListEndWaitsForMoreNumbers() throws Exception {
    CreateTask open =
        CallTasksRig.createRequest(
            "Name",
            "open",
            "PhoneList",
            phones(A),
            "StartTime",
            "2026-06-01 08:00:00",
            "EndTime",
            "2026-06-01 10:00:00",
            "FinishWhenListEnd",
            false,
            "CallRecordPostUrl",
            telephone.recordsUrl());
    String id = rig.createTask(open);
    rig.runDueWork();
    assertEquals(TaskState.RUNNING.code(), rig.state(id), "every number done, still running");

    clock.advance(Duration.ofMinutes(30));
    rig.service
        .batchAppend(new BatchAppend(id, phones(B, "not a number"), null, null))
        .result()
        .failList()
        .forEach(f -> assertEquals(1, f.index()));
    rig.runDueWork();
    assertEquals(1, telephone.callsTo(B).size(), "appended numbers are called");

    clock.set(Instant.parse("2026-06-01T02:00:01Z"));
    rig.runDueWork();
    TaskInfo info = rig.service.queryTaskInfo(new TaskQuery(id)).result();
    assertEquals(TaskState.FINISHED.code(), info.state());
    assertEquals("EndTime passed", info.finishReason());
    assertEquals(2, telephone.records().size(), "CallRecordPostUrl received each record");
    assertEquals(id, telephone.records().get(0).path("taskOpenId").asText());
    assertNotNull(telephone.records().get(0).get("callResult"));

    telephone.answer(C, CallResult.BUSY);
    String cut =
        rig.createTask(
            create(phones(C), "2026-06-01 08:00:00", "2026-06-01 11:00:00", 1, 5, 60, null));
    rig.runUntil(Instant.parse("2026-06-01T03:30:00Z"), Duration.ofMinutes(10));
    assertEquals(TaskState.FINISHED.code(), rig.state(cut));
    assertEquals(1, rig.progress(cut).waiting(), "re-rings left when EndTime passed");
    assertEquals(1, telephone.callsTo(C).size(), "one call before 10:00, the next due after 11:00");
  }

  @Test
  void aCallLeftByAServerThatDiedIsPlacedByAnother() throws Exception {
    String id =
        rig.createTask(
            create(phones(A), "2026-06-01 08:00:00", "2026-06-01 20:00:00", 1, null, null, null));
    rig.dispatcher.dispatchOnce();
    rig.dispatcher.awaitIdle(Duration.ofSeconds(30));
    assertEquals(1, rig.progress(id).calling(), "the pacer queued the number");
    Instant now = clock.instant();
    assertEquals(
        1,
        Claims.claimDue(rig.store, CallTaskStore.NUMBER_KIND, now, "dead", now.plusSeconds(30), 10)
            .size(),
        "a server claims the call and dies");

    rig.runDueWork();
    assertTrue(telephone.arrivals().isEmpty(), "never placed twice at once: its lease holds");
    clock.advance(Duration.ofSeconds(31));
    rig.runDueWork();
    assertEquals(1, telephone.callsTo(A).size(), "placed by another server once the lease ran out");
    assertEquals(1, rig.progress(id).answered());
  }

  @Test
  void aCallRecordIsPostedAgainUntilTheReceiverTakesIt() throws Exception {
    telephone.refuseRecords(2);
    rig.createTask(
        CallTasksRig.createRequest(
            "Name",
            "posted",
            "PhoneList",
            phones(A),
            "StartTime",
            "2026-06-01 08:00:00",
            "EndTime",
            "2026-06-01 20:00:00",
            "CallRecordPostUrl",
            telephone.recordsUrl()));
    rig.runDueWork();
    assertEquals(1, telephone.recordPosts());
    assertTrue(telephone.records().isEmpty(), "refused");
    clock.advance(Duration.ofMinutes(1));
    rig.runDueWork();
    assertEquals(2, telephone.recordPosts(), "tried again a minute later");
    clock.advance(Duration.ofMinutes(2).minusSeconds(1));
    rig.runDueWork();
    assertEquals(2, telephone.recordPosts(), "then two minutes later, not sooner");
    clock.advance(Duration.ofSeconds(1));
    rig.runDueWork();
    assertEquals(3, telephone.recordPosts());
    assertEquals(1, telephone.records().size());
    assertEquals(A, telephone.records().get(0).path("callee").asText());
    clock.advance(Duration.ofMinutes(10));
    rig.runDueWork();
    assertEquals(3, telephone.recordPosts(), "a record taken is not sent again");
  }

  @Test
  void quotas() {
    CallTasksRig small =
        CallTasksRig.webhook(
            new InMemoryStoreBackend(),
            clock,
            TestCallTaskConfig.defaults().withMaxRunningTasks(1),
            telephone);
    try {
      String first =
          small.createTask(
              create(phones(A), "2026-06-01 08:00:00", "2026-06-01 20:00:00", 1, null, null, null));
      ApiException running =
          assertThrows(
              ApiException.class,
              () ->
                  small.createTask(
                      create(
                          phones(B),
                          "2026-06-01 08:00:00",
                          "2026-06-01 20:00:00",
                          1,
                          null,
                          null,
                          null)));
      assertEquals(VmsErrors.QUOTA_EXCEEDED, running.vendorCode());
      CreateTask dry =
          CallTasksRig.createRequest(
              "Name",
              "dry",
              "PhoneList",
              phones(B),
              "StartTime",
              "2026-06-01 08:00:00",
              "EndTime",
              "2026-06-01 20:00:00",
              "DryRun",
              true);
      assertEquals(
          VmsErrors.QUOTA_EXCEEDED,
          assertThrows(ApiException.class, () -> small.createTask(dry)).vendorCode(),
          "a dry run meets the quota too");
      small.service.pauseTask(new TaskAction(first, null, null));
      String second =
          small.createTask(
              create(phones(B), "2026-06-01 08:00:00", "2026-06-01 20:00:00", 1, null, null, null));
      ApiException resume =
          assertThrows(
              ApiException.class,
              () -> small.service.resumeTask(new TaskAction(first, null, null)));
      assertEquals(VmsErrors.QUOTA_EXCEEDED, resume.vendorCode());
      assertEquals(
          VmsErrors.QUOTA_EXCEEDED,
          assertThrows(
                  ApiException.class,
                  () -> small.service.resumeTask(new TaskAction(first, null, true)))
              .vendorCode());
      assertEquals(TaskState.PAUSED.code(), small.state(first));
      small.service.stopTask(new TaskAction(second, null, null));
      small.service.resumeTask(new TaskAction(first, null, null));
      assertEquals(TaskState.RUNNING.code(), small.state(first));
    } finally {
      small.close();
    }
    ApiException concurrency =
        assertThrows(
            ApiException.class,
            () ->
                rig.createTask(
                    create(
                        phones(A),
                        "2026-06-01 08:00:00",
                        "2026-06-01 20:00:00",
                        101,
                        null,
                        null,
                        null)));
    assertEquals(VmsErrors.QUOTA_EXCEEDED, concurrency.vendorCode());
    assertTrue(concurrency.getMessage().startsWith("Concurrency has exceeded the quota"));
  }

  private static List<String> tenNumbers() {
    return java.util.stream.IntStream.range(10, 20).mapToObj(i -> "+86138001380" + i).toList();
  }
}
