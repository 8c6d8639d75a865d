package io.taskfn.flow.asl;

/**
 * The run was stopped (or its thread interrupted) while it was computing rather than waiting: code
 * that can not throw {@link InterruptedException} ends the run with this instead.
 */
public final class ExecutionStopped extends RunHalted {
  ExecutionStopped() {
    super("the execution was stopped");
  }
}
