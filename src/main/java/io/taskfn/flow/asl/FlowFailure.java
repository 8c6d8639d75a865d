package io.taskfn.flow.asl;

/**
 * A failure inside an execution, with a States Language error name (for Retry and Catch) and a
 * cause text.
 */
public class FlowFailure extends RuntimeException {

  private final String error;
  private final String cause;
  private final String location;
  private volatile boolean evaluationFailedRecorded;

  public FlowFailure(String error, String cause) {
    this(error, cause, null);
  }

  /**
   * @param location the field whose evaluation failed (as Step Functions' EvaluationFailed event
   *     names it: {@code Output}, {@code Assign/result}, {@code Items}), or null
   */
  public FlowFailure(String error, String cause, String location) {
    super(error + ": " + cause, null, false, false);
    this.error = error;
    this.cause = cause;
    this.location = location;
  }

  public String location() {
    return location;
  }

  /**
   * Whether this failure needs no EvaluationFailed event (any more): it has one, or it is no
   * failure of an evaluation.
   */
  boolean evaluationFailedRecorded() {
    return evaluationFailedRecorded || !ErrorNames.QUERY_EVALUATION_ERROR.equals(error);
  }

  FlowFailure evaluationFailedRecorded(boolean recorded) {
    evaluationFailedRecorded = recorded;
    return this;
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
