package io.taskfn.store;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A backend in maps, for unit tests of the layers above the store. Never a deployment choice: it
 * keeps nothing across a restart. One lock serialises every call, which is all a test needs.
 */
public final class InMemoryStoreBackend implements StoreBackend {

  private final TreeMap<String, StoredRecord> records = new TreeMap<>();
  private final Map<String, Long> sequences = new HashMap<>();
  private final Set<String> countedSlots = new HashSet<>();

  private static String mapKey(RecordKey key) {
    return key.kind() + '\u0000' + key.tenant() + '\u0000' + key.id();
  }

  @Override
  public synchronized Optional<StoredRecord> find(RecordKey key) {
    return Optional.ofNullable(records.get(mapKey(key)));
  }

  @Override
  public synchronized StoredRecord insert(StoredRecord record) {
    StoredRecord stored = record.withVersion(1);
    if (records.putIfAbsent(mapKey(record.key()), stored) != null) {
      throw new DuplicateRecordException(record.key());
    }
    return stored;
  }

  @Override
  public synchronized StoredRecord replace(StoredRecord record) {
    StoredRecord current = records.get(mapKey(record.key()));
    if (current == null || current.version() != record.version()) {
      throw new VersionConflictException(record.key(), record.version());
    }
    StoredRecord stored = record.withVersion(record.version() + 1);
    records.put(mapKey(record.key()), stored);
    return stored;
  }

  @Override
  public synchronized void delete(RecordKey key, long expectedVersion) {
    StoredRecord current = records.get(mapKey(key));
    if (current == null || current.version() != expectedVersion) {
      throw new VersionConflictException(key, expectedVersion);
    }
    records.remove(mapKey(key));
  }

  @Override
  public synchronized List<StoredRecord> scan(Scan scan) {
    Comparator<StoredRecord> order =
        Comparator.comparing(
                (StoredRecord r) -> scan.slot() == null ? "" : r.index(scan.slot()),
                Comparator.naturalOrder())
            .thenComparing(StoredRecord::id);
    if (scan.descending()) {
      order = order.reversed();
    }
    Comparator<StoredRecord> finalOrder = order;
    return records.values().stream()
        .filter(r -> inRange(scan, r))
        .filter(r -> scan.after() == null || beyond(scan, r, finalOrder))
        .sorted(order)
        .limit(scan.limit())
        .toList();
  }

  /** Whether a record falls in the scan's range, its cursor aside. */
  private static boolean inRange(Scan scan, StoredRecord r) {
    if (!r.kind().equals(scan.kind()) || !r.tenant().equals(scan.tenant())) {
      return false;
    }
    String actual = scan.slot() == null ? r.id() : r.index(scan.slot());
    if (scan.value() == null) {
      return true;
    }
    if (actual == null) {
      return false;
    }
    return scan.prefix() || scan.slot() == null
        ? actual.startsWith(scan.value())
        : actual.equals(scan.value());
  }

  private static boolean beyond(Scan scan, StoredRecord r, Comparator<StoredRecord> order) {
    StoredRecord cursor =
        StoredRecord.newRecord(r.kind(), r.tenant(), scan.after().id(), "")
            .withIndexes(scan.after().indexValue(), scan.after().indexValue());
    return order.compare(r, cursor) > 0;
  }

  @Override
  public synchronized void countIndex(String kind, IndexSlot slot) {
    countedSlots.add(kind + "/" + slot);
  }

  @Override
  public synchronized long count(String kind, String tenant, IndexSlot slot, String value) {
    if (!countedSlots.contains(kind + "/" + slot)) {
      throw new IllegalStateException(slot + " of " + kind + " is not counted");
    }
    return records.values().stream()
        .filter(r -> r.kind().equals(kind) && r.tenant().equals(tenant))
        .filter(r -> value.equals(r.index(slot)))
        .count();
  }

  @Override
  public synchronized long reserveSequence(String name, int count) {
    return sequences.merge(name, (long) count, Long::sum);
  }

  @Override
  public synchronized List<StoredRecord> findDue(String kind, Instant now, int limit) {
    return records.values().stream()
        .filter(r -> r.kind().equals(kind) && r.dueAt() != null && !r.dueAt().isAfter(now))
        .filter(r -> r.leaseUntil() == null || r.leaseUntil().isBefore(now))
        .sorted(Comparator.comparing(StoredRecord::dueAt))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized Optional<StoredRecord> claim(
      StoredRecord due, String owner, Instant now, Instant leaseUntil) {
    StoredRecord current = records.get(mapKey(due.key()));
    boolean free =
        current != null && (current.leaseUntil() == null || current.leaseUntil().isBefore(now));
    if (!free || current.version() != due.version()) {
      return Optional.empty();
    }
    StoredRecord won = current.withLease(owner, leaseUntil).withVersion(current.version() + 1);
    records.put(mapKey(due.key()), won);
    return Optional.of(won);
  }

  @Override
  public synchronized boolean extendLease(
      RecordKey key, long version, String owner, Instant leaseUntil) {
    StoredRecord current = records.get(mapKey(key));
    if (current == null || current.version() != version || !owner.equals(current.leaseOwner())) {
      return false;
    }
    records.put(mapKey(key), current.withLease(owner, leaseUntil));
    return true;
  }

  @Override
  public synchronized int deleteExpired(Instant now, int limit) {
    List<String> expired =
        records.entrySet().stream()
            .filter(e -> e.getValue().expiresAt() != null && !e.getValue().expiresAt().isAfter(now))
            .sorted(Comparator.comparing(e -> e.getValue().expiresAt()))
            .limit(limit)
            .map(Map.Entry::getKey)
            .toList();
    expired.forEach(records::remove);
    return expired.size();
  }

  @Override
  public void close() {}
}
