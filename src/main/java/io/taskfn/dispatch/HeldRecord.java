package io.taskfn.dispatch;

import io.taskfn.store.RecordKey;
import io.taskfn.store.StoredRecord;
import io.taskfn.store.TypedRepository;
import java.time.Instant;

/** A claimed record as its handler sees it: the value, and the two ways to write it. */
public final class HeldRecord<T> {

  private final TypedRepository<T> records;
  private final Lease lease;

  HeldRecord(TypedRepository<T> records, Lease lease) {
    this.records = records;
    this.lease = lease;
  }

  /** The value as last written. */
  public T value() {
    return records.decode(lease.record());
  }

  public StoredRecord record() {
    return lease.record();
  }

  public RecordKey key() {
    return lease.record().key();
  }

  /**
   * Writes progress and keeps holding the record, still due: should this server die, any dispatcher
   * takes the work over when the lease expires.
   *
   * @throws io.taskfn.store.VersionConflictException if someone else changed the record
   */
  public void write(T value) {
    lease.write(records.encodeInto(lease.record(), value));
  }

  /**
   * Writes the record for the last time and lets go of it: due again at {@code dueAt} (a retry, a
   * resumption), or never when null.
   *
   * @throws io.taskfn.store.VersionConflictException if someone else changed the record
   */
  public void release(T value, Instant dueAt) {
    lease.release(records.encodeInto(lease.record(), value).withDueAt(dueAt));
  }
}
