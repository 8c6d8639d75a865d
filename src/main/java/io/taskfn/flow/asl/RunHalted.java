package io.taskfn.flow.asl;

/**
 * Ends a whole run from wherever it is — a state, a branch, an expression — past every Retry, Catch
 * and tolerated failure: the run timed out, was stopped, or used up a quota.
 */
public abstract sealed class RunHalted extends RuntimeException
    permits ExecutionTimedOut, ExecutionStopped, ExecutionLimitExceeded {

  RunHalted(String message) {
    super(message, null, false, false);
  }

  /** The halt inside {@code failure}'s causes, as libraries wrap what their callbacks throw. */
  static RunHalted within(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RunHalted halted) {
        return halted;
      }
    }
    return null;
  }
}
