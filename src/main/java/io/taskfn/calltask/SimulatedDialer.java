package io.taskfn.calltask;

import java.time.Clock;
import java.time.Instant;

/**
 * For demonstrations without telephony: every call is answered at once and ends at once. Nothing
 * leaves the server.
 */
final class SimulatedDialer implements Dialer {

  private final Clock clock;

  SimulatedDialer(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Outcome dial(Call call) {
    Instant now = clock.instant();
    return new Outcome(CallResult.ANSWERED, now, now, now);
  }
}
