package io.taskfn.api;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * A value that holds for the length of one call in this thread, and whatever it calls in turn: set
 * around the call, the outer value back afterwards (calls nest: a flow's Task calling another
 * function).
 */
public final class CallScoped<T> {

  private final ThreadLocal<T> current = new ThreadLocal<>();

  /** The value of the call running in this thread, if one set it. */
  public Optional<T> get() {
    return Optional.ofNullable(current.get());
  }

  /** Runs {@code call} with {@code value} as this value. */
  public <R> R with(T value, Supplier<R> call) {
    T outer = current.get();
    current.set(value);
    try {
      return call.get();
    } finally {
      if (outer == null) {
        current.remove();
      } else {
        current.set(outer);
      }
    }
  }
}
