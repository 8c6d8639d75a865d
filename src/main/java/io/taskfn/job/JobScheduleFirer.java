package io.taskfn.job;

import io.taskfn.dispatch.HeldRecord;
import io.taskfn.dispatch.LeasedHandler;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Fires a scheduled job whose time has come: one waiting instance for that fire time, then the
 * job's next fire. A fire missed while no server ran fires once, late; the schedule then goes on
 * from now rather than replaying every missed time.
 */
@Singleton
public class JobScheduleFirer extends LeasedHandler<Job> {

  /** A fire that failed (the store refused, say) is tried again this much later. */
  static final Duration RETRY_FAILED_FIRE = Duration.ofMinutes(1);

  private final JobInstanceRepository instances;
  private final Clock clock;

  public JobScheduleFirer(JobRepository jobs, JobInstanceRepository instances, Clock clock) {
    super(jobs.records());
    this.instances = instances;
    this.clock = clock;
  }

  /** A job's schedule never finishes: a job that no longer fires is not due. */
  @Override
  protected boolean isFinished(Job job) {
    return false;
  }

  @Override
  protected Job failed(Job job, RuntimeException cause) {
    return job;
  }

  @Override
  protected Instant dueAfterFailure(Job job) {
    return clock.instant().plus(RETRY_FAILED_FIRE);
  }

  @Override
  protected void handle(HeldRecord<Job> held) {
    Job job = held.value();
    Instant fireTime = held.record().dueAt();
    if (job.enabled()) {
      instances.insertScheduledFire(
          JobInstance.waiting(
              instances.nextInstanceId(),
              job,
              TriggerType.SCHEDULE,
              fireTime,
              null,
              null,
              null,
              null));
    }
    Instant now = clock.instant();
    held.release(job, job.nextFireAfter(fireTime.isAfter(now) ? fireTime : now));
  }
}
