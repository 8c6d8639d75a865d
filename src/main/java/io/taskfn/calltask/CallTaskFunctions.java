package io.taskfn.calltask;

import io.quarkus.funqy.Funq;
import io.taskfn.api.ApiException;
import io.taskfn.api.EmptyBodyAsEmptyRequest;
import io.taskfn.calltask.CallTaskRequests.BatchAppend;
import io.taskfn.calltask.CallTaskRequests.CreateTask;
import io.taskfn.calltask.CallTaskRequests.DoNotCallNumbers;
import io.taskfn.calltask.CallTaskRequests.ListDoNotCallNumbers;
import io.taskfn.calltask.CallTaskRequests.QueryCallRecordMsg;
import io.taskfn.calltask.CallTaskRequests.TaskAction;
import io.taskfn.calltask.CallTaskRequests.TaskQuery;
import io.taskfn.calltask.CallTaskRequests.UpdateTask;
import io.taskfn.calltask.CallTaskResponses.CallRecords;
import io.taskfn.calltask.CallTaskResponses.DoNotCallChange;
import io.taskfn.calltask.CallTaskResponses.DoNotCallList;
import io.taskfn.calltask.CallTaskResponses.TaskInfo;
import io.taskfn.calltask.CallTaskResponses.TaskNumbers;
import io.taskfn.calltask.VmsMetadata.Answer;
import io.taskfn.store.StoreException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The vms 2022-01-01 outbound call task actions, one function each, named as the vendor names them;
 * {@code QueryTaskInfo} and the do-not-call list actions are taskfn's own, in its style. Failures
 * of the store answer {@code ServiceUnavailable} (a retry may well succeed), any other failure
 * {@code InternalError}, as the vendor's table has them.
 */
@Singleton
@EmptyBodyAsEmptyRequest
public class CallTaskFunctions {

  private static final Logger LOG = Logger.getLogger(CallTaskFunctions.class);

  @Inject CallTaskService calls;

  @Funq("CreateTask")
  public Answer<TaskNumbers> createTask(CreateTask request) {
    return run("CreateTask", () -> calls.createTask(request));
  }

  @Funq("BatchAppend")
  public Answer<TaskNumbers> batchAppend(BatchAppend request) {
    return run("BatchAppend", () -> calls.batchAppend(request));
  }

  @Funq("UpdateTask")
  public Answer<Void> updateTask(UpdateTask request) {
    return run("UpdateTask", () -> calls.updateTask(request));
  }

  @Funq("PauseTask")
  public Answer<Void> pauseTask(TaskAction request) {
    return run("PauseTask", () -> calls.pauseTask(request));
  }

  @Funq("ResumeTask")
  public Answer<Void> resumeTask(TaskAction request) {
    return run("ResumeTask", () -> calls.resumeTask(request));
  }

  @Funq("StopTask")
  public Answer<Void> stopTask(TaskAction request) {
    return run("StopTask", () -> calls.stopTask(request));
  }

  @Funq("QueryTaskInfo")
  public Answer<TaskInfo> queryTaskInfo(TaskQuery request) {
    return run("QueryTaskInfo", () -> calls.queryTaskInfo(request));
  }

  @Funq("QueryCallRecordMsg")
  public Answer<CallRecords> queryCallRecordMsg(QueryCallRecordMsg request) {
    return run("QueryCallRecordMsg", () -> calls.queryCallRecordMsg(request));
  }

  @Funq("AddDoNotCallNumbers")
  public Answer<DoNotCallChange> addDoNotCallNumbers(DoNotCallNumbers request) {
    return run("AddDoNotCallNumbers", () -> calls.addDoNotCallNumbers(request));
  }

  @Funq("RemoveDoNotCallNumbers")
  public Answer<DoNotCallChange> removeDoNotCallNumbers(DoNotCallNumbers request) {
    return run("RemoveDoNotCallNumbers", () -> calls.removeDoNotCallNumbers(request));
  }

  @Funq("ListDoNotCallNumbers")
  public Answer<DoNotCallList> listDoNotCallNumbers(ListDoNotCallNumbers request) {
    return run("ListDoNotCallNumbers", () -> calls.listDoNotCallNumbers(request));
  }

  static <R> R run(String action, Supplier<R> work) {
    try {
      return work.get();
    } catch (ApiException rejected) {
      throw rejected;
    } catch (StoreException e) {
      LOG.errorf(e, "%s: the store failed", action);
      throw VmsErrors.unavailable();
    } catch (RuntimeException e) {
      LOG.errorf(e, "%s failed", action);
      throw VmsErrors.internal();
    }
  }
}
