package io.taskfn.api;

import java.util.function.Supplier;

/**
 * How many flows deep the call served in this thread was made: 0 when a client made it. A flow's
 * Task state sets it for the function it calls, so that work the function only queues (a job
 * instance that runs a flow later) carries the depth to the flow it starts, and a flow that starts
 * itself through a job ends as one that starts itself directly does.
 */
public final class CallDepth {
  private CallDepth() {}

  private static final CallScoped<Integer> CURRENT = new CallScoped<>();

  public static int current() {
    return CURRENT.get().orElse(0);
  }

  /** Runs {@code call} as a call made {@code depth} flows deep. */
  public static <T> T at(int depth, Supplier<T> call) {
    return CURRENT.with(depth, call);
  }
}
