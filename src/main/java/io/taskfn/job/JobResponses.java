package io.taskfn.job;

import com.fasterxml.jackson.annotation.JsonInclude;
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

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record AppGroupCreated(String appGroupId, String appKey) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record JobCreated(long jobId) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record JobExecuted(long jobInstanceId) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record TimeConfig(int timeType, String timeExpression, String timezone) {}

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
      String parameters,
      int maxConcurrency,
      int maxAttempt,
      int attemptInterval,
      int timeout,
      boolean timeoutEnable,
      int status,
      TimeConfig timeConfig) {

    static JobConfigInfo of(Job job) {
      return new JobConfigInfo(
          job.jobId(),
          job.name(),
          job.description(),
          job.jobType(),
          job.executeMode(),
          job.xAttrs(),
          job.parameters(),
          job.maxConcurrency(),
          job.maxAttempt(),
          job.attemptInterval(),
          job.timeout(),
          job.timeoutEnable(),
          job.enabled() ? 1 : 0,
          new TimeConfig(job.timeType(), job.timeExpression(), job.timezone()));
    }
  }

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record JobInfo(JobConfigInfo jobConfigInfo) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record JobList(List<JobConfigInfo> jobs) {}

  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record JobInstanceDetail(
      long instanceId,
      long jobId,
      int status,
      int triggerType,
      String scheduleTime,
      String dataTime,
      String startTime,
      String endTime,
      String instanceParameters,
      int attempt,
      String result,
      String executor) {

    static JobInstanceDetail of(JobInstance i) {
      return new JobInstanceDetail(
          i.instanceId(),
          i.jobId(),
          i.status().code(),
          i.triggerType().code(),
          time(i.scheduleTime()),
          time(i.scheduleTime()),
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
