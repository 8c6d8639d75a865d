package io.taskfn.flow.asl;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSONata-mode field value: any JSON in which strings of the form {@code {% expression %}} are
 * JSONata expressions, compiled once and evaluated with {@code $states} and the workflow variables
 * bound.
 */
public final class JsonataTemplate {

  private sealed interface Node permits Constant, Expression, ObjectTemplate, ArrayTemplate {}

  private record Constant(JsonNode value) implements Node {}

  private record Expression(String text, Jsonata compiled) implements Node {}

  private record Field(String name, Node value) {}

  private record ObjectTemplate(List<Field> fields) implements Node {}

  private record ArrayTemplate(List<Node> items) implements Node {}

  private final String field;
  private final Node root;

  private JsonataTemplate(String field, Node root) {
    this.field = field;
    this.root = root;
  }

  /** Whether a string is a whole {@code {% … %}} expression. */
  public static boolean isExpression(String text) {
    return text.startsWith("{%") && text.endsWith("%}") && text.length() >= 4;
  }

  public static JsonataTemplate compile(JsonNode value, String field, String location) {
    return new JsonataTemplate(field, compileNode(value, location));
  }

  /**
   * How complex one expression may be: its operators plus the depth of its brackets, which bounds
   * how deep its syntax tree is. Parsing and evaluating recurse along that tree, so a bound keeps
   * both well inside a thread's stack; the 118 JSONata cases recorded from AWS use at most 10.
   */
  static final int MAX_COMPLEXITY = 100;

