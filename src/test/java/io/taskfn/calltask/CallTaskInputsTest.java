package io.taskfn.calltask;

import static io.taskfn.calltask.CallTasksRig.phones;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.taskfn.api.ApiException;
import io.taskfn.calltask.CallTaskRequests.BatchAppend;
import io.taskfn.calltask.CallTaskRequests.CreateTask;
import io.taskfn.calltask.CallTaskRequests.PhoneItem;
import io.taskfn.calltask.CallTaskRequests.UpdateTask;
import io.taskfn.calltask.CallTaskResponses.FailItem;
import io.taskfn.store.InMemoryStoreBackend;
import io.taskfn.support.MutableClock;
import io.taskfn.support.RequestOf;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** CreateTask's, BatchAppend's and UpdateTask's checks that the other tests do not reach. */
class CallTaskInputsTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
  private final CallTasksRig rig =
      new CallTasksRig(
          new InMemoryStoreBackend(),
          clock,
          TestCallTaskConfig.defaults(),
          new SimulatedDialer(clock));

  @AfterEach
  void tearDown() {
    rig.close();
  }

  private static void rejected(String code, String parameter, Executable request) {
    ApiException e = assertThrows(ApiException.class, request);
    assertEquals(code, e.vendorCode(), e.getMessage());
    assertEquals(parameter, e.target(), e.getMessage());
  }

  private static CreateTask request(Object... more) {
    Object[] base = {
      "Name", "n",
      "PhoneList", phones("13800138000"),
      "Resource", "r",
      "NumberPoolNo", "NP1",
      "StartTime", "2026-06-02 08:00:00",
      "EndTime", "2026-06-02 20:00:00",
      "Concurrency", 1
    };
    Object[] all = new Object[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return RequestOf.of(CreateTask.class, all);
  }

  @Test
  void typeCallerNumbersAndRing() {
    rejected("InvalidParameter", "Type", () -> rig.service.createTask(request("Type", 2)));
    rejected(
        "MissingParameter",
        "NumberList",
        () -> rig.service.createTask(request("SelectNumberType", 1)));
    rejected(
        "InvalidParameter",
        "NumberList[1]",
        () ->
            rig.service.createTask(
                request("SelectNumberType", 1, "NumberList", List.of("13900139000", "123"))));
    rejected(
        "InvalidParameter",
        "MaxRingDuration",
        () -> rig.service.createTask(request("MaxRingDuration", 0)));
    rejected(
        "InvalidParameter",
        "CallRecordPostUrl",
        () -> rig.service.createTask(request("CallRecordPostUrl", "ftp://example.com/records")));
  }

  @Test
  void atMostTenThousandNumbersACall() {
    List<PhoneItem> tooMany =
        Collections.nCopies(
            CallTaskService.MAX_PHONES + 1, new PhoneItem("13800138000", null, null));
    rejected(
        "InvalidParameter",
        "PhoneList",
        () -> rig.service.createTask(request("PhoneList", tooMany)));
    String id = rig.createTask(request());
    rejected(
        "InvalidParameter",
        "PhoneList",
        () -> rig.service.batchAppend(new BatchAppend(id, tooMany, null, null)));
    assertEquals(1, rig.progress(id).total());
  }

  @Test
  void numbersAreNormalisedSoUniqueKnowsOneNumberWrittenTwoWays() {
    var created =
        rig.service.createTask(
            request(
                "Unique",
                true,
                "PhoneList",
                phones("13800138000", "+86 138 0013 8000", "(0)10 1234 5678", "12")));
    String id = created.result().taskOpenId();
    assertEquals(List.of(1, 3), created.result().failList().stream().map(FailItem::index).toList());
    assertEquals(2, rig.progress(id).total(), "the mobile number once, the landline");
    var appended =
        rig.service.batchAppend(new BatchAppend(id, phones("008613800138000"), null, null));
    assertEquals(1, appended.result().failList().size(), "already in the task");

    String repeats = rig.createTask(request("PhoneList", phones("13800138000", "+8613800138000")));
    assertEquals(2, rig.progress(repeats).total(), "without Unique a number may come twice");
  }

  @Test
  void updateTaskConcurrencyWithinTheQuota() {
    String id = rig.createTask(request());
    rejected(
        "QuotaExceeded",
        "Concurrency",
        () ->
            rig.service.updateTask(
                new UpdateTask(
                    id,
                    "2026-06-02 08:00:00",
                    "2026-06-02 20:00:00",
                    null,
                    null,
                    101,
                    null,
                    null,
                    null,
                    null)));
    rejected(
        "InvalidParameter",
        "Concurrency",
        () ->
            rig.service.updateTask(
                new UpdateTask(
                    id,
                    "2026-06-02 08:00:00",
                    "2026-06-02 20:00:00",
                    null,
                    null,
                    0,
                    null,
                    null,
                    null,
                    null)));
    rejected(
        "InvalidParameter",
        "ForbidTimeList[0].Weekdays",
        () ->
            rig.service.updateTask(
                new UpdateTask(
                    id,
                    "2026-06-02 08:00:00",
                    "2026-06-02 20:00:00",
                    null,
                    null,
                    1,
                    List.of(new ForbidTimes.Item(List.of(8), List.of("10:00-11:00"))),
                    null,
                    null,
                    null)));
  }
}
