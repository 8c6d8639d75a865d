package io.taskfn.calltask;

import static io.taskfn.calltask.CallTasksRig.create;
import static io.taskfn.calltask.CallTasksRig.createRequest;
import static io.taskfn.calltask.CallTasksRig.phones;
import static io.taskfn.calltask.CallTasksRig.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.taskfn.api.ApiException;
import io.taskfn.calltask.CallTaskRequests.BatchAppend;
import io.taskfn.calltask.CallTaskRequests.CreateTask;
import io.taskfn.calltask.CallTaskRequests.DoNotCallNumbers;
import io.taskfn.calltask.CallTaskRequests.ListDoNotCallNumbers;
import io.taskfn.calltask.CallTaskRequests.TaskAction;
import io.taskfn.calltask.CallTaskRequests.TaskQuery;
import io.taskfn.calltask.CallTaskResponses.DoNotCallEntry;
import io.taskfn.calltask.VmsMetadata.Answer;
import io.taskfn.support.MutableClock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every mutating action: {@code ClientToken} (the same token and parameters answer the first answer
 * and change nothing more; the same token with other parameters is IdempotentParameterMismatch),
 * {@code DryRun} (DryRunOperation, nothing changed), and which task states allow it
 * (OperationDenied otherwise).
 */
class MutatingActionsTest {

  private static final String A = "+8613800138001";
  private static final String B = "+8613800138002";
  private static final String C = "+8613800138003";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
  private final CallTasksRig rig = CallTasksRig.simulated(clock);

  @AfterEach
  void tearDown() {
    rig.close();
  }

  private String runningTask() {
    return rig.createTask(
        create(phones(A), "2026-06-02 08:00:00", "2026-06-02 20:00:00", 1, null, null, null));
  }

  private int concurrency(String id) {
    return rig.service.queryTaskInfo(new TaskQuery(id)).result().concurrency();
  }

  private static void assertCode(String code, Executable request) {
    ApiException e = assertThrows(ApiException.class, request);
    String rendered =
        new VmsErrorEnvelope(new VmsMetadata("cn-north-1"))
            .render("Any", e, "R1")
            .body()
            .toString();
    assertEquals(true, rendered.contains("Code=" + code), rendered);
  }

  /** The first answer, its RequestId included. */
  private static void assertSameAnswer(Answer<?> first, Answer<?> again) {
    assertEquals(first, again);
  }

  @Test
  void createTask() {
    CreateTask request = createRequest("PhoneList", phones(A), "ClientToken", "c-1");
    var first = rig.service.createTask(request);
    assertSameAnswer(first, rig.service.createTask(request));
    long next = Long.parseLong(runningTask());
    assertEquals(
        Long.parseLong(first.result().taskOpenId()) + 1, next, "the retry created no task");
    CreateTask other = createRequest("PhoneList", phones(B), "ClientToken", "c-1");
    assertCode("IdempotentParameterMismatch", () -> rig.service.createTask(other));
    CreateTask dry = createRequest("PhoneList", phones(B), "DryRun", true);
    assertCode("DryRunOperation", () -> rig.service.createTask(dry));
    assertEquals(next + 1, Long.parseLong(runningTask()), "the dry run created no task");
  }

  @Test
  void batchAppend() {
    String id = runningTask();
    BatchAppend request = new BatchAppend(id, phones(B), "b-1", null);
    var first = rig.service.batchAppend(request);
    assertSameAnswer(first, rig.service.batchAppend(request));
    assertEquals(2, rig.progress(id).total(), "B added once");
    assertCode(
        "IdempotentParameterMismatch",
        () -> rig.service.batchAppend(new BatchAppend(id, phones(C), "b-1", null)));
    assertCode(
        "DryRunOperation",
        () -> rig.service.batchAppend(new BatchAppend(id, phones(C), null, true)));
    assertEquals(2, rig.progress(id).total(), "the dry run added nothing");
  }

