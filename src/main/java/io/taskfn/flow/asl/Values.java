package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/** Comparisons of JSON values as the States Language means them: numbers by value. */
public final class Values {
  private Values() {}

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
        return Json.NODES.numberNode(d.toBigInteger());
      }
    }
    return node;
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
