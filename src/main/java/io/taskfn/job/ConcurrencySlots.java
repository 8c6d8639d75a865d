package io.taskfn.job;

import static io.taskfn.store.TypedRepository.numericId;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.taskfn.store.DuplicateRecordException;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoreProducer;
import io.taskfn.store.TypedRepository;
import io.taskfn.store.VersionConflictException;
import io.taskfn.store.Versioned;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Which instances of a job are running now, kept in one record per job and changed only by
 * compare-and-set: so {@code MaxConcurrency} holds across threads and across servers.
 */
@ApplicationScoped
public class ConcurrencySlots {

  private static final String TENANT = StoreProducer.DEFAULT_TENANT;

  @RegisterForReflection
  record Holders(List<Long> instanceIds) {}

  private final TypedRepository<Holders> slots;

  public ConcurrencySlots(StoreBackend store) {
    this.slots = new TypedRepository<>(store, "jobslots", Holders.class);
  }

  /**
   * Takes one of the job's {@code max} slots for the instance.
   *
   * @param stillRunning tells whether a holder really runs; holders that do not (their server died)
   *     lose their slot when the job is full
   * @return false when the job already runs {@code max} instances
   */
  public boolean tryAcquire(long jobId, long instanceId, int max, LongPredicate stillRunning) {
    while (true) {
      Versioned<Holders> current = load(jobId);
      List<Long> holders = new ArrayList<>(current.value().instanceIds());
      if (holders.contains(instanceId)) {
        return true;
      }
      if (holders.size() >= max) {
        holders.removeIf(holder -> !stillRunning.test(holder));
        if (holders.size() >= max) {
          return false;
        }
      }
      holders.add(instanceId);
      try {
        slots.replace(current, new Holders(holders), null);
        return true;
      } catch (VersionConflictException raced) {
        // another instance of the job took or gave a slot: look again
      }
    }
  }

  public void release(long jobId, long instanceId) {
    while (true) {
      Versioned<Holders> current = load(jobId);
      List<Long> holders = new ArrayList<>(current.value().instanceIds());
      if (!holders.remove(instanceId)) {
        return;
      }
      try {
        slots.replace(current, new Holders(holders), null);
        return;
      } catch (VersionConflictException raced) {
        // look again
      }
    }
  }

  private Versioned<Holders> load(long jobId) {
    String id = numericId(jobId);
    return slots
        .find(TENANT, id)
        .orElseGet(
            () -> {
              try {
                return slots.insert(TENANT, id, new Holders(List.of()), null, null, null);
              } catch (DuplicateRecordException raced) {
                return slots.find(TENANT, id).orElseThrow();
              }
            });
  }
}
