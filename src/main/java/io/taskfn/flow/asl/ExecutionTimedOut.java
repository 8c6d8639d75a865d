package io.taskfn.flow.asl;

/** The run reached its deadline: the execution ends TimedOut, with no state's error. */
public class ExecutionTimedOut extends RuntimeException {
  public ExecutionTimedOut() {
    super("the execution timed out", null, false, false);
  }
}
