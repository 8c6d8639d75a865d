package io.taskfn.api;

/**
 * A value from a request as a message may quote it: cut to {@value #MAX_LENGTH} characters and an
 * ellipsis, so a megabyte of name is not sent back in a megabyte of error (nor written to a log).
 * Every message that repeats what a client sent goes through here.
 */
public final class Echo {
  private Echo() {}

  public static final int MAX_LENGTH = 128;

  public static String of(Object value) {
    return cut(String.valueOf(value), MAX_LENGTH);
  }

  /** {@code text} cut to {@code max} characters and an ellipsis, if it is longer. */
  public static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    // Never split a surrogate pair: half a character is not valid in the JSON answer.
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end) + "…";
  }
}
