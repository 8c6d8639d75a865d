package io.taskfn.dispatch;

import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoredRecord;
import java.time.Clock;
import java.time.Duration;

/**
 * A dispatcher's hold on one claimed record. Every write of the record while it is held goes
 * through here, so the heartbeat always extends the version the handler last wrote.
 */
public final class Lease {

  private final StoreBackend store;
  private final Clock clock;
  private final Duration duration;
  private StoredRecord current;
  private boolean lost;

  Lease(StoreBackend store, Clock clock, Duration duration, StoredRecord claimed) {
    this.store = store;
    this.clock = clock;
    this.duration = duration;
    this.current = claimed;
  }

  public synchronized StoredRecord record() {
    return current;
  }

  /**
   * Writes the record and keeps holding it.
   *
   * @throws io.taskfn.store.VersionConflictException if someone else changed the record: the holder
   *     must give up the work
   */
  public synchronized StoredRecord write(StoredRecord next) {
    current =
        store.replace(
            next.withVersion(current.version())
                .withLease(current.leaseOwner(), current.leaseUntil()));
    return current;
  }

  /** Writes the record for the last time, letting go of it. */
  public synchronized StoredRecord release(StoredRecord last) {
    current = store.replace(last.withVersion(current.version()).withoutLease());
    return current;
  }

  synchronized void heartbeat() {
    if (lost || current.leaseOwner() == null) {
      return;
    }
    var until = clock.instant().plus(duration);
    if (store.extendLease(current.key(), current.version(), current.leaseOwner(), until)) {
      current = current.withLease(current.leaseOwner(), until);
    } else {
      lost = true;
    }
  }

  /** Whether a heartbeat found the record changed under us: our outcome will not be written. */
  public synchronized boolean isLost() {
    return lost;
  }
}
