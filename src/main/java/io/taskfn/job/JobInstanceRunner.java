package io.taskfn.job;

import io.taskfn.dispatch.HeldRecord;
import io.taskfn.dispatch.LeasedHandler;
import io.taskfn.store.Slots;
import io.taskfn.store.StoreProducer;
import io.taskfn.store.TypedRepository;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Runs a due job instance: takes a concurrency slot (or rejects the instance when the job already
 * runs {@code MaxConcurrency}), makes one attempt, and records success, failure, or a retry due
 * {@code AttemptInterval} seconds later while attempts remain. An instance claimed while RUNNING
 * was abandoned by a server that died mid-attempt: that attempt counts as failed.
 */
@Singleton
public class JobInstanceRunner extends LeasedHandler<JobInstance> {

  private static final Logger LOG = Logger.getLogger(JobInstanceRunner.class);

  private final JobRepository jobs;
  private final TypedRepository<JobInstance> instances;
  private final ConcurrencySlots slots;
  private final Map<String, JobTypeRunner> runners;
  private final Clock clock;

  @Inject
  public JobInstanceRunner(
      JobRepository jobs,
      JobInstanceRepository instances,
      ConcurrencySlots slots,
      Instance<JobTypeRunner> runners,
      Clock clock) {
    this(jobs, instances, slots, runners.stream().toList(), clock);
  }

  public JobInstanceRunner(
      JobRepository jobs,
      JobInstanceRepository instances,
      ConcurrencySlots slots,
      List<JobTypeRunner> runners,
      Clock clock) {
    super(instances.records());
    this.jobs = jobs;
    this.instances = instances.records();
    this.slots = slots;
    this.runners =
        runners.stream().collect(Collectors.toMap(JobTypeRunner::jobType, Function.identity()));
    this.clock = clock;
  }

  @Override
  protected boolean isFinished(JobInstance instance) {
    return instance.status().isFinal();
  }

  @Override
  protected JobInstance failed(JobInstance instance, RuntimeException cause) {
    Instant now = clock.instant();
    JobInstance running =
        instance.status() == InstanceStatus.RUNNING ? instance : instance.start(now, null);
    return running.fail(now, "internal error: " + reason(cause));
  }

  @Override
  protected void handle(HeldRecord<JobInstance> held) throws InterruptedException {
    JobInstance instance = held.value();
    Optional<Job> job = jobs.find(instance.jobId()).map(v -> v.value());
    if (instance.status() == InstanceStatus.RUNNING) {
      try {
        finishAttempt(
            held,
            () -> job,
            false,
            "attempt " + instance.attempt() + " was abandoned: its server stopped before it ended");
      } finally {
        slots.release(instance.jobId(), instance.instanceId());
      }
      return;
    }
    if (job.isEmpty()) {
      Instant now = clock.instant();
      held.release(
          instance.start(now, owner(held)).fail(now, "the job was deleted before it ran"), null);
      return;
    }
    Job config = job.get();
    Optional<Slots.Taken> slot =
        slots.tryAcquire(
            config.jobId(), instance.instanceId(), config.maxConcurrency(), this::stillRunning);
    if (slot.isEmpty()) {
      held.release(
          instance.reject(
              clock.instant(),
              "rejected: job already runs MaxConcurrency=" + config.maxConcurrency()),
          null);
      return;
    }
    try {
      JobInstance running = instance.start(clock.instant(), owner(held));
      held.write(running);
      JobTypeRunner.Outcome outcome = attempt(config, running);
      finishAttempt(
          held,
          () -> jobs.find(running.jobId()).map(v -> v.value()),
          outcome.success(),
          outcome.result());
    } finally {
      slots.release(slot.get());
    }
  }

  /**
   * What a failure says to the client reading the instance's result: its message, not the Java
   * class it was thrown as (the log has the whole of it).
   */
  private static String reason(RuntimeException e) {
    return e.getMessage() == null || e.getMessage().isBlank()
        ? "see the server log"
        : e.getMessage();
  }

  /** One attempt; a runner that throws has failed the attempt, with its reason kept. */
  private JobTypeRunner.Outcome attempt(Job job, JobInstance running) throws InterruptedException {
    JobTypeRunner runner = runners.get(job.jobType());
    if (runner == null) {
      return new JobTypeRunner.Outcome(false, "no runner for JobType " + job.jobType());
    }
    try {
      return runner.run(job, running, Duration.ofSeconds(job.timeout()));
    } catch (RuntimeException e) {
      LOG.warnf(e, "attempt %d of job instance %d failed", running.attempt(), running.instanceId());
      return new JobTypeRunner.Outcome(false, "the attempt failed: " + reason(e));
    }
  }

  /**
   * Writes the attempt's outcome. {@code job} is read only for a failure (whether attempts remain,
   * and after what interval), as the job stands now: it may have changed while the attempt ran.
   */
  private void finishAttempt(
      HeldRecord<JobInstance> held, Supplier<Optional<Job>> job, boolean success, String result) {
    JobInstance running = held.value();
    Instant now = clock.instant();
    if (success) {
      held.release(running.succeed(now, result), null);
      return;
    }
    Optional<Job> retrying = job.get().filter(j -> running.attempt() <= j.maxAttempt());
    if (retrying.isPresent()) {
      held.release(running.awaitRetry(result), now.plusSeconds(retrying.get().attemptInterval()));
    } else {
      held.release(running.fail(now, result), null);
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

  private static String owner(HeldRecord<JobInstance> held) {
    return held.record().leaseOwner();
  }
}
