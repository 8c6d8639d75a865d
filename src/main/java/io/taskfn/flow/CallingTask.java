package io.taskfn.flow;

import io.taskfn.api.CallDepth;
import io.taskfn.api.CallScoped;
import io.taskfn.flow.asl.ExecutionRun;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A Task state calling a function of this service in this thread: the run it belongs to, and when
 * its answer is due. A flow that the function starts inherits them — one call deeper, stopped with
 * the caller, ended by the earlier deadline — so a flow that calls itself ends instead of filling
 * the server with threads.
 */
record CallingTask(ExecutionRun run, Instant deadline) {

  private static final CallScoped<CallingTask> CURRENT = new CallScoped<>();

  /** The task calling in this thread, or null when a client called. */
  static CallingTask current() {
    return CURRENT.get().orElse(null);
  }

  /** Calls {@code function} as this task's call. */
  <T> T call(Supplier<T> function) {
    return CURRENT.with(this, () -> CallDepth.at(run.callDepth() + 1, function));
  }
}
