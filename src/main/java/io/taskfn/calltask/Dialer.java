package io.taskfn.calltask;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Places one call and reports how it ended: how taskfn reaches telephones. {@code
 * taskfn.calltask.dialer.type} picks the implementation: {@link SipDialer}, {@link WebhookDialer}
 * or {@link SimulatedDialer} (the default).
 */
public interface Dialer {

  /**
   * One call to place.
   *
   * @param maxRing how long the callee's phone may ring before the call is given up
   * @param play how long an answered call lasts: the length of its resource
   * @param hangUp completes when the call must end at once (its task was stopped): a dialer that
   *     can end its calls cancels a ringing one and hangs up an answered one
   */
  record Call(
      String callId,
      String taskOpenId,
      String caller,
      String callee,
      String resource,
      int type,
      Map<String, Object> phoneParam,
      Duration maxRing,
      Duration play,
      CompletableFuture<Void> hangUp) {}

  /** How a call ended: ring and start (answer) times when it got that far; the end time always. */
  record Outcome(CallResult result, Instant ringTime, Instant startTime, Instant endTime) {}

  /**
   * Places the call and waits for it to end. A dialer that cannot place the call at all (its trunk
   * or webhook is down) throws; the call then counts as unreachable.
   *
   * @throws InterruptedException when the task's work is cancelled; the call is abandoned
   */
  Outcome dial(Call call) throws InterruptedException;
}
