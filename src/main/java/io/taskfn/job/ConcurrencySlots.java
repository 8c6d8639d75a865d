package io.taskfn.job;

import static io.taskfn.store.TypedRepository.numericId;

import io.taskfn.store.Slots;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoreProducer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * Which instances of a job are running now ({@link Slots}: a record per slot taken): so {@code
 * MaxConcurrency} holds across threads and across servers.
 */
@ApplicationScoped
public class ConcurrencySlots {

  private final Slots slots;

  public ConcurrencySlots(StoreBackend store) {
    this.slots = new Slots(store, "jobslots", StoreProducer.DEFAULT_TENANT);
  }

  /**
   * Takes one of the job's {@code max} slots for the instance.
   *
   * @param stillRunning tells whether a holder really runs; holders that do not (their server died)
   *     lose their slot when the job is full
   * @return the slot taken, empty when the job already runs {@code max} instances
   */
  public Optional<Slots.Taken> tryAcquire(
      long jobId, long instanceId, int max, LongPredicate stillRunning) {
    return slots.tryAcquire(
        numericId(jobId),
        Long.toString(instanceId),
        max,
        holder -> stillRunning.test(Long.parseLong(holder)));
  }

  public void release(Slots.Taken slot) {
    slots.release(slot);
  }

  /** Frees the slot of an instance whose attempt was abandoned: which one it took is not known. */
  public void release(long jobId, long instanceId) {
    slots.release(numericId(jobId), Long.toString(instanceId));
  }
}
