package io.taskfn.dispatch;

import java.time.Instant;
import java.util.Optional;

/** When a schedule fires: a cron expression, a fixed rate, one time. */
@FunctionalInterface
public interface FireTimes {

  /** The first fire strictly after {@code after}, if the schedule fires again at all. */
  Optional<Instant> nextFireAfter(Instant after);

  /** Whether the schedule names any time after {@code now}; one that does not would never fire. */
  default boolean firesAfter(Instant now) {
    return nextFireAfter(now).isPresent();
  }
}
