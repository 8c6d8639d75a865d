package io.taskfn.job;

import static io.taskfn.store.TypedRepository.numericId;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.taskfn.store.DuplicateRecordException;
import io.taskfn.store.IndexSlot;
import io.taskfn.store.Sequences;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoreProducer;
import io.taskfn.store.TypedRepository;
import io.taskfn.store.Versioned;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Job instances, indexed by job. A waiting instance is due work: its due time is when it (or its
 * next attempt) should run.
 */
@ApplicationScoped
public class JobInstanceRepository {

  static final String INSTANCE_KIND = "jobinstance";
  private static final String TENANT = StoreProducer.DEFAULT_TENANT;

  /** How many instances of one job a listing reads at most. */
  static final int LISTING_LIMIT = 10_000;

  private final TypedRepository<JobInstance> instances;
  private final TypedRepository<FireMark> fires;
  private final Sequences ids;

  /** Marks a scheduled fire of a job as done, so a fire run twice creates one instance. */
  @RegisterForReflection
  record FireMark(long jobId, Instant scheduleTime, long instanceId) {}

  public JobInstanceRepository(StoreBackend store) {
    this.instances = new TypedRepository<>(store, INSTANCE_KIND, JobInstance.class);
    this.fires = new TypedRepository<>(store, "jobfire", FireMark.class);
    this.ids = new Sequences(store, 64);
  }

  TypedRepository<JobInstance> records() {
    return instances;
  }

  public long nextInstanceId() {
    return ids.next("jobinstance");
  }

  public Versioned<JobInstance> insertWaiting(JobInstance instance, Instant due) {
    return instances.insert(
        TENANT, numericId(instance.instanceId()), instance, numericId(instance.jobId()), null, due);
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
          null,
          null,
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

  public Versioned<JobInstance> replace(
      Versioned<JobInstance> current, JobInstance changed, Instant due) {
    return instances.replace(current, changed, due);
  }

  /** A job's instances, oldest first. */
  public List<JobInstance> listByJob(long jobId) {
    return instances.query(TENANT, IndexSlot.INDEX1, numericId(jobId), null, LISTING_LIMIT).stream()
        .map(Versioned::value)
        .toList();
  }
}
