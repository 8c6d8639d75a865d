package io.taskfn.job;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * A job as configured by CreateJob and UpdateJob.
 *
 * @param className kept and answered as given: the job types taskfn runs load no class
 * @param content kept and answered as given: the job types taskfn runs run no script
 * @param dataOffset seconds an instance's DataTime lies before its ScheduleTime
 * @param startTime epoch milliseconds before which the schedule does not fire (null: at once)
 * @param callDepth how deep in flows started by flows the deepest call that created or updated the
 *     job was ({@link io.taskfn.api.CallDepth}, 0 for a client): the schedule's instances are
 *     queued at that depth, so a flow that makes a scheduled job of itself ends as one that starts
 *     itself
 */
@RegisterForReflection
public record Job(
    long jobId,
    String namespace,
    String groupId,
    String name,
    String description,
    String jobType,
    String executeMode,
    String xAttrs,
    String className,
    String content,
    int timeType,
    String timeExpression,
    String timezone,
    int dataOffset,
    Long startTime,
    String parameters,
    int maxConcurrency,
    int maxAttempt,
    int attemptInterval,
    long timeout,
    boolean timeoutEnable,
    boolean enabled,
    Instant createdAt,
    int callDepth) {

  public JobSchedule schedule() {
    return JobSchedule.of(TimeType.fromCode(timeType), timeExpression, timezone);
  }

  public Job withEnabled(boolean value) {
    return new Job(
        jobId,
        namespace,
        groupId,
        name,
        description,
        jobType,
        executeMode,
        xAttrs,
        className,
        content,
        timeType,
        timeExpression,
        timezone,
        dataOffset,
        startTime,
        parameters,
        maxConcurrency,
        maxAttempt,
        attemptInterval,
        timeout,
        timeoutEnable,
        value,
        createdAt,
        callDepth);
  }

  /**
   * When the scheduler fires this job next after {@code after}: never when disabled, never before
   * its StartTime.
   */
  public Instant nextFireAfter(Instant after) {
    if (!enabled) {
      return null;
    }
    Instant from = after;
    if (startTime != null && Instant.ofEpochMilli(startTime).minusMillis(1).isAfter(after)) {
      from = Instant.ofEpochMilli(startTime).minusMillis(1);
    }
    return schedule().nextFireAfter(from).orElse(null);
  }

  /** The DataTime of an instance scheduled at {@code scheduleTime}. */
  public Instant dataTime(Instant scheduleTime) {
    return scheduleTime.minusSeconds(dataOffset);
  }
}
