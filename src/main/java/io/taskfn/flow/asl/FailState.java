package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/** Ends the execution with an error and a cause, fixed or taken from the input. */
final class FailState extends State {

  private final JsonNode error;
  private final JsonNode cause;
  private final Object errorPath;
  private final Object causePath;
  private final JsonataTemplate errorExpression;
  private final JsonataTemplate causeExpression;

  FailState(String name, Fields f, QueryLanguage language) {
    super(name, f, language, Set.of("Error", "Cause", "ErrorPath", "CausePath"), true);
    if (f.has("Error") && f.has("ErrorPath") || f.has("Cause") && f.has("CausePath")) {
      throw new AslDefinitionException(
          f.location, "can not have both Error and ErrorPath, or both Cause and CausePath");
    }
    boolean jsonata = this.language == QueryLanguage.JSONATA;
    this.errorExpression =
        jsonata && f.has("Error")
            ? JsonataTemplate.compile(f.get("Error"), "Error", f.where("Error"))
            : null;
    this.causeExpression =
        jsonata && f.has("Cause")
            ? JsonataTemplate.compile(f.get("Cause"), "Cause", f.where("Cause"))
            : null;
    this.error = f.get("Error");
    this.cause = f.get("Cause");
    this.errorPath = dynamic(f, "ErrorPath");
    this.causePath = dynamic(f, "CausePath");
  }

  private static Object dynamic(Fields f, String field) {
    String text = f.optString(field);
    if (text == null) {
      return null;
    }
    return Intrinsic.looksLikeIntrinsic(text)
        ? Intrinsic.parse(text, f.where(field))
        : JsonPathExpr.compile(text, f.where(field));
  }

  @Override
  String type() {
    return "Fail";
  }

  @Override
  Step execute(Frame frame, JsonNode input) {
    String errorText;
    String causeText;
    if (language == QueryLanguage.JSONATA) {
      Map<String, Object> states = jsonataStates(frame, input, null, null);
      errorText = text(errorExpression != null ? errorExpression.evaluate(frame, states) : error);
      causeText = text(causeExpression != null ? causeExpression.evaluate(frame, states) : cause);
    } else {
      errorText =
          errorPath != null ? text(resolve(errorPath, "ErrorPath", input, frame)) : text(error);
      causeText =
          causePath != null ? text(resolve(causePath, "CausePath", input, frame)) : text(cause);
    }
    // The error a Fail state raises is no failed evaluation: no EvaluationFailed event.
    throw new FlowFailure(errorText, causeText).evaluationFailedRecorded(true);
  }

  private static JsonNode resolve(Object source, String field, JsonNode input, Frame frame) {
    if (source instanceof Intrinsic call) {
      return call.evaluate(input, frame);
    }
    JsonPathExpr path = (JsonPathExpr) source;
    try {
      return path.read(input, frame);
    } catch (JsonPathExpr.NoResult e) {
      throw FlowFailure.runtime(
          "The JSONPath '"
              + path.text()
              + "' specified for the field '"
              + field
              + "' could not be found in the input '"
              + Json.write(input)
              + "'");
    }
  }

  private static String text(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return node.isTextual() ? node.asText() : Json.write(node);
  }
}
