package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** Comparisons of JSON values as the States Language means them: numbers by value. */
public final class Values {
  private Values() {}

  /**
   * How far a number's decimal exponent may go either way for the engine to compute with it: past a
   * double's range. JSON allows {@code 1e500000000}; turning it into an integer, or adding it to
   * 0.5, is minutes of BigInteger work. Comparisons need no bound.
   */
  static final int MAX_EXPONENT = 400;

  /** Whether the engine computes with this number (see {@link #MAX_EXPONENT}). */
  static boolean isComputable(BigDecimal d) {
    long exponent = (long) d.precision() - d.scale() - 1;
    return Math.abs(exponent) <= MAX_EXPONENT && Math.abs((long) d.scale()) <= MAX_EXPONENT * 2L;
  }

  /**
   * An integral number as a long, clamped to the long range: a count or a duration, read without
   * ever expanding a large exponent. Callers have checked {@link #isIntegral}.
   */
  static long clampedLong(JsonNode number) {
    if (number.canConvertToLong()) {
      return number.longValue();
    }
    return number.decimalValue().signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
  }

  public static boolean isIntegral(JsonNode number) {
    if (number.isIntegralNumber()) {
      return true;
    }
    BigDecimal d = number.decimalValue();
    return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
  }

  /** A number node in its smallest exact form: integral values as int or long when they fit. */
  public static JsonNode normalize(JsonNode node) {
    if (!node.isNumber()) {
      return node;
    }
    BigDecimal d = node.decimalValue();
    if (isIntegral(node)) {
      try {
        long l = d.longValueExact();
        return l == (int) l ? Json.NODES.numberNode((int) l) : Json.NODES.numberNode(l);
      } catch (ArithmeticException tooBig) {
        return isComputable(d) ? Json.NODES.numberNode(d.toBigInteger()) : node;
      }
    }
    return node;
  }

  /**
   * A text equal for two values exactly when {@link #equal} holds: numbers by value, objects
   * whatever their fields' order. Lets values be told apart by hashing, in linear time.
   */
  static String canonical(JsonNode value) {
    StringBuilder out = new StringBuilder();
    canonical(value, out);
    return out.toString();
  }

  private static void canonical(JsonNode value, StringBuilder out) {
    if (value.isNumber()) {
      BigDecimal d = value.decimalValue();
      out.append('n').append(d.signum() == 0 ? "0" : d.stripTrailingZeros().toString()).append(';');
    } else if (value.isTextual()) {
      out.append('s').append(value.textValue().length()).append(':').append(value.textValue());
    } else if (value.isArray()) {
      out.append('[');
      value.forEach(item -> canonical(item, out));
      out.append(']');
    } else if (value.isObject()) {
      out.append('{');
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      value.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
      sorted.forEach(
          (k, v) -> {
            out.append(k.length()).append(':').append(k);
            canonical(v, out);
          });
      out.append('}');
    } else {
      out.append(value.asText()).append(';');
    }
  }

  public static boolean equal(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      Iterator<Map.Entry<String, JsonNode>> fields = a.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!equal(field.getValue(), b.get(field.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!equal(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }
}
