package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An intrinsic function call ({@code States.Format('{}', $.a)}, …), parsed once into a tree of
 * arguments (literals, paths, nested calls) and evaluated against a state's input.
 */
public final class Intrinsic {

  /** Step Functions' limit: "You can nest up to 10 intrinsic functions within a field". */
  static final int MAX_NESTING = 10;

  private static final Set<String> FUNCTIONS =
      Set.of(
          "Format",
          "StringToJson",
          "JsonToString",
          "Array",
          "ArrayPartition",
          "ArrayContains",
          "ArrayRange",
          "ArrayGetItem",
          "ArrayLength",
          "ArrayUnique",
          "Base64Encode",
          "Base64Decode",
          "Hash",
          "JsonMerge",
          "MathRandom",
          "MathAdd",
          "StringSplit",
          "UUID");

  private sealed interface Arg permits Literal, PathArg, Call {}

  /** A string literal keeps its raw text too: Format reads escapes itself. */
  private record Literal(JsonNode value, String raw) implements Arg {}

  private record PathArg(JsonPathExpr path) implements Arg {}

  private record Call(String name, List<Arg> args) implements Arg {}

  private final String text;
  private final Call call;

  private Intrinsic(String text, Call call) {
    this.text = text;
    this.call = call;
  }

  public static boolean looksLikeIntrinsic(String text) {
    return text.startsWith("States.");
  }

  public static Intrinsic parse(String text, String location) {
    Parser parser = new Parser(text, location);
    Call call = parser.call();
    parser.skipSpaces();
    if (!parser.atEnd()) {
      throw parser.error("unexpected text after the closing parenthesis");
    }
    return new Intrinsic(text, call);
  }

  public String text() {
    return text;
  }

  public JsonNode evaluate(JsonNode input, Bindings bindings) {
    return evaluate(call, input, bindings);
  }

  private static JsonNode evaluate(Arg arg, JsonNode input, Bindings bindings) {
    if (arg instanceof Literal literal) {
      return literal.value();
    }
    if (arg instanceof PathArg path) {
      try {
        return path.path().read(input, bindings);
      } catch (JsonPathExpr.NoResult e) {
        throw new FlowFailure(
            ErrorNames.RUNTIME,
            "The JsonPath argument for the field '"
                + path.path().text()
                + "' could not be found in the input");
      }
    }
    return apply((Call) arg, input, bindings);
  }

  /**
   * Applies a call to its evaluated arguments. No result may be larger than a payload, so that
   * nested calls can not build up (and write out) what no state could pass on.
   */
  private static JsonNode apply(Call call, JsonNode input, Bindings bindings) {
    List<JsonNode> args = new ArrayList<>(call.args().size());
    for (Arg arg : call.args()) {
      args.add(evaluate(arg, input, bindings));
    }
    JsonNode result = compute(call, args);
    if (!Payloads.within(result, ExecutionRun.MAX_PAYLOAD_BYTES)) {
      throw tooLarge(call.name());
    }
    return result;
  }

  private static FlowFailure tooLarge(String function) {
    return new FlowFailure(
        ErrorNames.DATA_LIMIT_EXCEEDED,
        "States."
            + function
            + ": the result would be larger than "
            + ExecutionRun.MAX_PAYLOAD_BYTES
            + " bytes");
  }

