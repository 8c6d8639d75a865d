package io.taskfn.flow;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Request bodies of the flows functions, with the vendor's parameter names: each holds every
 * parameter of the action in CloudFlow's Java SDK (aliyun-java-sdk-fnf 1.8.0), plus {@code
 * ExecutionMode}, so that none is dropped unseen. {@code RequestId}, which the vendor lets a client
 * choose, is the answer's {@code RequestId} when given.
 */
public final class FlowRequests {
  private FlowRequests() {}

  /** CreateFlow and UpdateFlow. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record FlowSpec(
      String name,
      String definition,
      String description,
      String executionMode,
      String type,
      String roleArn,
      String externalStorageLocation,
      String requestId) {}

  /** DescribeFlow and DeleteFlow. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record FlowRef(String name, String requestId) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ListFlows(Integer limit, String nextToken, String requestId) {}

  /** StartSyncExecution and StartExecution. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record StartExecution(
      String flowName,
      String executionName,
      String input,
      String callbackFnFTaskToken,
      String requestId) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record DescribeExecution(
      String flowName, String executionName, Integer waitTimeSeconds, String requestId) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record StopExecution(
      String flowName, String executionName, String error, String cause, String requestId) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record GetExecutionHistory(
      String flowName, String executionName, Integer limit, String nextToken, String requestId) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ListExecutions(
      String flowName,
      Integer limit,
      String nextToken,
      String status,
      String executionNamePrefix,
      String startedTimeBegin,
      String startedTimeEnd,
      String requestId) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ReportTaskSucceeded(String taskToken, String output, String requestId) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ReportTaskFailed(String taskToken, String error, String cause, String requestId) {}

  /** CreateSchedule and UpdateSchedule. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ScheduleSpec(
      String flowName,
      String scheduleName,
      String cronExpression,
      String payload,
      Boolean enable,
      String description,
      String requestId) {}

  /** DescribeSchedule and DeleteSchedule. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ScheduleRef(String flowName, String scheduleName, String requestId) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ListSchedules(String flowName, Integer limit, String nextToken, String requestId) {}
}
