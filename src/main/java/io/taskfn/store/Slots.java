package io.taskfn.store;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * A cap on how many holders share something (a job's running instances, a call task's calls in
 * flight), across threads and across servers over one store. Each of a key's {@code max} slots is a
 * record of its own, numbered 0 to {@code max - 1}: inserted by the first holder of its number,
 * then taken and freed by compare-and-set, so one holder alone has a number and holders of
 * different numbers never write the same record. (One record listing every holder made all of them
 * compare-and-set one row: with 64 workers a holder lost 64 rounds in a row and its work failed,
 * and each change waited for the one before it to commit.)
 *
 * <p>A slot's record is never deleted, so its version only grows: a holder that frees its slot late
 * (it was taken for dead, and its number went to another) writes at a version that is gone and
 * changes nothing. Deleted and inserted again, a record would start at the same version, and that
 * late write would free the successor's slot: one holder over the cap.
 */
public final class Slots {

  /** A slot's record: {@code holder} is null while the slot is free. */
  @RegisterForReflection
  record Holder(String key, int number, String holder) {
    boolean isFree() {
      return holder == null;
    }
  }

  /**
   * A slot {@link #tryAcquire} gave, with the version its record had then: letting go of it is one
   * compare-and-set at that version.
   */
  public record Taken(String key, int number, String holder, long version) {}

  /** Listings of a key's slots read this many at a time. */
  private static final int PAGE = 1000;

  /**
   * How many times a holder looks again after others took the free numbers it tried: each such race
   * was won by another holder, so running out means the key is changing faster than it can be read.
   */
  private static final int MAX_LOOKS = 64;

  private final String kind;
  private final String tenant;
  private final TypedRepository<Holder> records;

  /**
   * @param kind the record kind the slots of this cap are kept under
   */
  public Slots(StoreBackend store, String kind, String tenant) {
    this.kind = kind;
    this.tenant = tenant;
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
      List<Versioned<Holder>> slots = slotsOf(key);
      Optional<Versioned<Holder>> already =
          slots.stream().filter(s -> holder.equals(s.value().holder())).findFirst();
      if (already.isPresent()) {
        return Optional.of(taken(already.get()));
      }
      List<Versioned<Holder>> held = slots.stream().filter(s -> !s.value().isFree()).toList();
      if (held.size() >= max) {
        List<Versioned<Holder>> dead =
            held.stream().filter(s -> !stillHolds.test(s.value().holder())).toList();
        if (dead.isEmpty()) {
          return Optional.empty();
        }
        dead.forEach(this::free);
        continue;
      }
      // Free records first, so that a key has no more records than it ever had holders at once
      // (each acquire lists them all), then numbers that have none. Holders that read the same
      // listing try different ones first.
      List<Versioned<Holder>> free =
          new ArrayList<>(
              slots.stream().filter(s -> s.value().isFree() && s.value().number() < max).toList());
      Collections.shuffle(free, ThreadLocalRandom.current());
      for (Versioned<Holder> slot : free) {
        Optional<Taken> won = take(key, slot.value().number(), holder, slot);
        if (won.isPresent()) {
          return won;
        }
      }
      Set<Integer> numbered = new HashSet<>();
      slots.stream().map(s -> s.value().number()).filter(n -> n < max).forEach(numbered::add);
      int number = ThreadLocalRandom.current().nextInt(max);
      while (numbered.size() < max) {
        while (numbered.contains(number)) {
          number = (number + 1) % max;
        }
        numbered.add(number);
        Optional<Taken> won = take(key, number, holder, null);
        if (won.isPresent()) {
          return won;
        }
      }
    }
    throw new StoreException(
        "gave up after " + MAX_LOOKS + " looks for a free slot of " + kind + " " + key);
  }

  /**
   * Takes the free slot {@code number}: a compare-and-set on its record as listed, or the insert of
   * its record where it has none yet. A record that changed since it was listed is read again and
   * taken while it is free: under churn a slot is often taken and freed again between a listing and
   * the write, and a holder that gave up on every such slot went without one. Empty when another
   * holder has it.
   */
  private Optional<Taken> take(String key, int number, String holder, Versioned<Holder> listed) {
    Holder taking = new Holder(key, number, holder);
    Versioned<Holder> current = listed;
    for (int look = 1; look <= MAX_LOOKS; look++) {
      try {
        return Optional.of(
            taken(
                current == null
                    ? records.insert(tenant, slotId(key, number), taking, null)
                    : records.replace(current, taking, null)));
      } catch (DuplicateRecordException | VersionConflictException changedMeanwhile) {
        current = records.find(tenant, slotId(key, number)).orElse(null);
        if (current != null && !current.value().isFree()) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** Whether {@link #tryAcquire} would give {@code holder} a slot now; nothing is written. */
  public boolean hasRoom(String key, String holder, int max, Predicate<String> stillHolds) {
    List<Versioned<Holder>> held = slotsOf(key).stream().filter(s -> !s.value().isFree()).toList();
    if (held.stream().anyMatch(s -> s.value().holder().equals(holder)) || held.size() < max) {
      return true;
    }
    return held.stream().filter(s -> stillHolds.test(s.value().holder())).count() < max;
  }

  /**
   * Lets go of the slot {@link #tryAcquire} gave, unless the holder lost it meanwhile (taken for
   * dead, and perhaps given to another): then its record's version has moved on and nothing is
   * written.
   */
  public void release(Taken slot) {
    Holder held = new Holder(slot.key(), slot.number(), slot.holder());
    // The record as it was taken: a slot's record holds nothing but its holder, so no read is
    // needed to write it back free.
    StoredRecord asTaken =
        records.encodeInto(
            StoredRecord.newRecord(kind, tenant, slotId(slot.key(), slot.number()), "{}")
                .withVersion(slot.version()),
            held);
    free(new Versioned<>(held, asTaken));
  }

  /**
   * Lets go of whatever slot of {@code key} the holder has, for a holder that no longer knows which
   * it took (its server stopped while it held one): the key's slots are listed to find it.
   */
  public void release(String key, String holder) {
    slotsOf(key).stream().filter(s -> holder.equals(s.value().holder())).forEach(this::free);
  }

  private static Taken taken(Versioned<Holder> slot) {
    Holder h = slot.value();
    return new Taken(h.key(), h.number(), h.holder(), slot.record().version());
  }

  /** Frees a slot unless it changed hands meanwhile (then it is another's to free). */
  private void free(Versioned<Holder> slot) {
    Holder h = slot.value();
    try {
      records.replace(slot, new Holder(h.key(), h.number(), null), null);
    } catch (VersionConflictException alreadyFreed) {
      // freed, and perhaps taken again, by someone else
    }
  }

  /**
   * Every slot record of the key, free or held. The scan is by id prefix, which the base table of
   * every store answers consistently; a key that merely starts like this one is filtered out by the
   * key each record carries.
   */
  private List<Versioned<Holder>> slotsOf(String key) {
    List<Versioned<Holder>> out = new ArrayList<>();
    Scan scan = Scan.withPrefix(kind, tenant, null, key + "/", PAGE);
    while (true) {
      List<Versioned<Holder>> page = records.scan(scan);
      page.stream().filter(s -> key.equals(s.value().key())).forEach(out::add);
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
