package io.taskfn.flow.asl;

/**
 * A failure inside an execution, with a States Language error name (for Retry and Catch) and a
 * cause text.
 */
public class FlowFailure extends RuntimeException {

  private final String error;
  private final String cause;

  public FlowFailure(String error, String cause) {
    super(error + ": " + cause, null, false, false);
    this.error = error;
    this.cause = cause;
  }

  public String error() {
    return error;
  }

  public String cause() {
    return cause;
  }

  public static FlowFailure runtime(String cause) {
    return new FlowFailure(ErrorNames.RUNTIME, cause);
  }
}
