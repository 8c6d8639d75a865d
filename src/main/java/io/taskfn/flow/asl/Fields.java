package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;

/** Typed reading of a definition object's fields, naming the place of every mistake. */
final class Fields {

  final ObjectNode node;
  final String location;

  Fields(JsonNode node, String location) {
    if (node == null || !node.isObject()) {
      throw new AslDefinitionException(location, "must be a JSON object");
    }
    this.node = (ObjectNode) node;
    this.location = location;
  }

  boolean has(String field) {
    return node.has(field);
  }

  JsonNode get(String field) {
    return node.get(field);
  }

  String where(String field) {
    return location + "." + field;
  }

  String string(String field) {
    String value = optString(field);
    if (value == null) {
      throw new AslDefinitionException(location, "the field " + field + " is required");
    }
    return value;
  }

  String optString(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new AslDefinitionException(where(field), "must be a string");
    }
    return value.asText();
  }

  Integer optInteger(String field, int min) {
    JsonNode value = node.get(field);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > Integer.MAX_VALUE) {
      throw new AslDefinitionException(where(field), "must be an integer of at least " + min);
    }
    return value.asInt();
  }

  Double optNumber(String field, double min) {
    JsonNode value = node.get(field);
    if (value == null) {
      return null;
    }
    if (!value.isNumber() || value.asDouble() < min) {
      throw new AslDefinitionException(where(field), "must be a number of at least " + min);
    }
    return value.asDouble();
  }

  boolean optBoolean(String field, boolean whenAbsent) {
    JsonNode value = node.get(field);
    if (value == null) {
      return whenAbsent;
    }
    if (!value.isBoolean()) {
      throw new AslDefinitionException(where(field), "must be true or false");
    }
    return value.asBoolean();
  }

  /** Rejects fields the state type does not define. */
  void allowOnly(Set<String> allowed) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new AslDefinitionException(location, "the field " + name + " is not valid here");
      }
    }
  }
}
