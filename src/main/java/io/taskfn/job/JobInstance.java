package io.taskfn.job;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.taskfn.api.CallDepth;
import java.time.Instant;

/**
 * One run of a job: each change of status goes through a method that checks the transition.
 *
 * @param dataTime the DataTime RerunJob gave; null: the job's DataOffset before the ScheduleTime
 */
@RegisterForReflection
public record JobInstance(
    long instanceId,
    long jobId,
    String namespace,
    String groupId,
    InstanceStatus status,
    TriggerType triggerType,
    Instant scheduleTime,
    Instant dataTime,
    Instant startTime,
    Instant endTime,
    String instanceParameters,
    int attempt,
    String result,
    Integer designateType,
    String worker,
    String label,
    String executor,
    int callDepth) {

  /**
   * An instance waiting to run, as deep in flows as the call that queues it ({@link
   * CallDepth#current()}): a flow it runs starts one deeper.
   */
  public static JobInstance waiting(
      long instanceId,
      Job job,
      TriggerType triggerType,
      Instant scheduleTime,
      String instanceParameters,
      Integer designateType,
      String worker,
      String label) {
    return new JobInstance(
        instanceId,
        job.jobId(),
        job.namespace(),
        job.groupId(),
        InstanceStatus.WAITING,
        triggerType,
        scheduleTime,
        null,
        null,
        null,
        instanceParameters,
        0,
        null,
        designateType,
        worker,
        label,
        null,
        CallDepth.current());
  }

  private JobInstance to(
      InstanceStatus next,
      TriggerType trigger,
      Instant schedule,
      Instant start,
      Instant end,
      int attempts,
      String newResult,
      String newExecutor) {
    InstanceStatus.TRANSITIONS.check(Long.toString(instanceId), status, next);
    return new JobInstance(
        instanceId,
        jobId,
        namespace,
        groupId,
        next,
        trigger,
        schedule,
        dataTime,
        start,
        end,
        instanceParameters,
        attempts,
        newResult,
        designateType,
        worker,
        label,
        newExecutor,
        callDepth);
  }

  /** An attempt begins on {@code by}. */
  public JobInstance start(Instant now, String by) {
    return to(
        InstanceStatus.RUNNING, triggerType, scheduleTime, now, null, attempt + 1, result, by);
  }

  public JobInstance succeed(Instant now, String outcome) {
    return to(
        InstanceStatus.SUCCESS,
        triggerType,
        scheduleTime,
        startTime,
        now,
        attempt,
        outcome,
        executor);
  }

  public JobInstance fail(Instant now, String outcome) {
    return to(
        InstanceStatus.FAILED,
        triggerType,
        scheduleTime,
        startTime,
        now,
        attempt,
        outcome,
        executor);
  }

  /** The attempt failed and another one is due later. */
  public JobInstance awaitRetry(String outcome) {
    return to(
        InstanceStatus.WAITING,
        triggerType,
        scheduleTime,
        startTime,
        null,
        attempt,
        outcome,
        executor);
  }

  public JobInstance reject(Instant now, String reason) {
    return to(
        InstanceStatus.REJECTED, triggerType, scheduleTime, now, now, attempt, reason, executor);
  }

  /** A waiting instance for the data of {@code time} (RerunJob). */
  public JobInstance forDataTime(Instant time) {
    return new JobInstance(
        instanceId,
        jobId,
        namespace,
        groupId,
        status,
        triggerType,
        scheduleTime,
        time,
        startTime,
        endTime,
        instanceParameters,
        attempt,
        result,
        designateType,
        worker,
        label,
        executor,
        callDepth);
  }

  /** SetJobInstanceSuccess: the instance counts as succeeded, whatever its attempts did. */
  public JobInstance markSucceeded(Instant now) {
    return to(
        InstanceStatus.SUCCESS,
        triggerType,
        scheduleTime,
        startTime == null ? now : startTime,
        now,
        attempt,
        "set to success by SetJobInstanceSuccess",
        executor);
  }

  /** RetryJobInstance: run the instance again from scratch. */
  public JobInstance rerun(Instant now) {
    return to(InstanceStatus.WAITING, TriggerType.RERUN, now, null, null, 0, null, null);
  }
}
