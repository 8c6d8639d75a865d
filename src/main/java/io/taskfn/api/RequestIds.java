package io.taskfn.api;

import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Request ids in the vendors' upper-case UUID form: a fresh one per answer, or, while a trigger
 * that was given one serves a call ({@link #within}), that one, so that every answer of a Lambda
 * invocation carries the id Lambda assigned it.
 */
public final class RequestIds {
  private RequestIds() {}

  private static final CallScoped<String> ASSIGNED = new CallScoped<>();

  public static String next() {
    return ASSIGNED.get().orElseGet(() -> UUID.randomUUID().toString().toUpperCase(Locale.ROOT));
  }

  /** Runs {@code call} with {@code requestId} as the id of every answer it makes. */
  public static <T> T within(String requestId, Supplier<T> call) {
    return ASSIGNED.with(requestId, call);
  }
}
