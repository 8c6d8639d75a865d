package io.taskfn.support;

import io.taskfn.store.IndexSlot;
import io.taskfn.store.RecordKey;
import io.taskfn.store.Scan;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoredRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A store that passes every call on to another: the base of test stores that count or refuse some
 * calls and leave the rest to a real backend.
 */
public abstract class ForwardingStore implements StoreBackend {

  private final StoreBackend store;

  protected ForwardingStore(StoreBackend store) {
    this.store = store;
  }

  @Override
  public Optional<StoredRecord> find(RecordKey key) {
    return store.find(key);
  }

  @Override
  public StoredRecord insert(StoredRecord record) {
    return store.insert(record);
  }

  @Override
  public StoredRecord replace(StoredRecord record) {
    return store.replace(record);
  }

  @Override
  public void delete(RecordKey key, long expectedVersion) {
    store.delete(key, expectedVersion);
  }

  @Override
  public List<StoredRecord> scan(Scan scan) {
    return store.scan(scan);
  }

  @Override
  public void countIndex(String kind, IndexSlot slot) {
    store.countIndex(kind, slot);
  }

  @Override
  public long count(String kind, String tenant, IndexSlot slot, String value) {
    return store.count(kind, tenant, slot, value);
  }

  @Override
  public long reserveSequence(String name, int count) {
    return store.reserveSequence(name, count);
  }

  @Override
  public List<StoredRecord> findDue(String kind, Instant now, int limit) {
    return store.findDue(kind, now, limit);
  }

  @Override
  public List<StoredRecord> claimDue(
      String kind, String owner, Instant now, Instant leaseUntil, int limit) {
    return store.claimDue(kind, owner, now, leaseUntil, limit);
  }

  @Override
  public Optional<StoredRecord> claim(
      StoredRecord due, String owner, Instant now, Instant leaseUntil) {
    return store.claim(due, owner, now, leaseUntil);
  }

  @Override
  public boolean extendLease(RecordKey key, long version, String owner, Instant leaseUntil) {
    return store.extendLease(key, version, owner, leaseUntil);
  }

  @Override
  public int deleteExpired(Instant now, int limit) {
    return store.deleteExpired(now, limit);
  }

  @Override
  public void close() {
    store.close();
  }
}
