package io.taskfn.mail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskfn.api.InputErrors;
import io.taskfn.api.PlainJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A report's data: rows of named values, and the columns in the order they first appear. Read from
 * a JSON array of objects, or an object whose {@code rows} is one; a value that is itself an array
 * or object is kept as its JSON text.
 */
public record ReportData(List<String> columns, List<Map<String, Object>> rows) {

  private static final ObjectMapper JSON = PlainJson.MAPPER;

  /** Why data could not be read: the run fails with this message. */
  public static final class Unreadable extends Exception {
    Unreadable(String message) {
      super(message, null, false, false);
    }
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /**
   * @param source what the message calls the text ("the inline data", "the answer of …")
   */
  public static ReportData parse(String json, String source, int maxRows) throws Unreadable {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      String at = InputErrors.where(e);
      throw new Unreadable(source + " is not valid JSON" + (at.isEmpty() ? "" : " (" + at + ")"));
    }
    JsonNode array = root != null && root.isObject() ? root.get("rows") : root;
    if (array == null || !array.isArray()) {
      throw new Unreadable(
          source + " must be a JSON array of row objects, or an object whose rows is one");
    }
    if (array.size() > maxRows) {
      throw new Unreadable(
          source + " has " + array.size() + " rows; a report takes at most " + maxRows);
    }
    Set<String> columns = new LinkedHashSet<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonNode row = array.get(i);
      if (!row.isObject()) {
        throw new Unreadable(source + ": row " + i + " is not a JSON object");
      }
      Map<String, Object> values = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        columns.add(field.getKey());
        values.put(field.getKey(), scalar(field.getValue()));
      }
      rows.add(Collections.unmodifiableMap(values));
    }
    return new ReportData(List.copyOf(columns), List.copyOf(rows));
  }

  private static Object scalar(JsonNode value) {
    if (value.isNull()) {
      return null;
    }
    if (value.isNumber()) {
      return value.numberValue();
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    return value.toString();
  }

  /** A value as text, for the CSV and the chart's categories; empty for a missing value. */
  static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  /** The value as a number, if it is one or is text that reads as one. */
  static Double number(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String s) {
      try {
        return Double.valueOf(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** Whether every value the column has is a number. */
  boolean isNumeric(String column) {
    boolean any = false;
    for (Map<String, Object> row : rows) {
      Object v = row.get(column);
      if (v == null) {
        continue;
      }
      if (!(v instanceof Number)) {
        return false;
      }
      any = true;
    }
    return any;
  }
}