  private static Node compileNode(JsonNode node, String location) {
    if (node.isTextual() && isExpression(node.asText())) {
      String t = node.asText();
      String expression = t.substring(2, t.length() - 2).strip();
      checkComplexity(expression, location);
      try {
        Jsonata compiled = Jsonata.jsonata(expression);
        // JSON null then comes back as NULL_VALUE, and Java null means undefined.
        compiled.setOutputConvertNulls(false);
        return new Expression(expression, compiled);
      } catch (JException | IllegalArgumentException e) {
        throw new AslDefinitionException(
            location, "invalid JSONata expression '" + expression + "': " + e.getMessage());
      }
    }
    if (node.isObject()) {
      List<Field> fields = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        fields.add(new Field(e.getKey(), compileNode(e.getValue(), location + "/" + e.getKey())));
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

  /**
   * Counts what deepens an expression's syntax tree, without parsing it: operators (symbols, and
   * the words and, or, in) and the nesting of brackets, outside strings, names in backquotes and
   * comments. An overestimate — a regular expression's characters count too — never an under one.
   */
  private static void checkComplexity(String expression, String location) {
    int depth = 0;
    int deepest = 0;
    int operators = 0;
    int i = 0;
    while (i < expression.length()) {
      char c = expression.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i++;
        while (i < expression.length() && expression.charAt(i) != c) {
          i += expression.charAt(i) == '\\' ? 2 : 1;
        }
      } else if (expression.startsWith("/*", i)) {
        int end = expression.indexOf("*/", i + 2);
        i = end < 0 ? expression.length() : end + 1;
      } else if (c == '(' || c == '[' || c == '{') {
        deepest = Math.max(deepest, ++depth);
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      } else if ("+-*/%&=<>!?:~^.@#|".indexOf(c) >= 0) {
        operators++;
      } else if (Character.isLetter(c) || c == '_' || c == '$') {
        int start = i;
        while (i < expression.length()
            && (Character.isLetterOrDigit(expression.charAt(i))
                || expression.charAt(i) == '_'
                || expression.charAt(i) == '$')) {
          i++;
        }
        String word = expression.substring(start, i);
        if (word.equals("and") || word.equals("or") || word.equals("in")) {
          operators++;
        }
        continue;
      }
      i++;
    }
    if (operators + deepest > MAX_COMPLEXITY) {
      throw new AslDefinitionException(
          location,
          "the JSONata expression is too complex: "
              + operators
              + " operators and brackets nested "
              + deepest
              + " deep, more than "
              + MAX_COMPLEXITY
              + " together");
    }
  }

  /** The expression's text when the whole value is one expression, else the value as JSON. */
  public String expressionText() {
    return root instanceof Expression e ? e.text() : Json.write(toJson(root));
  }

  private static JsonNode toJson(Node node) {
    if (node instanceof Constant c) {
      return c.value();
    }
    if (node instanceof Expression e) {
      return Json.NODES.textNode("{% " + e.text() + " %}");
    }
    if (node instanceof ObjectTemplate o) {
      ObjectNode out = Json.object();
      o.fields().forEach(f -> out.set(f.name(), toJson(f.value())));
      return out;
    }
    ArrayNode out = Json.NODES.arrayNode();
    ((ArrayTemplate) node).items().forEach(i -> out.add(toJson(i)));
    return out;
  }

  /** The names of an object template's fields (Assign's variable names). */
  public List<String> fieldNames() {
    return root instanceof ObjectTemplate o
        ? o.fields().stream().map(Field::name).toList()
        : List.of();
  }

  /**
   * Evaluates with {@code states} bound as {@code $states} and each variable in the frame's scope
   * as {@code $name}, within the run's time and the {@link ExpressionLimits}.
   */
  JsonNode evaluate(Frame frame, Map<String, Object> states) {
    return evaluate(root, field, frame, states, frame.allVariables());
  }

  /** Evaluates one field of an object template (Assign evaluates them one by one). */
  JsonNode evaluateField(
      String name, Frame frame, Map<String, Object> states, Map<String, JsonNode> variables) {
    for (Field f : ((ObjectTemplate) root).fields()) {
      if (f.name().equals(name)) {
        return evaluate(f.value(), field + "/" + name, frame, states, variables);
      }
    }
    throw new IllegalArgumentException(name);
  }

  private static JsonNode evaluate(
      Node node,
      String where,
      Frame frame,
      Map<String, Object> states,
      Map<String, JsonNode> variables) {
    if (node instanceof Constant c) {
      return c.value();
    }
    if (node instanceof ObjectTemplate o) {
      ObjectNode out = Json.object();
      for (Field f : o.fields()) {
        out.set(f.name(), evaluate(f.value(), where + "/" + f.name(), frame, states, variables));
      }
      return out;
    }
    if (node instanceof ArrayTemplate a) {
      ArrayNode out = Json.NODES.arrayNode();
      for (int i = 0; i < a.items().size(); i++) {
        out.add(evaluate(a.items().get(i), where + "/" + i, frame, states, variables));
      }
      return out;
    }
    return evaluateExpression((Expression) node, where, frame.run, states, variables);
  }

  /**
   * Evaluates a compiled expression. The library keeps what an evaluation changes per thread, so
   * runs evaluate the same compiled expression at once without a lock: none can hold up another.
   */
  private static JsonNode evaluateExpression(
      Expression e,
      String where,
      ExecutionRun run,
      Map<String, Object> states,
      Map<String, JsonNode> variables) {
    Object result;
    try {
      Jsonata.Frame frame = e.compiled().createFrame();
      frame.bind("states", states);
      JsonataFunctions.bindAll(frame, run);
      for (Map.Entry<String, JsonNode> v : variables.entrySet()) {
        frame.bind(v.getKey(), toJsonata(v.getValue()));
      }
      ExpressionLimits.bind(frame, run);
      result = e.compiled().evaluate(states.get("input"), frame);
    } catch (RuntimeException ex) {
      throw evaluationFailure(e, where, ex);
    } catch (StackOverflowError ex) {
      // Only an expression that recurses through a library function past what the limits foresee.
      throw failure(e.text(), where, "is nested too deeply to evaluate.");
    }
    if (result == null) {
      throw failure(e.text(), where, "returned nothing (undefined).");
    }
    if (!isJson(result)) {
      throw failure(e.text(), where, "returned an unsupported result type.");
    }
    JsonNode value;
    try {
      value = fromJsonata(result);
    } catch (IllegalArgumentException notFinite) {
      throw failure(e.text(), where, "returned a number out of range: " + notFinite.getMessage());
    }
    if (!run.fitsPayload(value)) {
      throw new FlowFailure(
          ErrorNames.DATA_LIMIT_EXCEEDED,
          "The JSONata expression '"
              + e.text()
              + "' specified for the field '"
              + where
              + "' returned a value larger than "
              + ExecutionRun.MAX_PAYLOAD_BYTES
              + " bytes.");
    }
    return value;
  }

  /**
   * What an evaluation that threw becomes. The library wraps what its callbacks throw, so a run's
   * halt and a reached limit are looked for among the causes.
   */
  private static RuntimeException evaluationFailure(
      Expression e, String where, RuntimeException ex) {
    RunHalted halted = RunHalted.within(ex);
    if (halted != null) {
      return halted;
    }
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof ExpressionLimits.LimitReached limit) {
        return new FlowFailure(
            limit.data() ? ErrorNames.DATA_LIMIT_EXCEEDED : ErrorNames.QUERY_EVALUATION_ERROR,
            "The JSONata expression '"
                + e.text()
                + "' specified for the field '"
                + where
                + "' "
                + limit.getMessage()
                + ".",
            where);
      }
      if (t instanceof StackOverflowError) {
        return failure(e.text(), where, "is nested too deeply to evaluate.");
      }
    }
    if (ex instanceof JException j) {
      return failure(
          e.text(),
          where,
          "threw an error during evaluation. " + j.getError() + ": " + j.getMessage());
    }
    return failure(e.text(), where, "threw an error during evaluation. " + ex.getMessage());
  }

  /** A States.QueryEvaluationError about an expression in a field, worded as AWS words it. */
  static FlowFailure failure(String expression, String field, String what) {
    return new FlowFailure(
        ErrorNames.QUERY_EVALUATION_ERROR,
        "The JSONata expression '"
            + expression
            + "' specified for the field '"
            + field
            + "' "
            + what,
        field);
  }

  /** The failure for a result of the wrong JSON type. */
  static FlowFailure wrongType(String expression, String field, String expected, JsonNode value) {
    return failure(
        expression,
        field,
        "returned an unexpected result type. Expected '"
            + expected
            + "', but was '"
            + Json.typeName(value)
            + "' for value: "
            + Json.write(value));
  }

  private static boolean isJson(Object value) {
    if (value == null
        || value == Jsonata.NULL_VALUE
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean) {
      return true;
    }
    if (value instanceof Map<?, ?> map) {
      return map.values().stream().allMatch(JsonataTemplate::isJson);
    }
    if (value instanceof List<?> list) {
      return list.stream().allMatch(JsonataTemplate::isJson);
    }
    return false;
  }

  /** JSON into JSONata's values: JSON null is its NULL_VALUE, since Java null means undefined. */
  public static Object toJsonata(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Jsonata.NULL_VALUE;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), toJsonata(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      node.forEach(item -> list.add(toJsonata(item)));
      return list;
    }
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
    }
    return node.doubleValue();
  }

  public static JsonNode fromJsonata(Object value) {
    if (value == null || value == Jsonata.NULL_VALUE) {
      return Json.NODES.nullNode();
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode out = Json.object();
      map.forEach(
          (k, v) -> {
            if (v != null) {
              out.set(String.valueOf(k), fromJsonata(v));
            }
          });
      return out;
    }
    if (value instanceof List<?> list) {
      ArrayNode out = Json.NODES.arrayNode();
      list.forEach(v -> out.add(fromJsonata(v)));
      return out;
    }
    if (value instanceof String s) {
      return Json.NODES.textNode(s);
    }
    if (value instanceof Boolean b) {
      return Json.NODES.booleanNode(b);
    }
    if (value instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        throw new IllegalArgumentException("not a JSON number: " + d);
      }
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return Values.normalize(Json.NODES.numberNode(BigDecimal.valueOf(d.longValue())));
      }
      return Json.NODES.numberNode(BigDecimal.valueOf(d));
    }
    if (value instanceof Number n) {
      return Values.normalize(Json.NODES.numberNode(new BigDecimal(n.toString())));
    }
    return Json.fromJava(value);
  }
}
