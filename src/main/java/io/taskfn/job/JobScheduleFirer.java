package io.taskfn.job;

import io.taskfn.dispatch.DueWorkHandler;
import io.taskfn.dispatch.Lease;
import io.taskfn.store.TypedRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * Fires a scheduled job whose time has come: one waiting instance for that fire time, then the
 * job's next fire. A fire missed while no server ran fires once, late; the schedule then goes on
 * from now rather than replaying every missed time.
 */
@ApplicationScoped
public class JobScheduleFirer implements DueWorkHandler {

  private final TypedRepository<Job> jobs;
  private final JobInstanceRepository instances;
  private final Clock clock;

  public JobScheduleFirer(JobRepository jobs, JobInstanceRepository instances, Clock clock) {
    this.jobs = jobs.records();
    this.instances = instances;
    this.clock = clock;
  }

  @Override
  public String kind() {
    return JobRepository.JOB_KIND;
  }

  @Override
  public void run(Lease lease) {
    Job job = jobs.decode(lease.record());
    Instant fireTime = lease.record().dueAt();
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
    Instant next = job.nextFireAfter(fireTime.isAfter(now) ? fireTime : now);
    lease.release(lease.record().withDueAt(next));
  }
}
