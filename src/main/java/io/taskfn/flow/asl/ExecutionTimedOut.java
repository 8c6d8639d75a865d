package io.taskfn.flow.asl;

/** The run reached its deadline: the execution ends TimedOut, with no state's error. */
public final class ExecutionTimedOut extends RunHalted {
  public ExecutionTimedOut() {
    super("the execution timed out");
  }
}
