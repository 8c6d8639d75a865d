package io.taskfn.job;

import static io.taskfn.store.TypedRepository.numericId;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoreProducer;
import io.taskfn.store.TypedRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import java.util.function.UnaryOperator;

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
    boolean[] acquired = new boolean[1];
    change(
        jobId,
        holders -> {
          acquired[0] = true;
          if (holders.contains(instanceId)) {
            return;
          }
          if (holders.size() >= max) {
            holders.removeIf(holder -> !stillRunning.test(holder));
            if (holders.size() >= max) {
              acquired[0] = false;
              return;
            }
          }
          holders.add(instanceId);
        });
    return acquired[0];
  }

  public void release(long jobId, long instanceId) {
    change(jobId, holders -> holders.remove(instanceId));
  }

  private void change(long jobId, Consumer<List<Long>> change) {
    String id = numericId(jobId);
    UnaryOperator<Holders> edit =
        current -> {
          List<Long> holders = new ArrayList<>(current.instanceIds());
          change.accept(holders);
          return new Holders(holders);
        };
    slots.upsert(TENANT, id, new Holders(List.of()), edit);
  }
}
