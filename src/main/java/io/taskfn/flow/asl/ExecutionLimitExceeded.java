package io.taskfn.flow.asl;

/**
 * The execution used up one of its quotas: it fails with this error and cause, whatever catches.
 */
public final class ExecutionLimitExceeded extends RunHalted {

  private final String error;
  private final String cause;

  ExecutionLimitExceeded(String error, String cause) {
    super(error + ": " + cause);
    this.error = error;
    this.cause = cause;
  }

  public String error() {
    return error;
  }

  public String cause() {
    return cause;
  }
}
