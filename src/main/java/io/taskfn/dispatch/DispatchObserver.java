package io.taskfn.dispatch;

import java.time.Duration;
import java.util.function.LongSupplier;

/** What the dispatcher reports as it works, for metrics. Every method may be left out. */
public interface DispatchObserver {

  DispatchObserver NONE = new DispatchObserver() {};

  /** A record of {@code kind} was claimed {@code lag} after it fell due. */
  default void claimed(String kind, Duration lag) {}

  /**
   * A handler of {@code kind} returned: {@code done}, {@code cancelled} (interrupted by a stop),
   * {@code error} (it threw and the record waits for its lease to expire) or {@code lost}.
   */
  default void attemptFinished(String kind, String outcome) {}

  /** Publishes how much work of {@code kind} is due and how much runs in this process. */
  default void watch(String kind, LongSupplier due, LongSupplier running) {}
}
