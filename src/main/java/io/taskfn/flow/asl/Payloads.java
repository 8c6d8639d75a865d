package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A value's size as the engine writes it (compact JSON in UTF-8), counted without writing it and
 * only as far as a budget: checking a payload limit costs at most the limit, whatever the value. A
 * value nested deeper than JSON is read and written here counts as too large.
 */
final class Payloads {
  private Payloads() {}

  /** Whether the value written as JSON takes at most {@code limitBytes}. */
  static boolean within(JsonNode value, long limitBytes) {
    return bytesAtMost(value, limitBytes) >= 0;
  }

  /** The bytes left of {@code budget} after the value written as JSON, or -1 once it is spent. */
  static long bytesAtMost(JsonNode value, long budget) {
    return bytesAtMost(value, budget, 0);
  }

  private static long bytesAtMost(JsonNode value, long budget, int depth) {
    if (budget < 0 || depth > ExecutionRun.MAX_PAYLOAD_NESTING) {
      return -1;
    }
    if (value.isTextual()) {
      return textAtMost(value.textValue(), budget - 2);
    }
    if (value.isObject()) {
      long left = budget - 2;
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      boolean first = true;
      while (fields.hasNext() && left >= 0) {
        Map.Entry<String, JsonNode> field = fields.next();
        left = textAtMost(field.getKey(), left - (first ? 3 : 4));
        left = bytesAtMost(field.getValue(), left, depth + 1);
        first = false;
      }
      return left;
    }
    if (value.isArray()) {
      long left = budget - 2;
      for (int i = 0; i < value.size() && left >= 0; i++) {
        left = bytesAtMost(value.get(i), left - (i == 0 ? 0 : 1), depth + 1);
      }
      return left;
    }
    // numbers, booleans and null: their text is what is written
    long left = budget - value.asText().length();
    return left < 0 ? -1 : left;
  }

  /**
   * A string's bytes inside quotes: UTF-8, with JSON's escapes of quotes and control characters.
   */
  private static long textAtMost(String text, long budget) {
    long left = budget;
    for (int i = 0; i < text.length() && left >= 0; i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
        left -= 2;
      } else if (c < 0x20) {
        left -= 6;
      } else if (c < 0x80) {
        left -= 1;
      } else if (c < 0x800) {
        left -= 2;
      } else if (Character.isHighSurrogate(c)) {
        left -= 4;
        i++;
      } else {
        left -= 3;
      }
    }
    return left < 0 ? -1 : left;
  }
}
