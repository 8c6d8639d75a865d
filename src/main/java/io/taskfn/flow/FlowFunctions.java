package io.taskfn.flow;

import io.quarkus.funqy.Funq;
import io.taskfn.api.EmptyBodyAsEmptyRequest;
import io.taskfn.flow.FlowRequests.DescribeExecution;
import io.taskfn.flow.FlowRequests.FlowRef;
import io.taskfn.flow.FlowRequests.FlowSpec;
import io.taskfn.flow.FlowRequests.GetExecutionHistory;
import io.taskfn.flow.FlowRequests.ListExecutions;
import io.taskfn.flow.FlowRequests.ListFlows;
import io.taskfn.flow.FlowRequests.ReportTaskFailed;
import io.taskfn.flow.FlowRequests.ReportTaskSucceeded;
import io.taskfn.flow.FlowRequests.StartExecution;
import io.taskfn.flow.FlowRequests.StopExecution;
import io.taskfn.flow.FlowResponses.Done;
import io.taskfn.flow.FlowResponses.ExecutionInfo;
import io.taskfn.flow.FlowResponses.ExecutionList;
import io.taskfn.flow.FlowResponses.FlowInfo;
import io.taskfn.flow.FlowResponses.FlowList;
import io.taskfn.flow.FlowResponses.History;
import io.taskfn.flow.FlowResponses.TaskReported;
import jakarta.inject.Inject;

/** The Serverless Workflow (fnf 2019-03-15) actions, one function each. */
@EmptyBodyAsEmptyRequest
public class FlowFunctions {

  @Inject FlowService flows;

  @Funq("CreateFlow")
  public FlowInfo createFlow(FlowSpec request) {
    return flows.createFlow(request);
  }

  @Funq("DescribeFlow")
  public FlowInfo describeFlow(FlowRef request) {
    return flows.describeFlow(request);
  }

  @Funq("UpdateFlow")
  public FlowInfo updateFlow(FlowSpec request) {
    return flows.updateFlow(request);
  }

  @Funq("DeleteFlow")
  public Done deleteFlow(FlowRef request) {
    return flows.deleteFlow(request);
  }

  @Funq("ListFlows")
  public FlowList listFlows(ListFlows request) {
    return flows.listFlows(request);
  }

  @Funq("StartSyncExecution")
  public ExecutionInfo startSyncExecution(StartExecution request) throws InterruptedException {
    return flows.startSyncExecution(request);
  }

  @Funq("StartExecution")
  public ExecutionInfo startExecution(StartExecution request) {
    return flows.startExecution(request);
  }

  @Funq("DescribeExecution")
  public ExecutionInfo describeExecution(DescribeExecution request) throws InterruptedException {
    return flows.describeExecution(request);
  }

  @Funq("ListExecutions")
  public ExecutionList listExecutions(ListExecutions request) {
    return flows.listExecutions(request);
  }

  @Funq("StopExecution")
  public ExecutionInfo stopExecution(StopExecution request) {
    return flows.stopExecution(request);
  }

  @Funq("GetExecutionHistory")
  public History getExecutionHistory(GetExecutionHistory request) {
    return flows.getExecutionHistory(request);
  }

  @Funq("ReportTaskSucceeded")
  public TaskReported reportTaskSucceeded(ReportTaskSucceeded request) {
    return flows.reportTaskSucceeded(request);
  }

  @Funq("ReportTaskFailed")
  public TaskReported reportTaskFailed(ReportTaskFailed request) {
    return flows.reportTaskFailed(request);
  }
}
