package io.taskfn.mail;

import io.taskfn.store.IndexSlot;
import io.taskfn.store.RecordKey;
import io.taskfn.store.Scan;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoreException;
import io.taskfn.store.StoredRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A store that refuses, when told to, every insert of one record kind (as a database that is down
 * or full would), or every read, and otherwise passes everything on.
 */
final class RefusingStore implements StoreBackend {

  private final StoreBackend store;
  private volatile String refusedKind;
  private volatile boolean readsFail;

  RefusingStore(StoreBackend store) {
    this.store = store;
  }

  void refuseInsertsOf(String kind) {
    refusedKind = kind;
  }

  /** From now on every read fails, as reads of a lost disk do. */
  void failReads() {
    readsFail = true;
  }

  @Override
  public Optional<StoredRecord> find(RecordKey key) {
    if (readsFail) {
      throw new StoreException("the store could not read " + key);
    }
    return store.find(key);
  }

  @Override
  public StoredRecord insert(StoredRecord record) {
    if (record.kind().equals(refusedKind)) {
      throw new StoreException("the store refused an insert of " + record.kind());
    }
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