  @Test
  void updateTask() {
    String id = runningTask();
    var first = rig.service.updateTask(update(id, 3, null, "u-1", null));
    assertEquals(3, concurrency(id));
    rig.service.updateTask(update(id, 4, null, null, null));
    assertSameAnswer(first, rig.service.updateTask(update(id, 3, null, "u-1", null)));
    assertEquals(4, concurrency(id), "the retry changed nothing");
    assertCode(
        "IdempotentParameterMismatch",
        () -> rig.service.updateTask(update(id, 5, null, "u-1", null)));
    assertCode("DryRunOperation", () -> rig.service.updateTask(update(id, 5, null, null, true)));
    assertEquals(4, concurrency(id), "the dry run changed nothing");
  }

  @Test
  void pauseResumeAndStop() {
    String id = runningTask();
    String other = runningTask();
    assertCode("DryRunOperation", () -> rig.service.pauseTask(new TaskAction(id, null, true)));
    assertEquals(TaskState.RUNNING.code(), rig.state(id), "the dry run paused nothing");
    var paused = rig.service.pauseTask(new TaskAction(id, "p-1", null));
    assertSameAnswer(paused, rig.service.pauseTask(new TaskAction(id, "p-1", null)));
    assertCode(
        "IdempotentParameterMismatch",
        () -> rig.service.pauseTask(new TaskAction(other, "p-1", null)));
    assertEquals(TaskState.RUNNING.code(), rig.state(other));

    assertCode("DryRunOperation", () -> rig.service.resumeTask(new TaskAction(id, null, true)));
    assertEquals(TaskState.PAUSED.code(), rig.state(id), "the dry run resumed nothing");
    var resumed = rig.service.resumeTask(new TaskAction(id, "r-1", null));
    rig.service.pauseTask(new TaskAction(id, null, null));
    assertSameAnswer(resumed, rig.service.resumeTask(new TaskAction(id, "r-1", null)));
    assertEquals(TaskState.PAUSED.code(), rig.state(id), "the retry resumed nothing");
    assertCode(
        "IdempotentParameterMismatch",
        () -> rig.service.resumeTask(new TaskAction(other, "r-1", null)));

    assertCode("DryRunOperation", () -> rig.service.stopTask(new TaskAction(id, null, true)));
    assertEquals(TaskState.PAUSED.code(), rig.state(id), "the dry run stopped nothing");
    var stopped = rig.service.stopTask(new TaskAction(id, "s-1", null));
    assertSameAnswer(stopped, rig.service.stopTask(new TaskAction(id, "s-1", null)));
    assertEquals(TaskState.STOPPED.code(), rig.state(id));
    assertCode(
        "IdempotentParameterMismatch",
        () -> rig.service.stopTask(new TaskAction(other, "s-1", null)));
    assertEquals(TaskState.RUNNING.code(), rig.state(other));
  }

  @Test
  void theDoNotCallList() {
    var added = rig.service.addDoNotCallNumbers(new DoNotCallNumbers(List.of(A, B), "d-1", null));
    assertEquals(2, added.result().changed());
    rig.service.removeDoNotCallNumbers(new DoNotCallNumbers(List.of(B), null, null));
    assertSameAnswer(
        added, rig.service.addDoNotCallNumbers(new DoNotCallNumbers(List.of(A, B), "d-1", null)));
    assertEquals(List.of(A), listed(), "the retry added nothing");
    assertCode(
        "IdempotentParameterMismatch",
        () -> rig.service.addDoNotCallNumbers(new DoNotCallNumbers(List.of(C), "d-1", null)));
    assertCode(
        "DryRunOperation",
        () -> rig.service.addDoNotCallNumbers(new DoNotCallNumbers(List.of(C), null, true)));
    assertEquals(List.of(A), listed(), "the dry run added nothing");

    var removed = rig.service.removeDoNotCallNumbers(new DoNotCallNumbers(List.of(A), "d-2", null));
    assertEquals(1, removed.result().changed());
    rig.service.addDoNotCallNumbers(new DoNotCallNumbers(List.of(A), null, null));
    assertSameAnswer(
        removed, rig.service.removeDoNotCallNumbers(new DoNotCallNumbers(List.of(A), "d-2", null)));
    assertEquals(List.of(A), listed(), "the retry removed nothing");
    assertCode(
        "IdempotentParameterMismatch",
        () -> rig.service.removeDoNotCallNumbers(new DoNotCallNumbers(List.of(B), "d-2", null)));
    assertCode(
        "DryRunOperation",
        () -> rig.service.removeDoNotCallNumbers(new DoNotCallNumbers(List.of(A), null, true)));
    assertEquals(List.of(A), listed(), "the dry run removed nothing");
  }

