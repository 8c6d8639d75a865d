package io.taskfn.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Explains why a request could not be read as a function's input, in the service's words (never the
 * parser's): malformed JSON with its line and column, a body that is not one JSON object, a key
 * given twice, a value past {@link StrictJson}'s limits, or a parameter of the wrong type, named.
 * Only rejected requests come here, so reading the body again costs nothing on the way that works.
 */
public final class InputErrors {
  private InputErrors() {}

  /**
   * Reads for the explanation: no limits of its own (the body is already bounded by the server) and
   * no duplicate check, so that the walk below meets each problem itself and can name it.
   */
  private static final JsonFactory SCANNER =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(Integer.MAX_VALUE)
                  .maxNumberLength(Integer.MAX_VALUE)
                  .maxStringLength(Integer.MAX_VALUE)
                  .maxNameLength(Integer.MAX_VALUE)
                  .build())
          .build();

  /**
   * @param reader the reader that rejected the body, so that the explanation reads it the same way
   * @param inputType the function's request type, whose components name the parameters
   */
  public static BadInputException explain(ObjectReader reader, String body, Type inputType) {
    return scan(body)
        .or(() -> typeError(reader, body, inputType))
        .orElseGet(() -> BadInputException.of(null, "The request body could not be read."));
  }

  /** The first problem of the body as JSON, in document order. */
  private static Optional<BadInputException> scan(String body) {
    boolean complete = false;
    try (JsonParser parser = SCANNER.createParser(body)) {
      JsonToken token = parser.nextToken();
      if (token != JsonToken.START_OBJECT) {
        return Optional.of(BadInputException.of(null, "The request body must be a JSON object."));
      }
      Deque<Set<String>> keys = new ArrayDeque<>();
      keys.push(new HashSet<>());
      String parameter = null;
      while (!keys.isEmpty()) {
        token = parser.nextToken();
        if (token == null) {
          return Optional.of(BadInputException.of(null, "The request body is not valid JSON."));
        }
        switch (token) {
          case START_OBJECT, START_ARRAY -> {
            if (keys.size() >= StrictJson.MAX_NESTING_DEPTH) {
              return Optional.of(
                  BadInputException.of(
                      parameter,
                      "The request body nests more than "
                          + StrictJson.MAX_NESTING_DEPTH
                          + " levels deep."));
            }
            keys.push(token == JsonToken.START_OBJECT ? new HashSet<>() : Set.of());
          }
          case END_OBJECT, END_ARRAY -> keys.pop();
          case FIELD_NAME -> {
            String name = parser.currentName();
            if (keys.size() == 1) {
              parameter = name;
            }
            if (name.length() > StrictJson.MAX_NAME_LENGTH) {
              return Optional.of(
                  BadInputException.of(
                      null,
                      "The request body has a key longer than "
                          + StrictJson.MAX_NAME_LENGTH
                          + " characters: "
                          + Echo.of(name)
                          + "."));
            }
            if (!keys.peek().add(name)) {
              return Optional.of(
                  BadInputException.of(
                      name, "The key " + Echo.of(name) + " appears twice in one object."));
            }
          }
          case VALUE_STRING -> {
            if (parser.getTextLength() > StrictJson.MAX_STRING_LENGTH) {
              return Optional.of(
                  BadInputException.of(
                      parameter,
                      "The parameter "
                          + Echo.of(parameter)
                          + " holds a string longer than "
                          + StrictJson.MAX_STRING_LENGTH
                          + " characters."));
            }
          }
          case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
            if (digits(parser.getText()) > StrictJson.MAX_NUMBER_LENGTH) {
              return Optional.of(
                  BadInputException.of(
                      parameter,
                      "The parameter "
                          + Echo.of(parameter)
                          + " holds a number longer than "
                          + StrictJson.MAX_NUMBER_LENGTH
                          + " digits."));
            }
          }
          default -> {}
        }
      }
      complete = true;
      if (parser.nextToken() != null) {
        return Optional.of(trailing());
      }
      return Optional.empty();
    } catch (JsonProcessingException e) {
      if (complete) {
        return Optional.of(trailing());
      }
      String at = where(e);
      return Optional.of(
          BadInputException.of(
              null,
              "The request body is not valid JSON" + (at.isEmpty() ? "." : " (" + at + ").")));
    } catch (IOException e) {
      return Optional.of(BadInputException.of(null, "The request body could not be read."));
    }
  }

  /**
   * Where a parser stopped in a text a parameter holds (a definition, an execution's input), as
   * {@code line L, column C}, or empty when it did not say: for a message in the service's words,
   * since the parser's own quotes the text and names its settings ({@code JsonReadFeature}, …).
   */
  public static String where(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    return at == null || at.getLineNr() < 1
        ? ""
        : "line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  private static BadInputException trailing() {
    return BadInputException.of(
        null, "The request body must be one JSON object, with nothing after it.");
  }

  private static long digits(String number) {
    return number.chars().filter(Character::isDigit).count();
  }

  /** A parameter whose value is not of its type, named as the function's request names it. */
  private static Optional<BadInputException> typeError(
      ObjectReader reader, String body, Type inputType) {
    try {
      reader.readValue(body);
      return Optional.empty();
    } catch (JsonMappingException e) {
      if (e.getPath().isEmpty()) {
        return Optional.of(BadInputException.of(null, "The request body must be a JSON object."));
      }
      String given = e.getPath().get(0).getFieldName();
      Optional<RecordComponent> component = component(inputType, given);
      String parameter =
          component.map(c -> jsonName(reader, inputType, c)).orElseGet(() -> Echo.of(path(e)));
      String expected =
          component
              .map(c -> describe(c.getType(), e.getCause() instanceof InputCoercionException))
              .orElse("a value of another type");
      return Optional.of(
          BadInputException.of(
              parameter, "The parameter " + parameter + " must be " + expected + "."));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."));
  }

  /**
   * The request record's component a key stands for: Funqy matches keys regardless of case, so a
   * message names the parameter as the vendor spells it.
   */
  private static Optional<RecordComponent> component(Type inputType, String key) {
    if (key == null || !(inputType instanceof Class<?> type) || !type.isRecord()) {
      return Optional.empty();
    }
    return Arrays.stream(type.getRecordComponents())
        .filter(c -> c.getName().equalsIgnoreCase(key))
        .findFirst();
  }

  /** The parameter's name in JSON, as the request's naming strategy or annotations give it. */
  private static String jsonName(ObjectReader reader, Type inputType, RecordComponent component) {
    JavaType type = reader.getTypeFactory().constructType(inputType);
    return reader.getConfig().introspect(type).findProperties().stream()
        .filter(p -> p.getInternalName().equals(component.getName()))
        .map(BeanPropertyDefinition::getName)
        .findFirst()
        .orElse(component.getName());
  }

  private static String describe(Class<?> type, boolean outOfRange) {
    if (type == Long.class || type == long.class) {
      return outOfRange
          ? "an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE
          : "an integer";
    }
    if (type == Integer.class || type == int.class) {
      return outOfRange
          ? "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE
          : "an integer";
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
