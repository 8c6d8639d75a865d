package io.taskfn.dispatch;

import io.taskfn.store.TypedRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The base of every handler that fires a schedule: the record is due at its next fire time; when a
 * dispatcher has claimed it, the kind fires once for that time, and the base makes the record due
 * at the fire after, in the same compare-and-set that lets go of it (an outcome whose record was
 * changed meanwhile, by an update of the schedule, is dropped with the fire time it would have
 * set). A schedule never finishes: one that no longer fires is simply not due.
 *
 * <p>Misfires: a fire missed while no server ran fires once, late; the schedule then goes on from
 * now rather than replaying every missed time. A fire that failed is tried again {@link
 * #RETRY_FAILED_FIRE} later.
 */
public abstract class ScheduleFirer<T> extends LeasedHandler<T> {

  /** A fire that failed (the store refused, say) is tried again this much later. */
  public static final Duration RETRY_FAILED_FIRE = Duration.ofMinutes(1);

  private final Clock clock;

  protected ScheduleFirer(TypedRepository<T> records, Clock clock) {
    super(records);
    this.clock = clock;
  }

  /** What a fire did: the record as it is to be written, and the schedule that goes on (if any). */
  public record Fired<T>(T value, FireTimes times) {

    /** The schedule goes on at its next time after this fire. */
    public static <T> Fired<T> goOn(T value, FireTimes times) {
      return new Fired<>(value, times);
    }

    /** The schedule fires no more until it is changed (paused, or its target is gone). */
    public static <T> Fired<T> stop(T value) {
      return new Fired<>(value, null);
    }
  }

  /**
   * Fires once for {@code fireTime}. It may run again for the same time if its server dies before
   * the outcome is written: what it starts must be keyed by the fire time, so a second start finds
   * the first.
   */
  protected abstract Fired<T> fire(T value, Instant fireTime) throws InterruptedException;

  @Override
  protected final boolean isFinished(T value) {
    return false;
  }

  @Override
  protected Instant dueAfterFailure(T value) {
    return clock.instant().plus(RETRY_FAILED_FIRE);
  }

  @Override
  protected final void handle(HeldRecord<T> held) throws InterruptedException {
    Instant fireTime = held.record().dueAt();
    Fired<T> fired = fire(held.value(), fireTime);
    held.release(
        fired.value(),
        fired.times() == null ? null : nextFire(fired.times(), fireTime, clock.instant()));
  }

  /**
   * The fire after the one for {@code fireTime}, fired at {@code now}: the next scheduled time
   * after both, so a fire that came late (its server was down) is not followed by each time it
   * missed.
   */
  public static Instant nextFire(FireTimes times, Instant fireTime, Instant now) {
    return times.nextFireAfter(fireTime.isAfter(now) ? fireTime : now).orElse(null);
  }
}
