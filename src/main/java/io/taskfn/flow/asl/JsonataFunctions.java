package io.taskfn.flow.asl;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The functions Step Functions adds to JSONata ({@code $partition}, {@code $range}, {@code $hash},
 * {@code $random}, {@code $uuid}, {@code $parse}), sharing their rules with the intrinsic functions
 * of the same meaning; and bounded stand-ins for the library's functions whose cost does not follow
 * from the size of their arguments: {@code $pad} (its width), and the regular expression functions
 * {@code $match}, {@code $contains}, {@code $replace}, {@code $split} (a pattern can backtrack for
 * ever on a short text).
 */
final class JsonataFunctions {
  private JsonataFunctions() {}

  /** How many characters a regular expression may read, backtracking included, per call. */
  static final long MAX_REGEX_STEPS = 20_000_000;

  static void bindAll(Jsonata.Frame frame, ExecutionRun run) {
    frame.bind(
        "partition",
        (Jsonata.Fn2<List<Object>, Number, List<Object>>)
            (array, size) -> {
              int chunk = size.intValue();
              if (chunk <= 0) {
                throw new JException("$partition: the chunk size must be greater than 0", 0);
              }
              List<Object> out = new ArrayList<>();
              for (int i = 0; i < array.size(); i += chunk) {
                out.add(new ArrayList<>(array.subList(i, Math.min(array.size(), i + chunk))));
              }
              return out;
            });
    // Variadic functions are only called when wrapped with Jsonata.function.
    frame.bind("range", Jsonata.function("range", JsonataFunctions::range, null));
    frame.bind(
        "hash",
        (Jsonata.Fn2<String, String, String>) (data, algorithm) -> Intrinsic.hash(data, algorithm));
    frame.bind(
        "random",
        Jsonata.function(
            "random",
            (Jsonata.FnVarArgs<Double>)
                args ->
                    args.isEmpty() || !(args.get(0) instanceof Number seed)
                        ? ThreadLocalRandom.current().nextDouble()
                        : new Random(seed.longValue()).nextDouble(),
            null));
    frame.bind("uuid", (Jsonata.Fn0<String>) () -> UUID.randomUUID().toString());
    frame.bind(
        "parse",
        (Jsonata.Fn1<String, Object>)
            text -> {
              try {
                return JsonataTemplate.toJsonata(Json.parse(text));
              } catch (IllegalArgumentException e) {
                throw new JException("$parse: not valid JSON: " + TextNode.valueOf(text), 0);
              }
            });
    // The library's own signatures, so that arguments are checked and defaulted as before.
    frame.bind("pad", new Jsonata.JFunction((input, args) -> pad(args), "<s-ns?:s>"));
    frame.bind(
        "match",
        new Jsonata.JFunction(
            (input, args) -> {
              Pattern pattern = (Pattern) arg(args, 1);
              Integer limit = integer(arg(args, 2));
              probe(run, pattern, (String) arg(args, 0), limit == null ? Long.MAX_VALUE : limit);
              return Functions.match((String) arg(args, 0), pattern, limit);
            },
            "<s-f<s:o>n?:a<o>>"));
    frame.bind(
        "contains",
        new Jsonata.JFunction(
            (input, args) -> {
              if (arg(args, 1) instanceof Pattern pattern) {
                probe(run, pattern, (String) arg(args, 0), 1);
              }
              return Functions.contains((String) arg(args, 0), arg(args, 1));
            },
            "<s-(sf):b>"));
    frame.bind(
        "split",
        new Jsonata.JFunction(
            (input, args) -> {
              if (arg(args, 1) instanceof Pattern pattern) {
                probe(run, pattern, (String) arg(args, 0), Long.MAX_VALUE);
              }
              return Functions.split((String) arg(args, 0), arg(args, 1), (Number) arg(args, 2));
            },
            "<s-(sf)n?:a<s>>"));
    frame.bind(
        "replace", new Jsonata.JFunction((input, args) -> replace(run, args), "<s-(sf)(sf)n?:s>"));
  }

  private static Object arg(List<?> args, int index) {
    return index < args.size() ? args.get(index) : null;
  }

  private static Integer integer(Object number) {
    return number == null ? null : ((Number) number).intValue();
  }

