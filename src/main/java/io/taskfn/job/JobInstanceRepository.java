package io.taskfn.job;

import static io.taskfn.store.TypedRepository.numericId;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.taskfn.store.DuplicateRecordException;
import io.taskfn.store.IndexSlot;
import io.taskfn.store.RecordShape;
import io.taskfn.store.RetentionConfig;
import io.taskfn.store.Scan;
import io.taskfn.store.Sequences;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoreProducer;
import io.taskfn.store.TypedRepository;
import io.taskfn.store.Versioned;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Job instances, indexed by job and by job and status, both counted. A waiting instance is due
 * work: its due time is when it (or its next attempt) should run. A finished instance expires after
 * the retention age.
 */
@ApplicationScoped
public class JobInstanceRepository {

  static final String INSTANCE_KIND = "jobinstance";
  private static final String TENANT = StoreProducer.DEFAULT_TENANT;

  private final TypedRepository<JobInstance> instances;
  private final TypedRepository<FireMark> fires;
  private final Sequences ids;

  /** Marks a scheduled fire of a job as done, so a fire run twice creates one instance. */
  @RegisterForReflection
  record FireMark(long jobId, Instant scheduleTime, long instanceId) {}

  public JobInstanceRepository(StoreBackend store, RetentionConfig retention) {
    Duration kept = retention.finishedAge();
    this.instances =
        new TypedRepository<>(
            store,
            INSTANCE_KIND,
            JobInstance.class,
            RecordShape.<JobInstance>plain()
                .index1(i -> numericId(i.jobId()))
                .index2(i -> byStatus(i.jobId(), i.status()))
                .counted(IndexSlot.INDEX1, IndexSlot.INDEX2)
                .expiresAt(
                    i ->
                        i.status().isFinal() && i.endTime() != null
                            ? i.endTime().plus(kept)
                            : null));
    this.fires =
        new TypedRepository<>(
            store,
            "jobfire",
            FireMark.class,
            RecordShape.<FireMark>plain().expiresAt(f -> f.scheduleTime().plus(kept)));
    this.ids = new Sequences(store, 64);
  }

  private static String byStatus(long jobId, InstanceStatus status) {
    return numericId(jobId) + "/" + status.code();
  }

  TypedRepository<JobInstance> records() {
    return instances;
  }

  public long nextInstanceId() {
    return ids.next("jobinstance");
  }

  public Versioned<JobInstance> insertWaiting(JobInstance instance, Instant due) {
    return instances.insert(TENANT, numericId(instance.instanceId()), instance, due);
  }

  /**
   * Creates the instance of a scheduled fire unless that fire already has one.
   *
   * @return false if the fire had been recorded before
   */
  public boolean insertScheduledFire(JobInstance instance) {
    String fireId = numericId(instance.jobId()) + "@" + instance.scheduleTime().toEpochMilli();
    try {
      fires.insert(
          TENANT,
          fireId,
          new FireMark(instance.jobId(), instance.scheduleTime(), instance.instanceId()),
          null);
    } catch (DuplicateRecordException alreadyFired) {
      return false;
    }
    insertWaiting(instance, instance.scheduleTime());
    return true;
  }

  public Optional<Versioned<JobInstance>> find(long instanceId) {
    return instances.find(TENANT, numericId(instanceId));
  }

  /** Applies a change to an instance (retried on a concurrent write), due again at {@code due}. */
  public Optional<Versioned<JobInstance>> update(
      long instanceId, UnaryOperator<JobInstance> change, Instant due) {
    return instances.update(TENANT, numericId(instanceId), change, changed -> due);
  }

  /**
   * A page of a job's instances, newest first, with {@code status} only if given, starting after
   * the instance {@code afterId} (from the newest when null).
   */
  public List<JobInstance> newestFirst(long jobId, InstanceStatus status, Long afterId, int limit) {
    Scan scan =
        status == null
            ? Scan.exact(INSTANCE_KIND, TENANT, IndexSlot.INDEX1, numericId(jobId), limit)
            : Scan.exact(INSTANCE_KIND, TENANT, IndexSlot.INDEX2, byStatus(jobId, status), limit);
    scan = scan.newestFirst();
    if (afterId != null) {
      scan = scan.after(new Scan.Position(scan.value(), numericId(afterId)));
    }
    return instances.scan(scan).stream().map(Versioned::value).toList();
  }

  /** How many instances the job has, with {@code status} only if given. */
  public long count(long jobId, InstanceStatus status) {
    return status == null
        ? instances.count(TENANT, IndexSlot.INDEX1, numericId(jobId))
        : instances.count(TENANT, IndexSlot.INDEX2, byStatus(jobId, status));
  }
}