  private List<String> listed() {
    return rig
        .service
        .listDoNotCallNumbers(new ListDoNotCallNumbers(null, null))
        .result()
        .numbers()
        .stream()
        .map(DoNotCallEntry::phone)
        .toList();
  }

  // The states each action is allowed in; in any other, OperationDenied (a dry run too).

  private static final Map<String, Set<TaskState>> ALLOWED =
      Map.of(
          "UpdateTask", Set.of(TaskState.NOT_STARTED, TaskState.RUNNING, TaskState.PAUSED),
          "BatchAppend", Set.of(TaskState.NOT_STARTED, TaskState.RUNNING, TaskState.PAUSED),
          "PauseTask", Set.of(TaskState.RUNNING),
          "ResumeTask", Set.of(TaskState.NOT_STARTED, TaskState.PAUSED),
          "StopTask", Set.of(TaskState.NOT_STARTED, TaskState.RUNNING, TaskState.PAUSED));

  private final Map<String, Function<String, Answer<?>>> actions =
      Map.of(
          "UpdateTask", id -> rig.service.updateTask(update(id, 2, null, null, null)),
          "BatchAppend", id -> rig.service.batchAppend(new BatchAppend(id, phones(B), null, null)),
          "PauseTask", id -> rig.service.pauseTask(new TaskAction(id, null, null)),
          "ResumeTask", id -> rig.service.resumeTask(new TaskAction(id, null, null)),
          "StopTask", id -> rig.service.stopTask(new TaskAction(id, null, null)));

  private final Map<String, Function<String, Answer<?>>> dryRuns =
      Map.of(
          "UpdateTask", id -> rig.service.updateTask(update(id, 2, null, null, true)),
          "BatchAppend", id -> rig.service.batchAppend(new BatchAppend(id, phones(B), null, true)),
          "PauseTask", id -> rig.service.pauseTask(new TaskAction(id, null, true)),
          "ResumeTask", id -> rig.service.resumeTask(new TaskAction(id, null, true)),
          "StopTask", id -> rig.service.stopTask(new TaskAction(id, null, true)));

  /** A new task in {@code state}. */
  private String taskIn(TaskState state) throws InterruptedException {
    CreateTask request =
        createRequest(
            "PhoneList",
            state == TaskState.FINISHED ? List.of() : phones(A),
            "Start",
            state != TaskState.NOT_STARTED);
    String id = rig.createTask(request);
    switch (state) {
      case PAUSED -> rig.service.pauseTask(new TaskAction(id, null, null));
      case STOPPED -> rig.service.stopTask(new TaskAction(id, null, null));
      case FINISHED -> {
        clock.set(Instant.parse("2026-06-02T01:00:00Z"));
        rig.runDueWork();
      }
      default -> {}
    }
    assertEquals(state.code(), rig.state(id));
    return id;
  }

  @Test
  void eachActionInEachState() throws InterruptedException {
    Map<TaskState, Integer> checked = new EnumMap<>(TaskState.class);
    for (TaskState state : TaskState.values()) {
      for (String action : ALLOWED.keySet()) {
        String where = action + " on a task " + state;
        boolean allowed = ALLOWED.get(action).contains(state);
        String dry = taskIn(state);
        assertCode(
            allowed ? "DryRunOperation" : "OperationDenied", () -> dryRuns.get(action).apply(dry));
        assertEquals(state.code(), rig.state(dry), where + ": a dry run changes nothing");
        String id = taskIn(state);
        if (allowed) {
          actions.get(action).apply(id);
        } else {
          long numbers = rig.progress(id).total();
          assertCode("OperationDenied", () -> actions.get(action).apply(id));
          assertEquals(state.code(), rig.state(id), where + " was denied and changed nothing");
          assertEquals(numbers, rig.progress(id).total(), where + " added no number");
        }
        checked.merge(state, 1, Integer::sum);
      }
    }
    assertEquals(5, checked.size());
    assertNotEquals(0, checked.get(TaskState.FINISHED));
  }
}
