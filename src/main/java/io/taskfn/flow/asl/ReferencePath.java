package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A reference path ({@code $}, {@code $.a.b}, {@code $['a'][0]}): the restricted JSONPath that
 * names one place, used by ResultPath to put a result into the input, creating what is missing.
 */
public final class ReferencePath {

  private final String text;
  private final List<Object> steps;

  private ReferencePath(String text, List<Object> steps) {
    this.text = text;
    this.steps = steps;
  }

  public static ReferencePath parse(String text, String location) {
    if (text == null || !text.startsWith("$")) {
      throw new AslDefinitionException(location, "invalid reference path '" + text + "'");
    }
    List<Object> steps = new ArrayList<>();
    int i = 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
          end++;
        }
        if (end == i + 1) {
          throw new AslDefinitionException(location, "invalid reference path '" + text + "'");
        }
        steps.add(text.substring(i + 1, end));
        i = end;
      } else if (c == '[') {
        int close = text.indexOf(']', i);
        if (close < 0) {
          throw new AslDefinitionException(location, "invalid reference path '" + text + "'");
        }
        String inside = text.substring(i + 1, close).trim();
        if (inside.length() >= 2
            && (inside.startsWith("'") && inside.endsWith("'")
                || inside.startsWith("\"") && inside.endsWith("\""))) {
          steps.add(inside.substring(1, inside.length() - 1));
        } else {
          try {
            steps.add(Integer.parseInt(inside));
          } catch (NumberFormatException e) {
            throw new AslDefinitionException(location, "invalid reference path '" + text + "'");
          }
        }
        i = close + 1;
      } else {
        throw new AslDefinitionException(location, "invalid reference path '" + text + "'");
      }
    }
    if (steps.size() > JsonPathExpr.MAX_STEPS) {
      throw new AslDefinitionException(
          location,
          "invalid reference path '" + text + "': more than " + JsonPathExpr.MAX_STEPS + " steps");
    }
    return new ReferencePath(text, List.copyOf(steps));
  }

  public String text() {
    return text;
  }

  /**
   * A copy of {@code input} with {@code value} at this path. Only the containers along the path are
   * copied; the rest is shared, as values are never changed once passed on.
   */
  public JsonNode put(JsonNode input, JsonNode value) {
    if (steps.isEmpty()) {
      return value;
    }
    JsonNode root = input == null || !input.isContainerNode() ? Json.object() : shallowCopy(input);
    JsonNode node = root;
    for (int i = 0; i < steps.size(); i++) {
      Object step = steps.get(i);
      boolean last = i == steps.size() - 1;
      if (step instanceof String field) {
        if (!(node instanceof ObjectNode object)) {
          throw new FlowFailure(
              ErrorNames.RESULT_PATH_MATCH_FAILURE,
              "Unable to apply ResultPath '" + text + "' to the input");
        }
        if (last) {
          object.set(field, value);
        } else {
          JsonNode next = object.get(field);
          if (next == null || !next.isContainerNode()) {
            next = object.putObject(field);
          } else {
            next = shallowCopy(next);
            object.set(field, next);
          }
          node = next;
        }
      } else {
        int index = (Integer) step;
        if (!(node instanceof ArrayNode array) || index >= array.size()) {
          throw new FlowFailure(
              ErrorNames.RESULT_PATH_MATCH_FAILURE,
              "Unable to apply ResultPath '" + text + "' to the input");
        }
        if (last) {
          array.set(index, value);
        } else {
          node =
              array.get(index).isContainerNode() ? shallowCopy(array.get(index)) : array.get(index);
          array.set(index, node);
        }
      }
    }
    return root;
  }

  private static JsonNode shallowCopy(JsonNode container) {
    if (container instanceof ObjectNode object) {
      ObjectNode copy = Json.object();
      copy.setAll(object);
      return copy;
    }
    ArrayNode copy = Json.NODES.arrayNode(container.size());
    copy.addAll((ArrayNode) container);
    return copy;
  }
}
