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

  private static final ThreadLocal<Long> DEADLINE_NANOS = new ThreadLocal<>();

  /** What is left of the invocation, or empty when its trigger set no end (HTTP). */
  public static Optional<Duration> remaining() {
    Long deadline = DEADLINE_NANOS.get();
    return deadline == null
        ? Optional.empty()
        : Optional.of(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
  }

  /** Runs {@code call} as an invocation that ends {@code remaining} from now. */
  public static <T> T within(Duration remaining, Supplier<T> call) {
    Long outer = DEADLINE_NANOS.get();
    DEADLINE_NANOS.set(System.nanoTime() + remaining.toNanos());
    try {
      return call.get();
    } finally {
      if (outer == null) {
        DEADLINE_NANOS.remove();
      } else {
        DEADLINE_NANOS.set(outer);
      }
    }
  }
}
