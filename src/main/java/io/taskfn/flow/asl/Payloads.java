package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A cheap bound on a value's size as JSON, so that the payload limit is checked without writing
 * every state's output out: only values that might be near the limit are measured exactly.
 */
final class Payloads {
  private Payloads() {}

  /** No character takes more than six bytes in JSON (a \\u escape). */
  private static final int WORST_BYTES_PER_CHAR = 6;

  static boolean surelyWithin(JsonNode value, int limitBytes) {
    return charsAtMost(value, limitBytes / WORST_BYTES_PER_CHAR) >= 0;
  }

  /** The characters left of {@code budget} after the value, or -1 once it is spent. */
  private static long charsAtMost(JsonNode value, long budget) {
    if (budget < 0) {
      return -1;
    }
    if (value.isTextual()) {
      return budget - value.textValue().length() - 2;
    }
    if (value.isObject()) {
      long left = budget - 2;
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext() && left >= 0) {
        Map.Entry<String, JsonNode> field = fields.next();
        left = charsAtMost(field.getValue(), left - field.getKey().length() - 4);
      }
      return left;
    }
    if (value.isArray()) {
      long left = budget - 2;
      for (int i = 0; i < value.size() && left >= 0; i++) {
        left = charsAtMost(value.get(i), left - 1);
      }
      return left;
    }
    // numbers, booleans and null: a number's text is at most a few dozen characters
    return budget - (value.isNumber() ? value.asText().length() : 5);
  }
}
