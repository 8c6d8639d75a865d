package io.taskfn.calltask;

/** How a call ended, as the vendor's {@code callResult} codes say it. */
public enum CallResult {
  ANSWERED(1),
  UNREACHABLE(6),
  NO_ANSWER(7),
  BUSY(8),
  REJECTED(9),
  RING_TIMEOUT(28),
  /** taskfn's own: the number was on the do-not-call list when its call was due; not dialled. */
  DO_NOT_CALL(100),
  /** taskfn's own: the task was stopped while the phone rang, and the call was cancelled. */
  STOPPED(101);

  private final int code;

  CallResult(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** Whether the number is called again (while re-rings remain). */
  public boolean isUnanswered() {
    return this != ANSWERED && this != DO_NOT_CALL;
  }

  public static CallResult fromCode(int code) {
    for (CallResult r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    throw new IllegalArgumentException("no callResult " + code);
  }
}
