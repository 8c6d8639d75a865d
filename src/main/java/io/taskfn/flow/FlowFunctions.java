package io.taskfn.flow;

import io.quarkus.funqy.Funq;
import io.taskfn.api.EmptyBodyAsEmptyRequest;
import io.taskfn.flow.FlowRequests.DescribeExecution;
import io.taskfn.flow.FlowRequests.FlowRef;
import io.taskfn.flow.FlowRequests.FlowSpec;
import io.taskfn.flow.FlowRequests.GetExecutionHistory;
import io.taskfn.flow.FlowRequests.ListExecutions;
import io.taskfn.flow.FlowRequests.ListFlows;
import io.taskfn.flow.FlowRequests.ListSchedules;
import io.taskfn.flow.FlowRequests.ReportTaskFailed;
import io.taskfn.flow.FlowRequests.ReportTaskSucceeded;
import io.taskfn.flow.FlowRequests.ScheduleRef;
import io.taskfn.flow.FlowRequests.ScheduleSpec;
import io.taskfn.flow.FlowRequests.StartExecution;
import io.taskfn.flow.FlowRequests.StopExecution;
import io.taskfn.flow.FlowResponses.Done;
import io.taskfn.flow.FlowResponses.ExecutionInfo;
import io.taskfn.flow.FlowResponses.ExecutionList;
import io.taskfn.flow.FlowResponses.FlowInfo;
import io.taskfn.flow.FlowResponses.FlowList;
import io.taskfn.flow.FlowResponses.History;
import io.taskfn.flow.FlowResponses.ScheduleInfo;
import io.taskfn.flow.FlowResponses.ScheduleList;
import io.taskfn.flow.FlowResponses.TaskReported;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** The Serverless Workflow (fnf 2019-03-15) actions, one function each. */
@Singleton
@EmptyBodyAsEmptyRequest
public class FlowFunctions {

  @Inject FlowService flows;
  @Inject FlowScheduleService schedules;

  @Funq("CreateFlow")
  public FlowInfo createFlow(FlowSpec request) {
    return FlowService.answering(request.requestId(), () -> flows.createFlow(request));
  }

  @Funq("DescribeFlow")
  public FlowInfo describeFlow(FlowRef request) {
    return FlowService.answering(request.requestId(), () -> flows.describeFlow(request));
  }

  @Funq("UpdateFlow")
  public FlowInfo updateFlow(FlowSpec request) {
    return FlowService.answering(request.requestId(), () -> flows.updateFlow(request));
  }

  @Funq("DeleteFlow")
  public Done deleteFlow(FlowRef request) {
    return FlowService.answering(request.requestId(), () -> flows.deleteFlow(request));
  }

  @Funq("ListFlows")
  public FlowList listFlows(ListFlows request) {
    return FlowService.answering(request.requestId(), () -> flows.listFlows(request));
  }

  @Funq("StartSyncExecution")
  public ExecutionInfo startSyncExecution(StartExecution request) throws InterruptedException {
    return FlowService.answeringInterruptibly(
        request.requestId(), () -> flows.startSyncExecution(request));
  }

  @Funq("StartExecution")
  public ExecutionInfo startExecution(StartExecution request) {
    return FlowService.answering(request.requestId(), () -> flows.startExecution(request));
  }

  @Funq("DescribeExecution")
  public ExecutionInfo describeExecution(DescribeExecution request) throws InterruptedException {
    return FlowService.answeringInterruptibly(
        request.requestId(), () -> flows.describeExecution(request));
  }

  @Funq("ListExecutions")
  public ExecutionList listExecutions(ListExecutions request) {
    return FlowService.answering(request.requestId(), () -> flows.listExecutions(request));
  }

  @Funq("StopExecution")
  public ExecutionInfo stopExecution(StopExecution request) {
    return FlowService.answering(request.requestId(), () -> flows.stopExecution(request));
  }

  @Funq("GetExecutionHistory")
  public History getExecutionHistory(GetExecutionHistory request) {
    return FlowService.answering(request.requestId(), () -> flows.getExecutionHistory(request));
  }

  @Funq("ReportTaskSucceeded")
  public TaskReported reportTaskSucceeded(ReportTaskSucceeded request) {
    return FlowService.answering(request.requestId(), () -> flows.reportTaskSucceeded(request));
  }

  @Funq("ReportTaskFailed")
  public TaskReported reportTaskFailed(ReportTaskFailed request) {
    return FlowService.answering(request.requestId(), () -> flows.reportTaskFailed(request));
  }

  @Funq("CreateSchedule")
  public ScheduleInfo createSchedule(ScheduleSpec request) {
    return FlowService.answering(request.requestId(), () -> schedules.createSchedule(request));
  }

  @Funq("DescribeSchedule")
  public ScheduleInfo describeSchedule(ScheduleRef request) {
    return FlowService.answering(request.requestId(), () -> schedules.describeSchedule(request));
  }

  @Funq("ListSchedules")
  public ScheduleList listSchedules(ListSchedules request) {
    return FlowService.answering(request.requestId(), () -> schedules.listSchedules(request));
  }

  @Funq("UpdateSchedule")
  public ScheduleInfo updateSchedule(ScheduleSpec request) {
    return FlowService.answering(request.requestId(), () -> schedules.updateSchedule(request));
  }

  @Funq("DeleteSchedule")
  public Done deleteSchedule(ScheduleRef request) {
    return FlowService.answering(request.requestId(), () -> schedules.deleteSchedule(request));
  }
}
