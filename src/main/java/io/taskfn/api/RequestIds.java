package io.taskfn.api;

import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
    return ASSIGNED.get().orElseGet(RequestIds::fresh);
  }

  /**
   * A random (version 4) UUID from the thread's own generator: a request id needs to be unique, not
   * unguessable, and {@link UUID#randomUUID} makes every answering thread take turns at one secure
   * generator.
   */
  static String fresh() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(high, low).toString().toUpperCase(Locale.ROOT);
  }

  /** Runs {@code call} with {@code requestId} as the id of every answer it makes. */
  public static <T> T within(String requestId, Supplier<T> call) {
    return ASSIGNED.with(requestId, call);
  }
}
