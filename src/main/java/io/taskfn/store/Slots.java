package io.taskfn.store;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A cap on how many holders share something (a job's running instances, a call task's calls in
 * flight): who holds a slot is one record per key, changed only by compare-and-set, so the cap
 * holds across threads and across servers over one store.
 */
public final class Slots {

  @RegisterForReflection
  record Holders(List<String> holders) {}

  private final String tenant;
  private final TypedRepository<Holders> records;

  /**
   * @param kind the record kind the holders of this cap are kept under
   */
  public Slots(StoreBackend store, String kind, String tenant) {
    this.tenant = tenant;
    this.records = new TypedRepository<>(store, kind, Holders.class);
  }

  /**
   * Takes one of the {@code max} slots of {@code key} for {@code holder} (again, if it holds one).
   *
   * @param stillHolds tells whether a holder is still alive; holders that are not (their server
   *     died) lose their slot when all are taken
   * @return false when {@code max} live holders have them all
   */
  public boolean tryAcquire(String key, String holder, int max, Predicate<String> stillHolds) {
    boolean[] acquired = new boolean[1];
    change(
        key,
        holders -> {
          acquired[0] = true;
          if (holders.contains(holder)) {
            return;
          }
          if (holders.size() >= max) {
            holders.removeIf(h -> !stillHolds.test(h));
            if (holders.size() >= max) {
              acquired[0] = false;
              return;
            }
          }
          holders.add(holder);
        });
    return acquired[0];
  }

  /** Whether {@link #tryAcquire} would give {@code holder} a slot now; nothing is written. */
  public boolean hasRoom(String key, String holder, int max, Predicate<String> stillHolds) {
    List<String> holders = records.find(tenant, key).map(v -> v.value().holders()).orElse(null);
    if (holders == null || holders.contains(holder) || holders.size() < max) {
      return true;
    }
    return holders.stream().filter(stillHolds).count() < max;
  }

  public void release(String key, String holder) {
    change(key, holders -> holders.remove(holder));
  }

  private void change(String key, Consumer<List<String>> change) {
    records.upsert(
        tenant,
        key,
        new Holders(List.of()),
        current -> {
          // A record of another shape (jobs kept instance ids under another name) holds nobody.
          List<String> holders =
              new ArrayList<>(current.holders() == null ? List.of() : current.holders());
          change.accept(holders);
          return new Holders(holders);
        });
  }
}
