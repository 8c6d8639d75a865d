package io.taskfn.job;

import io.taskfn.api.CallDepth;
import io.taskfn.dispatch.ScheduleFirer;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Fires a scheduled job whose time has come: one waiting instance for that fire time (keyed by it,
 * so a fire run twice makes one instance), then the job's next fire.
 */
@Singleton
public class JobScheduleFirer extends ScheduleFirer<Job> {

  private final JobInstanceRepository instances;

  public JobScheduleFirer(JobRepository jobs, JobInstanceRepository instances, Clock clock) {
    super(jobs.records(), clock);
    this.instances = instances;
  }

  @Override
  protected Job failed(Job job, RuntimeException cause) {
    return job;
  }

  @Override
  protected Fired<Job> fire(Job job, Instant fireTime) {
    if (job.enabled()) {
      instances.insertScheduledFire(
          CallDepth.at(
              job.callDepth(),
              () ->
                  JobInstance.waiting(
                      instances.nextInstanceId(),
                      job,
                      TriggerType.SCHEDULE,
                      fireTime,
                      null,
                      null,
                      null,
                      null)));
    }
    return Fired.goOn(job, after -> Optional.ofNullable(job.nextFireAfter(after)));
  }
}
