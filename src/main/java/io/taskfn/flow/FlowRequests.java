package io.taskfn.flow;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Request bodies of the flows functions, with the vendor's parameter names. */
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
      String roleArn) {}

  /** DescribeFlow and DeleteFlow. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record FlowRef(String name) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ListFlows(Integer limit, String nextToken) {}

  /** StartSyncExecution and StartExecution. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record StartExecution(String flowName, String executionName, String input) {}

  /** DescribeExecution, StopExecution and GetExecutionHistory. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ExecutionRef(
      String flowName,
      String executionName,
      String error,
      String cause,
      Integer limit,
      String nextToken) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ListExecutions(
      String flowName,
      Integer limit,
      String nextToken,
      String status,
      String executionNamePrefix) {}
}
