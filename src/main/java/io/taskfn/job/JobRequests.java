package io.taskfn.job;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Request bodies of the jobs functions, with SchedulerX's parameter names. */
public final class JobRequests {
  private JobRequests() {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record CreateNamespace(String name, String uid, String description, String regionId) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record CreateAppGroup(
      String namespace,
      String groupId,
      String appName,
      String description,
      Integer maxJobs,
      String appKey,
      String namespaceName,
      String namespaceSource,
      String regionId) {}

  /** CreateJob and UpdateJob: UpdateJob names the job and changes only what it gives. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record JobSpec(
      Long jobId,
      String namespace,
      String groupId,
      String namespaceSource,
      String regionId,
      String name,
      String description,
      String jobType,
      String executeMode,
      String className,
      String content,
      String xAttrs,
      Integer timeType,
      String timeExpression,
      String timezone,
      String calendar,
      Integer dataOffset,
      String parameters,
      Integer maxConcurrency,
      Integer maxAttempt,
      Integer attemptInterval,
      Integer timeout,
      Boolean timeoutEnable,
      Boolean timeoutKillEnable,
      Integer status) {}

  /** GetJobInfo, DeleteJob, EnableJob, DisableJob. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record JobRef(
      Long jobId,
      String jobName,
      String namespace,
      String groupId,
      String namespaceSource,
      String regionId) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ListJobs(
      String namespace,
      String groupId,
      String jobName,
      String status,
      String namespaceSource,
      String regionId) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ExecuteJob(
      Long jobId,
      String groupId,
      String namespace,
      String regionId,
      String namespaceSource,
      String instanceParameters,
      Boolean checkJobStatus,
      Integer designateType,
      String worker,
      String label) {}

  /**
   * GetJobInstance and RetryJobInstance ({@code JobInstanceId}), StopInstance ({@code InstanceId}).
   */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record InstanceRef(
      Long jobId,
      Long jobInstanceId,
      Long instanceId,
      String namespace,
      String groupId,
      String namespaceSource,
      String regionId) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record GetJobInstanceList(
      Long jobId,
      String namespace,
      String groupId,
      Integer status,
      Long startTimestamp,
      Long endTimestamp,
      Integer pageNum,
      Integer pageSize,
      String namespaceSource,
      String regionId) {}
}