  /** $range(start, end[, step]), at most as many items as an array in a payload can have. */
  private static Object range(List<?> args) {
    long start = ((Number) args.get(0)).longValue();
    long end = ((Number) args.get(1)).longValue();
    long step = args.size() > 2 ? ((Number) args.get(2)).longValue() : 1;
    if (step == 0) {
      throw new JException("$range: the step must not be 0", 0);
    }
    double count = Math.floor(((double) end - start) / step) + 1;
    if (count > ExpressionLimits.MAX_MEMBERS) {
      throw ExpressionLimits.tooLarge(
          "asked $range for more than " + ExpressionLimits.MAX_MEMBERS + " items");
    }
    List<Object> out = new ArrayList<>((int) Math.max(0, count));
    for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
      out.add(v);
    }
    // A one-item sequence is its item in JSONata.
    return out.size() == 1 ? out.get(0) : out;
  }

  /**
   * $pad(str, width[, char]) as the library pads — to {@code |width|} code points, on the right for
   * a positive width, on the left for a negative one, repeating {@code char} (default a space) —
   * but in time proportional to the result, whose length is bounded first.
   */
  private static String pad(List<?> args) {
    String str = (String) arg(args, 0);
    if (str == null) {
      return null;
    }
    double width = ((Number) arg(args, 1)).doubleValue();
    if (Math.abs(width) > ExpressionLimits.MAX_STRING_CHARS) {
      throw ExpressionLimits.tooLarge(
          "asked $pad for more than " + ExpressionLimits.MAX_STRING_CHARS + " characters");
    }
    String with = (String) arg(args, 2);
    if (with == null || with.isEmpty()) {
      with = " ";
    }
    int pads = (int) Math.abs(width) - str.codePointCount(0, str.length());
    if (pads <= 0) {
      return str;
    }
    int[] padding = with.codePoints().toArray();
    StringBuilder fill = new StringBuilder();
    for (int i = 0; i < pads; i++) {
      fill.appendCodePoint(padding[i % padding.length]);
    }
    return width < 0 ? fill + str : str + fill;
  }

  /**
   * $replace, after checking that the pattern's matches cost little to find and that the result
   * stays within a string's bound. With a limit the library replaces the first match again and
   * again; it does so at most as many times as the text has matches.
   */
  private static String replace(ExecutionRun run, List<?> args) {
    String str = (String) arg(args, 0);
    Object pattern = arg(args, 1);
    Object replacement = arg(args, 2);
    Integer limit = integer(arg(args, 3));
    if (str == null || pattern instanceof String p && p.isEmpty()) {
      return Functions.replace(str, pattern, replacement, limit);
    }
    Matches matches =
        pattern instanceof Pattern regex
            ? probe(run, regex, str, limit == null ? Long.MAX_VALUE : Math.max(0, limit))
            : Matches.of((String) pattern, str);
    if (replacement instanceof String r) {
      long perMatch = r.length() + r.chars().filter(c -> c == '$').count() * matches.longest();
      if (str.length() + matches.count() * perMatch > ExpressionLimits.MAX_STRING_CHARS) {
        throw ExpressionLimits.tooLarge(
            "would make a string of more than "
                + ExpressionLimits.MAX_STRING_CHARS
                + " characters with $replace");
      }
    }
    Integer bounded = limit == null ? null : (int) Math.min(limit, matches.count());
    return Functions.replace(str, pattern, replacement, bounded);
  }

  /** How many times a pattern matches a text, and its longest match. */
  private record Matches(long count, long longest) {
    static Matches of(String literal, String text) {
      long count = 0;
      for (int at = text.indexOf(literal); at >= 0; at = text.indexOf(literal, at + 1)) {
        count++;
      }
      return new Matches(count, literal.length());
    }
  }

  /**
   * Finds up to {@code most} matches of {@code pattern} in {@code text}, reading the text through a
   * counter: a pattern that backtracks too much ends the evaluation, and the library's own call
   * that follows does no more work than this one did.
   */
  private static Matches probe(ExecutionRun run, Pattern pattern, String text, long most) {
    if (text == null) {
      return new Matches(0, 0);
    }
    Matcher matcher = pattern.matcher(new CountedText(text, 0, text.length(), new long[1], run));
    long count = 0;
    long longest = 0;
    while (count < most && matcher.find()) {
      count++;
      longest = Math.max(longest, matcher.end() - matcher.start());
    }
    return new Matches(count, longest);
  }

  /** A text whose reads are counted against {@link #MAX_REGEX_STEPS}. */
  private record CountedText(String text, int from, int length, long[] reads, ExecutionRun run)
      implements CharSequence {

    @Override
    public char charAt(int index) {
      if (++reads[0] % 65_536 == 0) {
        run.checkRunning();
        if (reads[0] > MAX_REGEX_STEPS) {
          throw ExpressionLimits.tooCostly(
              "ran a regular expression for more than " + MAX_REGEX_STEPS + " steps");
        }
      }
      return text.charAt(from + index);
    }

    @Override
    public int length() {
      return length;
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new CountedText(text, from + start, end - start, reads, run);
    }

    @Override
    public String toString() {
      return text.substring(from, from + length);
    }
  }
}
