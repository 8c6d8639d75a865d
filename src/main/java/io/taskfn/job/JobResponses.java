package io.taskfn.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.taskfn.api.RequestIds;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Response bodies of the jobs functions, in SchedulerX's shape. */
public final class JobResponses {
  private JobResponses() {}

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  static String time(Instant instant) {
    return instant == null ? null : TIME.format(instant);
  }

  /** The SchedulerX envelope of every successful answer. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record Envelope<T>(int code, boolean success, String requestId, String message, T data) {
    public static <T> Envelope<T> ok(T data) {
      return new Envelope<>(200, true, RequestIds.next(), null, data);
    }
  }

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record NamespaceCreated(String namespaceUid) {}

  /** The vendor's numeric id of the group, and its key. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record AppGroupCreated(long appGroupId, String appKey) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record JobCreated(long jobId) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record JobExecuted(long jobInstanceId) {}

  /** ListNamespaces: the vendor spells the id {@code UId}. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NamespaceInfo(
      @JsonProperty("UId") String uid,
      @JsonProperty("Name") String name,
      @JsonProperty("Description") String description) {

    static NamespaceInfo of(Namespace namespace) {
      return new NamespaceInfo(namespace.uid(), namespace.name(), namespace.description());
    }
  }

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record NamespaceList(List<NamespaceInfo> namespaces) {}

  /** An item of ListGroups. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record AppGroupItem(
      long appGroupId,
      String groupId,
      String namespace,
      String appName,
      String appKey,
      String description,
      int appVersion,
      boolean enableLog) {

    static AppGroupItem of(AppGroup g) {
      return new AppGroupItem(
          g.appGroupId(),
          g.groupId(),
          g.namespace(),
          g.appName(),
          g.appKey(),
          g.description(),
          g.appVersion(),
          false);
    }
  }

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record GroupList(List<AppGroupItem> appGroups) {}

  /** GetAppGroup's Data: the vendor answers AppVersion as a string here. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record AppGroupInfo(
      long appGroupId,
      String groupId,
      String namespace,
      String appName,
      String appKey,
      String description,
      String appVersion,
      boolean enableLog,
      int maxJobs,
      long curJobs) {

    static AppGroupInfo of(AppGroup g, long jobs) {
      return new AppGroupInfo(
          g.appGroupId(),
          g.groupId(),
          g.namespace(),
          g.appName(),
          g.appKey(),
          g.description(),
          Integer.toString(g.appVersion()),
          false,
          g.maxJobs(),
          jobs);
    }
  }

  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record TimeConfig(int timeType, String timeExpression, String timezone, int dataOffset) {}

  /**
   * The alarm settings of a job: taskfn sends no alarms, so only the timeout is configured here; an
   * attempt is always stopped at its Timeout.
   */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record MonitorConfig(
      long timeout,
      boolean timeoutEnable,
      boolean timeoutKillEnable,
      boolean failEnable,
      boolean missWorkerEnable) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record JobMonitorInfo(MonitorConfig monitorConfig, List<Object> contactInfo) {}

  /** A job in GetJobInfo and ListJobs; MaxConcurrency is a string in the vendor's answers. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record JobConfigInfo(
      long jobId,
      String name,
      String description,
      String jobType,
      String executeMode,
      String xAttrs,
      String className,
      String content,
      String parameters,
      String maxConcurrency,
      int maxAttempt,
      int attemptInterval,
      int status,
      Long startTime,
      TimeConfig timeConfig,
      JobMonitorInfo jobMonitorInfo) {

    static JobConfigInfo of(Job job) {
      return new JobConfigInfo(
          job.jobId(),
          job.name(),
          job.description(),
          job.jobType(),
          job.executeMode(),
          job.xAttrs(),
          job.className(),
          job.content(),
          job.parameters(),
          Integer.toString(job.maxConcurrency()),
          job.maxAttempt(),
          job.attemptInterval(),
          job.enabled() ? 1 : 0,
          job.startTime(),
          new TimeConfig(job.timeType(), job.timeExpression(), job.timezone(), job.dataOffset()),
          new JobMonitorInfo(
              new MonitorConfig(job.timeout(), job.timeoutEnable(), true, false, false),
              List.of()));
    }
  }

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record JobInfo(JobConfigInfo jobConfigInfo) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record JobList(List<JobConfigInfo> jobs, int pageNumber, int pageSize, long total) {}

  /**
   * An instance in GetJobInstance and GetJobInstanceList. The vendor's Progress, TraceId and
   * WorkAddr describe its workers' tasks: taskfn has no workers and leaves them out.
   */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record JobInstanceDetail(
      long instanceId,
      long jobId,
      String jobName,
      int status,
      int triggerType,
      int timeType,
      String scheduleTime,
      String dataTime,
      String startTime,
      String endTime,
      String parameters,
      int attempt,
      String result,
      String executor) {

    static JobInstanceDetail of(JobInstance i, Job job) {
      return new JobInstanceDetail(
          i.instanceId(),
          i.jobId(),
          job.name(),
          i.status().code(),
          i.triggerType().code(),
          job.timeType(),
          time(i.scheduleTime()),
          time(i.dataTime() != null ? i.dataTime() : job.dataTime(i.scheduleTime())),
          time(i.startTime()),
          time(i.endTime()),
          i.instanceParameters(),
          i.attempt(),
          i.result(),
          i.executor());
    }
  }

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record InstanceInfo(JobInstanceDetail jobInstanceDetail) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record InstanceList(List<JobInstanceDetail> jobInstanceDetails, long total) {}
}
