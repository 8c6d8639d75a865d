package io.taskfn.flow;

import io.quarkus.funqy.Funq;
import io.taskfn.api.EmptyRequests;
import io.taskfn.flow.FlowRequests.ExecutionRef;
import io.taskfn.flow.FlowRequests.FlowRef;
import io.taskfn.flow.FlowRequests.FlowSpec;
import io.taskfn.flow.FlowRequests.ListExecutions;
import io.taskfn.flow.FlowRequests.ListFlows;
import io.taskfn.flow.FlowRequests.StartExecution;
import io.taskfn.flow.FlowResponses.Done;
import io.taskfn.flow.FlowResponses.ExecutionInfo;
import io.taskfn.flow.FlowResponses.ExecutionList;
import io.taskfn.flow.FlowResponses.FlowInfo;
import io.taskfn.flow.FlowResponses.FlowList;
import io.taskfn.flow.FlowResponses.History;
import jakarta.inject.Inject;

/** The Serverless Workflow (fnf 2019-03-15) actions, one function each. */
public class FlowFunctions {

  @Inject FlowService flows;

  @Funq("CreateFlow")
  public FlowInfo createFlow(FlowSpec request) {
    return flows.createFlow(orEmpty(request, FlowSpec.class));
  }

  @Funq("DescribeFlow")
  public FlowInfo describeFlow(FlowRef request) {
    return flows.describeFlow(orEmpty(request, FlowRef.class));
  }

  @Funq("UpdateFlow")
  public FlowInfo updateFlow(FlowSpec request) {
    return flows.updateFlow(orEmpty(request, FlowSpec.class));
  }

  @Funq("DeleteFlow")
  public Done deleteFlow(FlowRef request) {
    return flows.deleteFlow(orEmpty(request, FlowRef.class));
  }

  @Funq("ListFlows")
  public FlowList listFlows(ListFlows request) {
    return flows.listFlows(orEmpty(request, ListFlows.class));
  }

  @Funq("StartSyncExecution")
  public ExecutionInfo startSyncExecution(StartExecution request) throws InterruptedException {
    return flows.startSyncExecution(orEmpty(request, StartExecution.class));
  }

  @Funq("StartExecution")
  public ExecutionInfo startExecution(StartExecution request) {
    return flows.startExecution(orEmpty(request, StartExecution.class));
  }

  @Funq("DescribeExecution")
  public ExecutionInfo describeExecution(ExecutionRef request) {
    return flows.describeExecution(orEmpty(request, ExecutionRef.class));
  }

  @Funq("ListExecutions")
  public ExecutionList listExecutions(ListExecutions request) {
    return flows.listExecutions(orEmpty(request, ListExecutions.class));
  }

  @Funq("StopExecution")
  public ExecutionInfo stopExecution(ExecutionRef request) {
    return flows.stopExecution(orEmpty(request, ExecutionRef.class));
  }

  @Funq("GetExecutionHistory")
  public History getExecutionHistory(ExecutionRef request) {
    return flows.getExecutionHistory(orEmpty(request, ExecutionRef.class));
  }

  private static <T> T orEmpty(T request, Class<T> type) {
    return request != null ? request : EmptyRequests.of(type);
  }
}
