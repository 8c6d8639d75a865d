package io.taskfn.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.lang.reflect.Type;
import java.util.stream.Collectors;

/**
 * Explains why a request body could not be read as a function's input: malformed JSON, a body that
 * is not an object, or a parameter of the wrong type, named.
 */
public final class InputErrors {
  private InputErrors() {}

  public static BadInputException explain(ObjectMapper mapper, String body, Type inputType) {
    JavaType type = mapper.getTypeFactory().constructType(inputType);
    try {
      mapper.readerFor(type).readValue(body);
      return BadInputException.of(null, "The request body could not be read.");
    } catch (MismatchedInputException e) {
      return explainMismatch(e);
    } catch (JsonMappingException e) {
      return explainMismatch(e);
    } catch (JsonProcessingException e) {
      return BadInputException.of(
          null, "The request body is not valid JSON: " + e.getOriginalMessage() + ".");
    }
  }

  private static BadInputException explainMismatch(JsonMappingException e) {
    String parameter =
        e.getPath().stream()
            .map(
                ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
            .collect(Collectors.joining("."));
    if (parameter.isEmpty()) {
      return BadInputException.of(null, "The request body must be a JSON object.");
    }
    String expected =
        e instanceof MismatchedInputException m && m.getTargetType() != null
            ? describe(m.getTargetType())
            : "a value of another type";
    return BadInputException.of(
        parameter, "The parameter " + parameter + " must be " + expected + ".");
  }

  private static String describe(Class<?> type) {
    if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
      return "an integer";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "an object";
  }
}
