package io.taskfn.calltask;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.Map;

/**
 * One number of a task and where it is: waiting for its (next) call, queued for a call (due work
 * for {@link CallRunner}, so a call survives a restart and runs on one server at a time), or done
 * with a final outcome.
 *
 * @param seq the order the number was added in, across tasks
 * @param calls how many calls were placed to it
 * @param lastCallEnd when its last call ended; re-rings wait {@code RingAgainInterval} from here
 */
@RegisterForReflection
public record CallNumber(
    String taskOpenId,
    long seq,
    String phone,
    Map<String, Object> phoneParam,
    String ext,
    State state,
    int calls,
    Instant lastCallEnd,
    Integer lastResult) {

  /** The letter is what the store's indexes hold. */
  public enum State {
    WAITING("W"),
    QUEUED("Q"),
    ANSWERED("A"),
    /** Every call unanswered, with no re-ring left. */
    UNANSWERED("U"),
    /** On the do-not-call list when its call was due. */
    SKIPPED("S");

    final String letter;

    State(String letter) {
      this.letter = letter;
    }
  }

  CallNumber in(State next) {
    return new CallNumber(
        taskOpenId, seq, phone, phoneParam, ext, next, calls, lastCallEnd, lastResult);
  }

  /** After a call that ended at {@code end}, in {@code next}. */
  CallNumber called(CallResult result, Instant end, State next) {
    return new CallNumber(
        taskOpenId, seq, phone, phoneParam, ext, next, calls + 1, end, result.code());
  }
}
