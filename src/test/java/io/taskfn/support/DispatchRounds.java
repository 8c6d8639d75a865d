package io.taskfn.support;

import io.taskfn.dispatch.Dispatcher;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Runs due work in rounds until a condition holds. Each round waits for the work it started longer
 * than an SMTP attempt may take ({@code taskfn.email.smtp-timeout}, 60 s), so no delivery is left
 * running behind it; then the clock moves on (6 s, then a minute: past a delivery check and a
 * deferred attempt's retry) and what fell due again runs in the next round. For tests whose work
 * goes through an SMTP relay, which may defer an attempt.
 */
public final class DispatchRounds {

  public static final int MAX_ROUNDS = 5;

  private static final Duration ROUND_BUDGET = Duration.ofSeconds(90);

  private DispatchRounds() {}

  /**
   * The round in which {@code done} held, or -1 when it still did not after {@link #MAX_ROUNDS}.
   */
  public static int until(Dispatcher dispatcher, MutableClock clock, BooleanSupplier done)
      throws InterruptedException {
    Duration nextLook = Duration.ofSeconds(6);
    for (int round = 1; round <= MAX_ROUNDS; round++) {
      dispatcher.runUntilIdle(ROUND_BUDGET);
      if (done.getAsBoolean()) {
        return round;
      }
      clock.advance(nextLook);
      nextLook = Duration.ofMinutes(1);
    }
    return -1;
  }
}
