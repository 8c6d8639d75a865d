package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSONPath compiled once: on the state's input ({@code $…}), on the context object ({@code $$…})
 * or on a workflow variable ({@code $name…}). Evaluation goes through Jayway JsonPath.
 */
public final class JsonPathExpr {

  static final Configuration CONFIG =
      Configuration.builder()
          .jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
          .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
          .build();

  private static final Pattern VARIABLE =
      Pattern.compile("^\\$([A-Za-z_][A-Za-z0-9_]*)((?:[.\\[].*)?)$", Pattern.DOTALL);

  enum Root {
    INPUT,
    CONTEXT,
    VARIABLE
  }

  private final String text;
  private final Root root;
  private final String variable;
  private final JsonPath path;

  /**
   * For paths of field names only ({@code $.a.b}, {@code $['a b']}): the names, read directly. A
   * bracketed name is read as it is written, backslashes included, as AWS reads it (Jayway would
   * take them as escapes). Anything else, and every miss (for its message), goes through Jayway.
   */
  private final String[] fields;

  private static final String FIELD_STEP = "\\.([A-Za-z_][A-Za-z0-9_]*)|\\['([^']*)'\\]";
  private static final Pattern FIELDS_ONLY = Pattern.compile("^\\$(?:" + FIELD_STEP + ")+$");
  private static final Pattern FIELD = Pattern.compile(FIELD_STEP);

  private JsonPathExpr(String text, Root root, String variable, String jaywayPath) {
    this.text = text;
    this.root = root;
    this.variable = variable;
    this.path = jaywayPath.equals("$") ? null : JsonPath.compile(jaywayPath);
    this.fields = fieldNames(jaywayPath);
  }

  private static String[] fieldNames(String path) {
    if (!FIELDS_ONLY.matcher(path).matches()) {
      return null;
    }
    java.util.List<String> names = new java.util.ArrayList<>();
    Matcher step = FIELD.matcher(path);
    while (step.find()) {
      names.add(step.group(1) != null ? step.group(1) : step.group(2));
    }
    return names.toArray(String[]::new);
  }

  public static boolean looksLikePath(String text) {
    return text.startsWith("$");
  }

  /**
   * Compiles a path.
   *
   * @throws AslDefinitionException naming {@code location} when it is not a valid path
   */
  public static JsonPathExpr compile(String text, String location) {
    checkShape(text, location);
    try {
      if (text.equals("$") || text.startsWith("$.") || text.startsWith("$[")) {
        return new JsonPathExpr(text, Root.INPUT, null, text);
      }
      if (text.startsWith("$$")) {
        return new JsonPathExpr(text, Root.CONTEXT, null, text.substring(1));
      }
      Matcher m = VARIABLE.matcher(text);
      if (m.matches()) {
        return new JsonPathExpr(text, Root.VARIABLE, m.group(1), "$" + m.group(2));
      }
    } catch (InvalidPathException e) {
      throw new AslDefinitionException(
          location, "invalid JSONPath '" + text + "': " + e.getMessage());
    }
    throw new AslDefinitionException(location, "invalid JSONPath '" + text + "'");
  }

  /**
   * How many steps ({@code .}, {@code [}, {@code (}) one path may have: the library reads a path
   * recursively, one level per step, and a few thousand overflow a thread's stack.
   */
  static final int MAX_STEPS = 200;

  /**
   * Checks what the library would choke on before it reads the path: too many steps, and regular
   * expressions ({@code =~}), which could backtrack for ever on a state's input.
   */
  private static void checkShape(String text, String location) {
    int steps = 0;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '.' || c == '[' || c == '(') {
        steps++;
      } else if (c == '=' && i + 1 < text.length() && text.charAt(i + 1) == '~') {
        throw new AslDefinitionException(
            location,
            "invalid JSONPath '" + text + "': regular expressions (=~) are not supported");
      }
    }
    if (steps > MAX_STEPS) {
      throw new AslDefinitionException(
          location,
          "invalid JSONPath '" + text + "': more than " + MAX_STEPS + " steps and brackets");
    }
  }

  public String text() {
    return text;
  }

  /** The path selected nothing; the message is Jayway's (as AWS words it). */
  public static final class NoResult extends RuntimeException {
    NoResult(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The value at the path.
   *
   * @throws NoResult when the path selects nothing (including an unknown variable)
   */
  public JsonNode read(JsonNode input, Bindings bindings) {
    JsonNode base =
        switch (root) {
          case INPUT -> input;
          case CONTEXT -> bindings.contextObject();
          case VARIABLE -> bindings.variable(variable);
        };
    if (base == null) {
      throw new NoResult("No results for path: " + text);
    }
    if (path == null) {
      return base;
    }
    if (fields != null) {
      JsonNode node = base;
      for (int i = 0; i < fields.length && node != null; i++) {
        node = node.isObject() ? node.get(fields[i]) : null;
      }
      if (node != null) {
        return node;
      }
    }
    try {
      return path.read(base, CONFIG);
    } catch (PathNotFoundException e) {
      if (!path.isDefinite()) {
        // A wildcard, slice or filter that selects nothing selects the empty list.
        return Json.NODES.arrayNode();
      }
      throw new NoResult(e.getMessage());
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
