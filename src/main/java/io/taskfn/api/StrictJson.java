package io.taskfn.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * How a request is read, over HTTP (Funqy copies this application's {@link ObjectMapper}) and when
 * a function is called by name (Lambda, flow Task states): an integer or boolean parameter takes
 * only its own JSON type, so {@code 1.5} is no JobId and {@code "1"} no integer; a body is one JSON
 * value with each key once; and the parser stops at limits no request comes near, before any work
 * is done. {@link InputErrors} explains a rejection in the same terms.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

  /** Request records are flat: anything nested this deep is not a request. */
  public static final int MAX_NESTING_DEPTH = 64;

  /** Digits of a number: an integer parameter has at most 19. */
  public static final int MAX_NUMBER_LENGTH = 100;

  /**
   * Characters of a string: the largest parameter is a state machine definition, which Step
   * Functions bounds at 1,048,576 characters.
   */
  public static final int MAX_STRING_LENGTH = 1 << 20;

  /** Characters of a key: every parameter name is far shorter. */
  public static final int MAX_NAME_LENGTH = 256;

  @Override
  public void customize(ObjectMapper mapper) {
    configure(mapper);
  }

  /** Makes {@code mapper} read requests the strict way; returns it. */
  public static ObjectMapper configure(ObjectMapper mapper) {
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .build());
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    // Jackson's defaults convert between scalar types: a float truncated to an integer, "1" read
    // as 1, 1 or "true" as true. Integers and booleans take only their own JSON type. A string
    // parameter still takes a number or true/false as the text the client wrote: nothing is lost.
    for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Boolean)) {
      mapper
          .coercionConfigFor(type)
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }
    return mapper;
  }
}