  private static JsonNode compute(Call call, List<JsonNode> args) {
    String name = call.name();
    return switch (name) {
      case "Format" -> format(call, args);
      case "StringToJson" -> {
        String s = string(name, args, 0, 1);
        if (s.isBlank()) {
          yield Json.NODES.nullNode();
        }
        try {
          yield Json.parse(s);
        } catch (IllegalArgumentException e) {
          throw failure(name, "the argument is not valid JSON: " + s);
        }
      }
      case "JsonToString" -> {
        arity(name, args, 1);
        yield TextNode.valueOf(Json.write(args.get(0)));
      }
      case "Array" -> {
        ArrayNode array = Json.NODES.arrayNode();
        args.forEach(array::add);
        yield array;
      }
      case "ArrayPartition" -> {
        ArrayNode array = array(name, args, 0, 2);
        int size = integer(name, args, 1);
        if (size <= 0) {
          throw failure(name, "the chunk size must be greater than 0");
        }
        ArrayNode out = Json.NODES.arrayNode();
        ArrayNode chunk = null;
        for (JsonNode item : array) {
          if (chunk == null || chunk.size() == size) {
            chunk = out.addArray();
          }
          chunk.add(item);
        }
        yield out;
      }
      case "ArrayContains" -> {
        ArrayNode array = array(name, args, 0, 2);
        JsonNode wanted = args.get(1);
        boolean found = false;
        for (JsonNode item : array) {
          found |= Values.equal(item, wanted);
        }
        yield Json.NODES.booleanNode(found);
      }
      case "ArrayRange" -> {
        arity(name, args, 3);
        long start = integer(name, args, 0);
        long end = integer(name, args, 1);
        long step = integer(name, args, 2);
        if (step == 0) {
          throw failure(name, "the step must not be 0");
        }
        ArrayNode out = Json.NODES.arrayNode();
        for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
          if (out.size() == 1000) {
            throw failure(name, "the result would have more than 1000 items");
          }
          out.add(v);
        }
        yield out;
      }
      case "ArrayGetItem" -> {
        ArrayNode array = array(name, args, 0, 2);
        int index = integer(name, args, 1);
        if (index < 0 || index >= array.size()) {
          throw failure(name, "the index " + index + " is out of bounds");
        }
        yield array.get(index);
      }
      case "ArrayLength" -> Json.NODES.numberNode(array(name, args, 0, 1).size());
      case "ArrayUnique" -> {
        ArrayNode array = array(name, args, 0, 1);
        ArrayNode out = Json.NODES.arrayNode();
        Set<String> seen = new HashSet<>();
        for (JsonNode item : array) {
          if (seen.add(Values.canonical(item))) {
            out.add(item);
          }
        }
        yield out;
      }
      case "Base64Encode" -> {
        String s = string(name, args, 0, 1);
        yield TextNode.valueOf(
            Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
      }
      case "Base64Decode" -> {
        String s = string(name, args, 0, 1);
        try {
          yield TextNode.valueOf(new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw failure(name, "the argument is not valid base64");
        }
      }
      case "Hash" -> {
        String data = string(name, args, 0, 2);
        String algorithm = args.get(1).asText();
        yield TextNode.valueOf(hash(data, algorithm));
      }
      case "JsonMerge" -> {
        arity(name, args, 3);
        if (!args.get(0).isObject() || !args.get(1).isObject()) {
          throw failure(name, "both arguments to merge must be JSON objects");
        }
        if (!args.get(2).isBoolean() || args.get(2).asBoolean()) {
          throw failure(name, "deep merging is not supported: the third argument must be false");
        }
        ObjectNode merged = ((ObjectNode) args.get(0)).deepCopy();
        merged.setAll((ObjectNode) args.get(1));
        yield merged;
      }
      case "MathRandom" -> {
        if (args.size() != 2 && args.size() != 3) {
          throw failure(name, "expects 2 or 3 arguments");
        }
        int start = truncated(name, args, 0);
        int end = truncated(name, args, 1);
        if (end <= start) {
          throw failure(name, "the end must be greater than the start");
        }
        Random random =
            args.size() == 3 ? new Random(truncated(name, args, 2)) : ThreadLocalRandom.current();
        long range = (long) end - start;
        yield Json.NODES.numberNode(
            range <= Integer.MAX_VALUE
                ? start + random.nextInt((int) range)
                : random.nextLong(start, end));
      }
      case "MathAdd" -> {
        arity(name, args, 2);
        // Step Functions rounds each argument half up to an integer before adding.
        yield Values.normalize(
            Json.NODES.numberNode(
                roundHalfUp(number(name, args, 0)).add(roundHalfUp(number(name, args, 1)))));
      }
      case "StringSplit" -> {
        String s = string(name, args, 0, 2);
        String delimiters = args.get(1).asText();
        ArrayNode out = Json.NODES.arrayNode();
        StringBuilder current = new StringBuilder();
        for (char c : s.toCharArray()) {
          if (delimiters.indexOf(c) >= 0) {
            if (!current.isEmpty()) {
              out.add(current.toString());
            }
            current.setLength(0);
          } else {
            current.append(c);
          }
        }
        if (!current.isEmpty()) {
          out.add(current.toString());
        }
        yield out;
      }
      case "UUID" -> {
        arity(name, args, 0);
        yield TextNode.valueOf(UUID.randomUUID().toString());
      }
      default -> throw failure(name, "unknown function");
    };
  }

  private static JsonNode format(Call call, List<JsonNode> args) {
    if (args.isEmpty() || !args.get(0).isTextual()) {
      throw failure("Format", "the first argument must be a string");
    }
    String raw =
        call.args().get(0) instanceof Literal template && template.raw() != null
            ? template.raw()
            : args.get(0).asText();
    StringBuilder out = new StringBuilder();
    int next = 1;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length()) {
        out.append(raw.charAt(++i));
      } else if (c == '{' && i + 1 < raw.length() && raw.charAt(i + 1) == '}') {
        if (next >= args.size()) {
          throw failure("Format", "the template has more {} than there are arguments");
        }
        JsonNode value = args.get(next++);
        out.append(formatted(value));
        if (out.length() > ExecutionRun.MAX_PAYLOAD_BYTES) {
          throw tooLarge("Format");
        }
        i++;
      } else {
        out.append(c);
      }
    }
    if (next != args.size()) {
      throw failure("Format", "there are more arguments than {} in the template");
    }
    return TextNode.valueOf(out.toString());
  }

  static String hash(String data, String algorithm) {
    String javaName =
        switch (algorithm) {
          case "MD5" -> "MD5";
          case "SHA-1" -> "SHA-1";
          case "SHA-256" -> "SHA-256";
          case "SHA-384" -> "SHA-384";
          case "SHA-512" -> "SHA-512";
          default ->
              throw failure(
                  "Hash",
                  "the hash algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512, not "
                      + algorithm);
        };
    try {
      byte[] digest =
          MessageDigest.getInstance(javaName).digest(data.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static java.math.BigDecimal roundHalfUp(java.math.BigDecimal value) {
    return value.add(new java.math.BigDecimal("0.5")).setScale(0, java.math.RoundingMode.FLOOR);
  }

  /** How Format shows a value: strings as they are, objects and arrays as {k=v} and [a, b]. */
  private static String formatted(JsonNode value) {
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isObject()) {
      StringBuilder out = new StringBuilder("{");
      value
          .fields()
          .forEachRemaining(
              e ->
                  out.append(out.length() > 1 ? ", " : "")
                      .append(e.getKey())
                      .append('=')
                      .append(formatted(e.getValue())));
      return out.append('}').toString();
    }
    if (value.isArray()) {
      StringBuilder out = new StringBuilder("[");
      for (JsonNode item : value) {
        out.append(out.length() > 1 ? ", " : "").append(formatted(item));
      }
      return out.append(']').toString();
    }
    return Json.write(value);
  }

  private static FlowFailure failure(String function, String why) {
    return new FlowFailure(ErrorNames.INTRINSIC_FAILURE, "States." + function + ": " + why);
  }

  private static void arity(String name, List<JsonNode> args, int expected) {
    if (args.size() != expected) {
      throw failure(name, "expects " + expected + " arguments, got " + args.size());
    }
  }

  private static String string(String name, List<JsonNode> args, int index, int arity) {
    arity(name, args, arity);
    JsonNode value = args.get(index);
    if (!value.isTextual()) {
      throw failure(name, "argument " + (index + 1) + " must be a string");
    }
    return value.asText();
  }

  private static ArrayNode array(String name, List<JsonNode> args, int index, int arity) {
    arity(name, args, arity);
    JsonNode value = args.get(index);
    if (!value.isArray()) {
      throw failure(name, "argument " + (index + 1) + " must be an array");
    }
    return (ArrayNode) value;
  }

  /** A number as an integer, its fraction dropped (AWS's MathRandom takes 12.5 as 12). */
  private static int truncated(String name, List<JsonNode> args, int index) {
    JsonNode value = args.get(index);
    if (value.isNumber()
        && !Values.isIntegral(value)
        && Values.isComputable(value.decimalValue())) {
      List<JsonNode> whole = new java.util.ArrayList<>(args);
      whole.set(
          index,
          Json.NODES.numberNode(
              value.decimalValue().setScale(0, java.math.RoundingMode.DOWN).toBigInteger()));
      return integer(name, whole, index);
    }
    return integer(name, args, index);
  }

  private static int integer(String name, List<JsonNode> args, int index) {
    JsonNode value = args.get(index);
    if (!value.isNumber() || !Values.isIntegral(value)) {
      throw failure(name, "argument " + (index + 1) + " must be an integer");
    }
    long integer = Values.clampedLong(value);
    if (integer != (int) integer) {
      throw failure(
          name, "argument " + (index + 1) + " must be an integer from -2147483648 to 2147483647");
    }
    return (int) integer;
  }

  private static BigDecimal number(String name, List<JsonNode> args, int index) {
    JsonNode value = args.get(index);
    if (!value.isNumber()) {
      throw failure(name, "argument " + (index + 1) + " must be a number");
    }
    if (!Values.isComputable(value.decimalValue())) {
      throw failure(
          name,
          "argument "
              + (index + 1)
              + " is out of range: numbers from 1e-"
              + Values.MAX_EXPONENT
              + " to 1e"
              + Values.MAX_EXPONENT
              + " are computed with");
    }
    return value.decimalValue();
  }

  /** Recursive descent over the call syntax. */
  private static final class Parser {
    private final String text;
    private final String location;
    private int pos;
    private int nesting;

    Parser(String text, String location) {
      this.text = text;
      this.location = location;
    }

    AslDefinitionException error(String why) {
      return new AslDefinitionException(
          location, "invalid intrinsic function '" + text + "': " + why + " at " + pos);
    }

    boolean atEnd() {
      return pos >= text.length();
    }

    void skipSpaces() {
      while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    Call call() {
      skipSpaces();
      if (!text.startsWith("States.", pos)) {
        throw error("expected States.<Function>(");
      }
      pos += "States.".length();
      int start = pos;
      while (!atEnd() && Character.isLetterOrDigit(text.charAt(pos))) {
        pos++;
      }
      String name = text.substring(start, pos);
      if (!FUNCTIONS.contains(name)) {
        throw error("unknown function States." + name);
      }
      if (++nesting > MAX_NESTING) {
        throw error("more than " + MAX_NESTING + " intrinsic functions are nested");
      }
      skipSpaces();
      expect('(');
      List<Arg> args = new ArrayList<>();
      skipSpaces();
      if (peek() == ')') {
        pos++;
        nesting--;
        return new Call(name, args);
      }
      while (true) {
        args.add(arg());
        skipSpaces();
        char c = peek();
        pos++;
        if (c == ')') {
          nesting--;
          return new Call(name, args);
        }
        if (c != ',') {
          throw error("expected , or )");
        }
      }
    }

    private char peek() {
      if (atEnd()) {
        throw error("unexpected end");
      }
      return text.charAt(pos);
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("expected " + c);
      }
      pos++;
    }

    private Arg arg() {
      skipSpaces();
      char c = peek();
      if (c == '\'') {
        return string();
      }
      if (c == '$') {
        return path();
      }
      if (text.startsWith("States.", pos)) {
        return call();
      }
      int start = pos;
      while (!atEnd() && ",) ".indexOf(text.charAt(pos)) < 0) {
        pos++;
      }
      String token = text.substring(start, pos);
      switch (token) {
        case "true":
          return new Literal(Json.NODES.booleanNode(true), null);
        case "false":
          return new Literal(Json.NODES.booleanNode(false), null);
        case "null":
          return new Literal(Json.NODES.nullNode(), null);
        default:
          try {
            BigDecimal number = new BigDecimal(token);
            if (!Values.isComputable(number)) {
              throw error("the number " + token + " is out of range");
            }
            JsonNode node =
                number.scale() <= 0
                    ? Json.NODES.numberNode(number.toBigIntegerExact())
                    : Json.NODES.numberNode(number);
            return new Literal(Values.normalize(node), null);
          } catch (NumberFormatException | ArithmeticException e) {
            throw error("unexpected argument '" + token + "'");
          }
      }
    }

    private Arg string() {
      pos++;
      StringBuilder raw = new StringBuilder();
      StringBuilder cooked = new StringBuilder();
      while (true) {
        char c = peek();
        pos++;
        if (c == '\\') {
          char escaped = peek();
          pos++;
          raw.append(c).append(escaped);
          cooked.append(escaped);
        } else if (c == '\'') {
          return new Literal(TextNode.valueOf(cooked.toString()), raw.toString());
        } else {
          raw.append(c);
          cooked.append(c);
        }
      }
    }

    private Arg path() {
      int start = pos;
      int depth = 0;
      char quote = 0;
      while (!atEnd()) {
        char c = text.charAt(pos);
        if (quote != 0) {
          if (c == quote) {
            quote = 0;
          }
        } else if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '[' || c == '(') {
          depth++;
        } else if (c == ']' || (c == ')' && depth > 0)) {
          depth--;
        } else if ((c == ',' || c == ')') && depth == 0) {
          break;
        }
        pos++;
      }
      return new PathArg(JsonPathExpr.compile(text.substring(start, pos).trim(), location));
    }
  }
}
