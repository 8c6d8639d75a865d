package io.taskfn.job;

import io.taskfn.dispatch.DueWorkHandler;
import io.taskfn.dispatch.Lease;
import io.taskfn.store.StoreProducer;
import io.taskfn.store.StoredRecord;
import io.taskfn.store.TypedRepository;
import io.taskfn.store.VersionConflictException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Runs a due job instance: takes a concurrency slot (or rejects the instance when the job already
 * runs {@code MaxConcurrency}), makes one attempt, and records success, failure, or a retry due
 * {@code AttemptInterval} seconds later while attempts remain.
 */
@ApplicationScoped
public class JobInstanceRunner implements DueWorkHandler {

  private static final Logger LOG = Logger.getLogger(JobInstanceRunner.class);

  private final JobRepository jobs;
  private final TypedRepository<JobInstance> instances;
  private final ConcurrencySlots slots;
  private final Map<String, JobTypeRunner> runners;
  private final Clock clock;

  @jakarta.inject.Inject
  public JobInstanceRunner(
      JobRepository jobs,
      JobInstanceRepository instances,
      ConcurrencySlots slots,
      jakarta.enterprise.inject.Instance<JobTypeRunner> runners,
      Clock clock) {
    this(jobs, instances, slots, runners.stream().toList(), clock);
  }

  public JobInstanceRunner(
      JobRepository jobs,
      JobInstanceRepository instances,
      ConcurrencySlots slots,
      List<JobTypeRunner> runners,
      Clock clock) {
    this.jobs = jobs;
    this.instances = instances.records();
    this.slots = slots;
    this.runners =
        runners.stream().collect(Collectors.toMap(JobTypeRunner::jobType, Function.identity()));
    this.clock = clock;
  }

  @Override
  public String kind() {
    return JobInstanceRepository.INSTANCE_KIND;
  }

  @Override
  public void run(Lease lease) throws InterruptedException {
    JobInstance instance = instances.decode(lease.record());
    if (instance.status().isFinal()) {
      // Stopped or finished after it was claimed: nothing left to do.
      lease.release(lease.record().withDueAt(null));
      return;
    }
    Optional<Job> job = jobs.find(instance.jobId()).map(v -> v.value());
    if (job.isEmpty()) {
      Instant now = clock.instant();
      JobInstance failed =
          instance.start(now, owner(lease)).fail(now, "the job was deleted before it ran");
      write(lease, failed, null, true);
      return;
    }
    Job config = job.get();
    if (!slots.tryAcquire(
        config.jobId(), instance.instanceId(), config.maxConcurrency(), this::stillRunning)) {
      write(
          lease,
          instance.reject(
              clock.instant(),
              "rejected: job already runs MaxConcurrency=" + config.maxConcurrency()),
          null,
          true);
      return;
    }
    try {
      JobInstance running = instance.start(clock.instant(), owner(lease));
      write(lease, running, null, false);
      JobTypeRunner runner = runners.get(config.jobType());
      JobTypeRunner.Outcome outcome =
          runner == null
              ? new JobTypeRunner.Outcome(false, "no runner for JobType " + config.jobType())
              : runner.run(config, running, Duration.ofSeconds(config.timeout()));
      finish(lease, outcome.success(), outcome.result());
    } catch (VersionConflictException e) {
      LOG.infof(
          "job instance %d changed while it ran (stopped?): outcome dropped",
          instance.instanceId());
    } finally {
      slots.release(config.jobId(), instance.instanceId());
    }
  }

  private void finish(Lease lease, boolean success, String result) {
    JobInstance running = instances.decode(lease.record());
    Job job = jobs.find(running.jobId()).map(v -> v.value()).orElse(null);
    Instant now = clock.instant();
    if (success) {
      write(lease, running.succeed(now, result), null, true);
    } else if (job != null && running.attempt() <= job.maxAttempt()) {
      Instant retryAt = now.plusSeconds(job.attemptInterval());
      write(lease, running.awaitRetry(result), retryAt, true);
    } else {
      write(lease, running.fail(now, result), null, true);
    }
  }

  private void write(Lease lease, JobInstance value, Instant due, boolean release) {
    StoredRecord next = instances.encodeInto(lease.record(), value).withDueAt(due);
    if (release) {
      lease.release(next);
    } else {
      lease.write(next);
    }
  }

  /**
   * A holder of a slot is alive while a dispatcher holds its lease: the lease is taken before the
   * slot, so a holder that has not yet written its running status is not mistaken for a dead one.
   */
  private boolean stillRunning(long instanceId) {
    return instances
        .find(StoreProducer.DEFAULT_TENANT, TypedRepository.numericId(instanceId))
        .map(
            v ->
                v.record().leaseUntil() != null && v.record().leaseUntil().isAfter(clock.instant()))
        .orElse(false);
  }

  private static String owner(Lease lease) {
    return lease.record().leaseOwner();
  }
}
