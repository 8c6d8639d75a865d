package io.taskfn.dispatch;

import io.taskfn.store.TypedRepository;
import io.taskfn.store.VersionConflictException;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The base of every handler of due work, so that no kind can get the lease rules wrong: the claimed
 * record is decoded, a record already finished is let go, writes while the work runs keep the
 * record due (so if this server dies, another takes the work over once the lease expires), an
 * outcome whose record changed meanwhile (stopped, or taken over) is dropped, and a handler that
 * throws ends the work as failed instead of leaving it claimed.
 *
 * <p>Subclasses are {@code @Singleton} beans: a client proxy would need a no-argument constructor.
 */
public abstract class LeasedHandler<T> implements DueWorkHandler {

  private static final Logger LOG = Logger.getLogger(LeasedHandler.class);

  private final TypedRepository<T> records;

  protected LeasedHandler(TypedRepository<T> records) {
    this.records = records;
  }

  @Override
  public final String kind() {
    return records.kind();
  }

  @Override
  public final void run(Lease lease) throws InterruptedException {
    HeldRecord<T> held = new HeldRecord<>(records, lease);
    T claimed = held.value();
    try {
      if (isFinished(claimed)) {
        held.release(claimed, null);
        return;
      }
      handle(held);
    } catch (VersionConflictException changed) {
      LOG.infof("%s changed while it ran (stopped or taken over): outcome dropped", held.key());
    } catch (RuntimeException e) {
      LOG.errorf(e, "%s failed unexpectedly; it ends as failed", held.key());
      try {
        T value = held.value();
        held.release(failed(value, e), dueAfterFailure(value));
      } catch (VersionConflictException changed) {
        LOG.infof("%s changed while it failed: left as it is", held.key());
      }
    }
  }

  /** Whether the record needs no more work (it was stopped or finished after it fell due). */
  protected abstract boolean isFinished(T value);

  /** Does the work, writing progress and the outcome through {@code held}. */
  protected abstract void handle(HeldRecord<T> held) throws InterruptedException;

  /** The record as it ends after the handler threw {@code cause}: a final, failed state. */
  protected abstract T failed(T value, RuntimeException cause);

  /** When the record is due again after the handler threw: never, unless a kind says so. */
  protected Instant dueAfterFailure(T value) {
    return null;
  }
}
