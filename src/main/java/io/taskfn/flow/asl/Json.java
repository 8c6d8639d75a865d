package io.taskfn.flow.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The engine's one JSON mapper and the conversions around it. Values are Jackson trees. */
public final class Json {
  private Json() {}

  public static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  public static ObjectNode object() {
    return NODES.objectNode();
  }

  public static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads a text a client gave (a definition, an execution's input) as one JSON value: text after
   * it is an error, as it is after a request body.
   */
  public static JsonNode parseWhole(String text) throws JsonProcessingException {
    return WHOLE.readTree(text);
  }

  private static final ObjectReader WHOLE =
      MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node == null ? NullNode.getInstance() : node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The JSON type name as the States Language's messages use it. */
  public static String typeName(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "undefined";
    }
    JsonNodeType type = node.getNodeType();
    return switch (type) {
      case ARRAY -> "array";
      case OBJECT, POJO -> "object";
      case STRING, BINARY -> "string";
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      default -> "null";
    };
  }

  public static JsonNode fromJava(Object value) {
    return value == null ? NullNode.getInstance() : MAPPER.valueToTree(value);
  }
}
