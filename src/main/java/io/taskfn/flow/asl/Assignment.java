package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@code Assign} field (of a state, a Choice rule or a Catch): variable names and the values to
 * give them, evaluated together against the variables as they were before.
 */
final class Assignment {

  private final PayloadTemplate jsonPath;
  private final JsonataTemplate jsonata;

  private Assignment(PayloadTemplate jsonPath, JsonataTemplate jsonata) {
    this.jsonPath = jsonPath;
    this.jsonata = jsonata;
  }

  /** The Assign field of {@code f}, or null when it has none. */
  static Assignment parse(Fields f, QueryLanguage language) {
    JsonNode assign = f.get("Assign");
    if (assign == null) {
      return null;
    }
    if (!assign.isObject()) {
      throw new AslDefinitionException(f.where("Assign"), "must be a JSON object");
    }
    return language == QueryLanguage.JSONATA
        ? new Assignment(null, JsonataTemplate.compile(assign, "Assign", f.where("Assign")))
        : new Assignment(PayloadTemplate.compile(assign, f.where("Assign")), null);
  }

  /**
   * The values to assign: JSONPath expressions read {@code value}; JSONata ones see {@code states}.
   */
  Map<String, JsonNode> evaluate(Frame frame, JsonNode value, Map<String, Object> states) {
    Map<String, JsonNode> assigned = new LinkedHashMap<>();
    if (jsonPath != null) {
      jsonPath
          .evaluate(value, frame)
          .fields()
          .forEachRemaining(e -> assigned.put(e.getKey(), e.getValue()));
    } else {
      Map<String, JsonNode> variables = frame.allVariables();
      for (String variable : jsonata.fieldNames()) {
        assigned.put(variable, jsonata.evaluateField(variable, frame, states, variables));
      }
    }
    return assigned;
  }

  /** Evaluates and assigns at once, for places whose output is already computed. */
  static void apply(
      Assignment assignment, Frame frame, JsonNode value, Map<String, Object> states) {
    if (assignment != null) {
      frame.assign(assignment.evaluate(frame, value, states));
    }
  }
}
