package io.taskfn.api;

import java.util.Locale;
import java.util.UUID;

/** Fresh request ids in the vendors' upper-case UUID form. */
public final class RequestIds {
  private RequestIds() {}

  public static String next() {
    return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
  }
}
