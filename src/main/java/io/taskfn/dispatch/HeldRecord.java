package io.taskfn.dispatch;

import io.taskfn.store.RecordKey;
import io.taskfn.store.StoredRecord;
import io.taskfn.store.TypedRepository;
import java.time.Instant;

/**
 * A claimed record as its handler sees it: the value, and the two ways to write it. Mostly used by
 * the thread that runs the handler; a Standard execution's checkpoints write from its run's thread,
 * which after a stop can still be finishing beside the handler.
 */
public final class HeldRecord<T> {

  private final TypedRepository<T> records;
  private final Lease lease;

  /**
   * The value last decoded or written, and the stored text it stands for: a handler reads the value
   * several times a run, and parsing it each time was a tenth of a job instance's CPU (the codec's
   * own cache of recent texts is shared by every worker, and they push each other's out).
   */
  private volatile Known<T> known;

  /** One value, so that a reader never pairs one write's text with another's value. */
  private record Known<T>(String data, T value) {}

  HeldRecord(TypedRepository<T> records, Lease lease) {
    this.records = records;
    this.lease = lease;
  }

  /** The value as last written. */
  public T value() {
    StoredRecord current = lease.record();
    Known<T> last = known;
    if (last != null && current.data().equals(last.data())) {
      return last.value();
    }
    T value = records.decode(current);
    known = new Known<>(current.data(), value);
    return value;
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
    know(lease.write(records.encodeInto(lease.record(), value)), value);
  }

  /**
   * Writes the record for the last time and lets go of it: due again at {@code dueAt} (a retry, a
   * resumption), or never when null.
   *
   * @throws io.taskfn.store.VersionConflictException if someone else changed the record
   */
  public void release(T value, Instant dueAt) {
    know(lease.release(records.encodeInto(lease.record(), value).withDueAt(dueAt)), value);
  }

  private void know(StoredRecord written, T value) {
    known = new Known<>(written.data(), value);
  }
}
