package io.taskfn.calltask;

import static io.taskfn.calltask.CallTasksRig.createRequest;
import static io.taskfn.calltask.CallTasksRig.phones;
import static io.taskfn.calltask.CallTasksRig.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.taskfn.api.ApiException;
import io.taskfn.calltask.CallTaskRequests.BatchAppend;
import io.taskfn.calltask.CallTaskRequests.PhoneItem;
import io.taskfn.calltask.CallTaskResponses.FailItem;
import io.taskfn.support.MutableClock;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** CreateTask's, BatchAppend's and UpdateTask's checks that the other tests do not reach. */
class CallTaskInputsTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
  private final CallTasksRig rig = CallTasksRig.simulated(clock);

  @AfterEach
  void tearDown() {
    rig.close();
  }

  private static void rejected(String code, String parameter, Executable request) {
    ApiException e = assertThrows(ApiException.class, request);
    assertEquals(code, e.vendorCode(), e.getMessage());
    assertEquals(parameter, e.target(), e.getMessage());
  }

  @Test
  void typeCallerNumbersAndRing() {
    rejected("InvalidParameter", "Type", () -> rig.service.createTask(createRequest("Type", 2)));
    rejected(
        "MissingParameter",
        "NumberList",
        () -> rig.service.createTask(createRequest("SelectNumberType", 1)));
    rejected(
        "InvalidParameter",
        "NumberList[1]",
        () ->
            rig.service.createTask(
                createRequest("SelectNumberType", 1, "NumberList", List.of("13900139000", "123"))));
    rejected(
        "InvalidParameter",
        "MaxRingDuration",
        () -> rig.service.createTask(createRequest("MaxRingDuration", 0)));
    rejected(
        "InvalidParameter",
        "CallRecordPostUrl",
        () ->
            rig.service.createTask(
                createRequest("CallRecordPostUrl", "ftp://example.com/records")));
  }

  @Test
  void atMostTenThousandNumbersACall() {
    List<PhoneItem> tooMany =
        Collections.nCopies(
            CallTaskService.MAX_PHONES + 1, new PhoneItem("13800138000", null, null));
    rejected(
        "InvalidParameter",
        "PhoneList",
        () -> rig.service.createTask(createRequest("PhoneList", tooMany)));
    String id = rig.createTask(createRequest());
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
            createRequest(
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

    String repeats =
        rig.createTask(createRequest("PhoneList", phones("13800138000", "+8613800138000")));
    assertEquals(2, rig.progress(repeats).total(), "without Unique a number may come twice");
  }

  @Test
  void updateTaskConcurrencyWithinTheQuota() {
    String id = rig.createTask(createRequest());
    rejected(
        "QuotaExceeded",
        "Concurrency",
        () -> rig.service.updateTask(update(id, 101, null, null, null)));
    rejected(
        "InvalidParameter",
        "Concurrency",
        () -> rig.service.updateTask(update(id, 0, null, null, null)));
    rejected(
        "InvalidParameter",
        "ForbidTimeList[0].Weekdays",
        () ->
            rig.service.updateTask(
                update(
                    id,
                    1,
                    List.of(new ForbidTimes.Item(List.of(8), List.of("10:00-11:00"))),
                    null,
                    null)));
  }
}
