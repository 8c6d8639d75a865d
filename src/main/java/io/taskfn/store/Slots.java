package io.taskfn.store;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * A cap on how many holders share something (a job's running instances, a call task's calls in
 * flight), across threads and across servers over one store. Each of a key's {@code max} slots is a
 * record of its own, numbered 0 to {@code max - 1}, inserted by the holder that takes it and
 * deleted when it lets go: the store's insert lets one holder alone have a number, so the cap
 * holds, and holders of different numbers never write the same record. (One record listing every
 * holder made all of them compare-and-set one row: with 64 workers a holder lost 64 rounds in a row
 * and its work failed, and each change waited for the one before it to commit.)
 */
public final class Slots {

  @RegisterForReflection
  record Holder(String key, int number, String holder) {}

  /**
   * A slot {@link #tryAcquire} gave: which number of which key, so that letting go of it reads that
   * one record rather than every holder of the key.
   */
  public record Taken(String key, int number, String holder) {}

  /** Listings of a key's holders read this many at a time. */
  private static final int PAGE = 1000;

  /**
   * How many times a holder looks again after others took the free numbers it tried: each such race
   * was won by another holder, so running out means the key is changing faster than it can be read.
   */
  private static final int MAX_LOOKS = 64;

  private final String kind;
  private final String tenant;
  private final StoreBackend store;
  private final TypedRepository<Holder> records;

  /**
   * @param kind the record kind the slots of this cap are kept under
   */
  public Slots(StoreBackend store, String kind, String tenant) {
    this.kind = kind;
    this.tenant = tenant;
    this.store = store;
    this.records = new TypedRepository<>(store, kind, Holder.class);
  }

  /**
   * Takes one of the {@code max} slots of {@code key} for {@code holder} (again, if it holds one).
   *
   * @param stillHolds tells whether a holder is still alive; holders that are not (their server
   *     died) lose their slot when all are taken
   * @return the slot taken, empty when {@code max} live holders have them all
   */
  public Optional<Taken> tryAcquire(
      String key, String holder, int max, Predicate<String> stillHolds) {
    for (int look = 1; look <= MAX_LOOKS; look++) {
      List<Versioned<Holder>> held = holdersOf(key);
      Optional<Versioned<Holder>> already =
          held.stream().filter(h -> h.value().holder().equals(holder)).findFirst();
      if (already.isPresent()) {
        return Optional.of(taken(already.get()));
      }
      if (held.size() >= max) {
        List<Versioned<Holder>> dead =
            held.stream().filter(h -> !stillHolds.test(h.value().holder())).toList();
        if (dead.isEmpty()) {
          return Optional.empty();
        }
        dead.forEach(h -> letGo(h.record().key(), h.record().version()));
        continue;
      }
      Set<Integer> taken = numbersOf(held, max);
      // Holders that read the same listing try different numbers first.
      int number = ThreadLocalRandom.current().nextInt(max);
      while (taken.size() < max) {
        while (taken.contains(number)) {
          number = (number + 1) % max;
        }
        try {
          return Optional.of(
              taken(
                  records.insert(
                      tenant, slotId(key, number), new Holder(key, number, holder), null)));
        } catch (DuplicateRecordException tookMeanwhile) {
          taken.add(number);
        }
      }
    }
    throw new StoreException(
        "gave up after " + MAX_LOOKS + " looks for a free slot of " + kind + " " + key);
  }

  /** Whether {@link #tryAcquire} would give {@code holder} a slot now; nothing is written. */
  public boolean hasRoom(String key, String holder, int max, Predicate<String> stillHolds) {
    List<Versioned<Holder>> held = holdersOf(key);
    if (held.stream().anyMatch(h -> h.value().holder().equals(holder)) || held.size() < max) {
      return true;
    }
    return held.stream().filter(h -> stillHolds.test(h.value().holder())).count() < max;
  }

  /**
   * Lets go of the slot {@link #tryAcquire} gave, if the holder still has it: a holder taken for
   * dead may have lost it, and another may have the number now (with the same version: a slot's
   * record is always new), so the record is read and its holder checked first.
   */
  public void release(Taken slot) {
    records
        .find(tenant, slotId(slot.key(), slot.number()))
        .filter(h -> h.value().holder().equals(slot.holder()))
        .ifPresent(h -> letGo(h.record().key(), h.record().version()));
  }

  /**
   * Lets go of whatever slot of {@code key} the holder has, for a holder that no longer knows which
   * it took (its server stopped while it held one): the key's holders are listed to find it.
   */
  public void release(String key, String holder) {
    holdersOf(key).stream()
        .filter(h -> h.value().holder().equals(holder))
        .forEach(h -> letGo(h.record().key(), h.record().version()));
  }

  private static Taken taken(Versioned<Holder> slot) {
    Holder h = slot.value();
    return new Taken(h.key(), h.number(), h.holder());
  }

  /** Deletes a slot's record unless it changed hands meanwhile (then it is another's to free). */
  private void letGo(RecordKey slot, long version) {
    try {
      store.delete(slot, version);
    } catch (VersionConflictException alreadyFreed) {
      // freed, and perhaps taken again, by someone else
    }
  }

  /**
   * The numbers below {@code max} that holders have: a cap lowered while its slots were held leaves
   * holders above it, which count against the cap until they let go.
   */
  private static Set<Integer> numbersOf(List<Versioned<Holder>> held, int max) {
    Set<Integer> taken = new HashSet<>();
    held.stream().map(h -> h.value().number()).filter(n -> n < max).forEach(taken::add);
    return taken;
  }

  /**
   * Every slot record of the key. The scan is by id prefix, which the base table of every store
   * answers consistently; a key that merely starts like this one is filtered out by the key each
   * record carries.
   */
  private List<Versioned<Holder>> holdersOf(String key) {
    List<Versioned<Holder>> out = new ArrayList<>();
    Scan scan = Scan.withPrefix(kind, tenant, null, key + "/", PAGE);
    while (true) {
      List<Versioned<Holder>> page = records.scan(scan);
      page.stream().filter(h -> key.equals(h.value().key())).forEach(out::add);
      if (page.size() < PAGE) {
        return out;
      }
      scan = scan.after(scan.positionOf(page.get(page.size() - 1).record()));
    }
  }

  private static String slotId(String key, int number) {
    return key + "/" + number;
  }
}
