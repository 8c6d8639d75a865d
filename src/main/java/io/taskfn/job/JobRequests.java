package io.taskfn.job;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

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
      String regionId,
      Integer appType,
      Integer appVersion,
      Boolean enableLog,
      Boolean scheduleBusyWorkers,
      String monitorConfigJson,
      String monitorContactsJson,
      String notificationPolicyName) {}

  /** GetAppGroup. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record GroupRef(String namespace, String groupId, String regionId) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record UpdateAppGroup(
      String namespace,
      String groupId,
      String regionId,
      String description,
      Integer appVersion,
      Boolean enableLog,
      Integer maxConcurrency,
      String monitorConfigJson,
      String monitorContactsJson,
      String notificationPolicyName) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record DeleteAppGroup(
      String namespace, String groupId, String regionId, Boolean deleteJobs) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ListNamespaces(String regionId, String namespace, String namespaceName) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ListGroups(
      String namespace, String namespaceSource, String regionId, String appGroupName) {}

  /** BatchDeleteJobs, BatchEnableJobs, BatchDisableJobs. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record JobBatch(
      String namespace,
      String groupId,
      String namespaceSource,
      String regionId,
      List<Long> jobIdList) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record RerunJob(
      Long jobId,
      String namespace,
      String groupId,
      String namespaceSource,
      String regionId,
      String dataTime,
      Long startDate,
      Long endDate) {}

  /**
   * CreateJob and UpdateJob: UpdateJob names the job and changes only what it gives. Every vendor
   * parameter is here, so that the ones taskfn does not act on are rejected rather than dropped.
   */
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
      Long timeout,
      Boolean timeoutEnable,
      Boolean timeoutKillEnable,
      Long startTime,
      Integer status,
      Integer priority,
      Boolean failEnable,
      Integer failTimes,
      Boolean missWorkerEnable,
      Boolean successNoticeEnable,
      String sendChannel,
      List<Object> contactInfo,
      Integer consumerSize,
      Integer dispatcherSize,
      Integer pageSize,
      Integer queueSize,
      Integer taskAttemptInterval,
      Integer taskMaxAttempt,
      String taskDispatchMode,
      String template) {}

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
      Integer pageNum,
      Integer pageSize,
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
   * GetJobInstance, RetryJobInstance and SetJobInstanceSuccess ({@code JobInstanceId}),
   * StopInstance ({@code InstanceId}).
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
