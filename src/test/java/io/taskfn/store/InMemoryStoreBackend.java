package io.taskfn.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A backend in maps, for unit tests of the layers above the store. Never a deployment choice: it
 * keeps nothing across a restart.
 */
public final class InMemoryStoreBackend implements StoreBackend {

  private final ConcurrentSkipListMap<String, StoredRecord> records = new ConcurrentSkipListMap<>();
  private final Map<String, Long> sequences = new ConcurrentHashMap<>();

  private static String mapKey(RecordKey key) {
    return key.kind() + '\u0000' + key.tenant() + '\u0000' + key.id();
  }

  @Override
  public Optional<StoredRecord> find(RecordKey key) {
    return Optional.ofNullable(records.get(mapKey(key)));
  }

  @Override
  public StoredRecord insert(StoredRecord record) {
    StoredRecord stored = record.withVersion(1);
    if (records.putIfAbsent(mapKey(record.key()), stored) != null) {
      throw new DuplicateRecordException(record.key());
    }
    return stored;
  }

  @Override
  public StoredRecord replace(StoredRecord record) {
    StoredRecord stored = record.withVersion(record.version() + 1);
    StoredRecord[] result = new StoredRecord[1];
    records.computeIfPresent(
        mapKey(record.key()),
        (k, current) -> {
          // ConcurrentSkipListMap may apply this more than once: decide afresh on each call.
          result[0] = null;
          if (current.version() != record.version()) {
            return current;
          }
          result[0] = stored;
          return stored;
        });
    if (result[0] == null) {
      throw new VersionConflictException(record.key(), record.version());
    }
    return stored;
  }

  @Override
  public void delete(RecordKey key, long expectedVersion) {
    StoredRecord current = records.get(mapKey(key));
    if (current == null
        || current.version() != expectedVersion
        || !records.remove(mapKey(key), current)) {
      throw new VersionConflictException(key, expectedVersion);
    }
  }

  @Override
  public List<StoredRecord> query(
      String kind, String tenant, IndexSlot slot, String value, String afterId, int limit) {
    String prefix = kind + '\u0000' + tenant + '\u0000';
    List<StoredRecord> out = new ArrayList<>();
    for (StoredRecord r : records.tailMap(prefix, true).values()) {
      if (!r.kind().equals(kind) || !r.tenant().equals(tenant) || out.size() >= limit) {
        break;
      }
      boolean afterCursor = afterId == null || r.id().compareTo(afterId) > 0;
      boolean indexMatches =
          slot == null || value.equals(slot == IndexSlot.INDEX1 ? r.index1() : r.index2());
      if (afterCursor && indexMatches) {
        out.add(r);
      }
    }
    return out;
  }

  @Override
  public long reserveSequence(String name, int count) {
    return sequences.merge(name, (long) count, Long::sum);
  }

  @Override
  public List<StoredRecord> claimDue(
      String kind, Instant now, String owner, Instant leaseUntil, int limit) {
    List<StoredRecord> due =
        records.values().stream()
            .filter(r -> r.kind().equals(kind) && r.dueAt() != null && !r.dueAt().isAfter(now))
            .filter(r -> r.leaseUntil() == null || r.leaseUntil().isBefore(now))
            .sorted(Comparator.comparing(StoredRecord::dueAt))
            .limit(limit)
            .toList();
    List<StoredRecord> claimed = new ArrayList<>();
    for (StoredRecord candidate : due) {
      StoredRecord[] won = new StoredRecord[1];
      records.computeIfPresent(
          mapKey(candidate.key()),
          (k, current) -> {
            won[0] = null;
            boolean free = current.leaseUntil() == null || current.leaseUntil().isBefore(now);
            if (current.version() != candidate.version() || !free) {
              return current;
            }
            won[0] = current.withLease(owner, leaseUntil).withVersion(current.version() + 1);
            return won[0];
          });
      if (won[0] != null) {
        claimed.add(won[0]);
      }
    }
    return claimed;
  }

  @Override
  public boolean extendLease(RecordKey key, long version, String owner, Instant leaseUntil) {
    boolean[] extended = new boolean[1];
    records.computeIfPresent(
        mapKey(key),
        (k, current) -> {
          extended[0] = false;
          if (current.version() != version || !owner.equals(current.leaseOwner())) {
            return current;
          }
          extended[0] = true;
          return current.withLease(owner, leaseUntil);
        });
    return extended[0];
  }

  @Override
  public void close() {}
}
