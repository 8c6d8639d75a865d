package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** Passes its input on, or a fixed Result, through the usual data flow. */
final class PassState extends State {

  private final JsonNode result;

  PassState(String name, Fields f, QueryLanguage language) {
    super(
        name,
        f,
        language,
        Set.of("InputPath", "OutputPath", "ResultPath", "Parameters", "Result", "Assign", "Output"),
        false);
    this.result = f.get("Result");
  }

  @Override
  String type() {
    return "Pass";
  }

  @Override
  Step execute(Frame frame, JsonNode input) {
    if (language == QueryLanguage.JSONATA) {
      return new Step(next, stateOutput(frame, input, null, input));
    }
    JsonNode effective = effectiveInput(frame, input);
    return new Step(next, stateOutput(frame, input, result != null ? result : effective, null));
  }
}
