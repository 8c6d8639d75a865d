package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A JSONPath-mode payload template (Parameters, ResultSelector, ItemSelector, Assign): fields whose
 * name ends in {@code .$} take the value of a path or intrinsic function; every other value is
 * copied. Compiled once.
 */
public final class PayloadTemplate {

  private sealed interface Node
      permits Constant, ObjectTemplate, ArrayTemplate, PathValue, CallValue {}

  private record Constant(JsonNode value) implements Node {}

  private record Field(String name, String sourceName, Node value) {}

  private record ObjectTemplate(List<Field> fields) implements Node {}

  private record ArrayTemplate(List<Node> items) implements Node {}

  private record PathValue(JsonPathExpr path) implements Node {}

  private record CallValue(Intrinsic call) implements Node {}

  private final Node root;

  private PayloadTemplate(Node root) {
    this.root = root;
  }

  public static PayloadTemplate compile(JsonNode template, String location) {
    return new PayloadTemplate(compileNode(template, location));
  }

  private static Node compileNode(JsonNode node, String location) {
    if (node.isObject()) {
      List<Field> fields = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        String here = location + "/" + key;
        if (key.endsWith(".$")) {
          fields.add(
              new Field(
                  key.substring(0, key.length() - 2), key, compileExpression(e.getValue(), here)));
        } else {
          fields.add(new Field(key, key, compileNode(e.getValue(), here)));
        }
      }
      return new ObjectTemplate(List.copyOf(fields));
    }
    if (node.isArray()) {
      List<Node> items = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        items.add(compileNode(node.get(i), location + "/" + i));
      }
      return new ArrayTemplate(List.copyOf(items));
    }
    return new Constant(node);
  }

  static Node compileExpression(JsonNode value, String location) {
    if (!value.isTextual()) {
      throw new AslDefinitionException(
          location, "a field ending in .$ must hold a JSONPath or intrinsic function string");
    }
    String text = value.asText();
    if (Intrinsic.looksLikeIntrinsic(text)) {
      return new CallValue(Intrinsic.parse(text, location));
    }
    if (JsonPathExpr.looksLikePath(text)) {
      return new PathValue(JsonPathExpr.compile(text, location));
    }
    throw new AslDefinitionException(
        location, "'" + text + "' is neither a JSONPath nor an intrinsic function");
  }

  public JsonNode evaluate(JsonNode input, Bindings bindings) {
    return evaluate(root, input, bindings);
  }

  private static JsonNode evaluate(Node node, JsonNode input, Bindings bindings) {
    if (node instanceof Constant c) {
      return c.value();
    }
    if (node instanceof ObjectTemplate o) {
      ObjectNode out = Json.object();
      for (Field f : o.fields()) {
        out.set(f.name(), evaluateField(f, input, bindings));
      }
      return out;
    }
    if (node instanceof ArrayTemplate a) {
      ArrayNode out = Json.NODES.arrayNode();
      for (Node item : a.items()) {
        out.add(evaluate(item, input, bindings));
      }
      return out;
    }
    if (node instanceof PathValue p) {
      return p.path().read(input, bindings);
    }
    return ((CallValue) node).call().evaluate(input, bindings);
  }

  private static JsonNode evaluateField(Field field, JsonNode input, Bindings bindings) {
    if (field.value() instanceof PathValue p) {
      try {
        return p.path().read(input, bindings);
      } catch (JsonPathExpr.NoResult e) {
        throw FlowFailure.runtime(
            "The JSONPath '"
                + p.path().text()
                + "' specified for the field '"
                + field.sourceName()
                + "' could not be found in the input '"
                + Json.write(input)
                + "'");
      }
    }
    return evaluate(field.value(), input, bindings);
  }

  /** Assign in JSONPath mode: each field is a variable name. */
  public List<String> fieldNames() {
    if (root instanceof ObjectTemplate o) {
      return o.fields().stream().map(Field::name).toList();
    }
    return List.of();
  }
}
