package io.taskfn.job;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** A job as configured by CreateJob and UpdateJob. */
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
    int timeType,
    String timeExpression,
    String timezone,
    String parameters,
    int maxConcurrency,
    int maxAttempt,
    int attemptInterval,
    int timeout,
    boolean timeoutEnable,
    boolean enabled,
    Instant createdAt) {

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
        timeType,
        timeExpression,
        timezone,
        parameters,
        maxConcurrency,
        maxAttempt,
        attemptInterval,
        timeout,
        timeoutEnable,
        value,
        createdAt);
  }

  /** When the scheduler fires this job next after {@code after}: never when disabled. */
  public Instant nextFireAfter(Instant after) {
    return enabled ? schedule().nextFireAfter(after).orElse(null) : null;
  }
}
