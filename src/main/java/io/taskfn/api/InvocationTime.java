package io.taskfn.api;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The time left to the invocation served in this thread, when its trigger knows it: Lambda tells
 * its remaining time, and work that runs until a budget ends (the {@code Dispatch} function) must
 * stop before the invocation is cut off, however its timeout was configured.
 */
public final class InvocationTime {
  private InvocationTime() {}

  private static final CallScoped<Long> DEADLINE_NANOS = new CallScoped<>();

  /** What is left of the invocation, or empty when its trigger set no end (HTTP). */
  public static Optional<Duration> remaining() {
    return DEADLINE_NANOS
        .get()
        .map(deadline -> Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
  }

  /** Runs {@code call} as an invocation that ends {@code remaining} from now. */
  public static <T> T within(Duration remaining, Supplier<T> call) {
    return DEADLINE_NANOS.with(System.nanoTime() + remaining.toNanos(), call);
  }
}
