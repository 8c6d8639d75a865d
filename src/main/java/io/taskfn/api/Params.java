package io.taskfn.api;

import java.util.Collection;

/** Checks of request parameters that reject with a message naming the parameter and the rule. */
public final class Params {
  private Params() {}

  public static <T> T required(String name, T value) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      throw BadInputException.missing(name);
    }
    return value;
  }

  public static String maxLength(String name, String value, int max) {
    if (value != null && value.length() > max) {
      throw BadInputException.of(
          name, "The parameter " + name + " must be at most " + max + " characters long.");
    }
    return value;
  }

  /**
   * Rejects control characters (line breaks, tabs, NUL, …): values such as names go into HTTP
   * headers and logs, where a line break would split what follows.
   */
  public static String noControlCharacters(String name, String value) {
    if (value == null) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw BadInputException.of(
            name,
            "The parameter "
                + name
                + " must not contain control characters (U+"
                + String.format("%04X", (int) value.charAt(i))
                + " at position "
                + i
                + ").");
      }
    }
    return value;
  }

  public static int atLeast(String name, Integer value, int min, int whenAbsent) {
    int v = value == null ? whenAbsent : value;
    if (v < min) {
      throw BadInputException.of(name, "The parameter " + name + " must be at least " + min + ".");
    }
    return v;
  }

  public static int between(String name, Integer value, int min, int max, int whenAbsent) {
    int v = value == null ? whenAbsent : value;
    if (v < min || v > max) {
      throw BadInputException.of(
          name, "The parameter " + name + " must be between " + min + " and " + max + ".");
    }
    return v;
  }

  public static <T> T oneOf(String name, T value, Collection<T> allowed) {
    if (value != null && !allowed.contains(value)) {
      throw BadInputException.of(
          name,
          "The parameter " + name + " must be one of " + allowed + ", not " + Echo.of(value) + ".");
    }
    return value;
  }

  /**
   * Rejects a vendor parameter that taskfn does not act on, unless it holds {@code harmless}, the
   * value that asks for nothing (such as {@code false} for an alarm switch): accepting it and doing
   * nothing would mislead the caller.
   */
  public static <T> void notSupported(String name, T value, T harmless, String why) {
    if (value != null && !value.equals(harmless)) {
      throw BadInputException.of(name, "The parameter " + name + " is not supported: " + why + ".");
    }
  }

  /** Rejects a vendor parameter that taskfn does not act on, whatever it holds. */
  public static void notSupported(String name, Object value, String why) {
    notSupported(name, value, null, why);
  }
}
