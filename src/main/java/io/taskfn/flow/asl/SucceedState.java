package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** Ends its branch successfully. */
final class SucceedState extends State {

  SucceedState(String name, Fields f, QueryLanguage language) {
    super(name, f, language, Set.of("InputPath", "OutputPath", "Output", "Assign"), true);
  }

  @Override
  String type() {
    return "Succeed";
  }

  @Override
  Step execute(Frame frame, JsonNode input) {
    if (language == QueryLanguage.JSONATA) {
      return new Step(null, stateOutput(frame, input, null, input));
    }
    return new Step(null, stateOutput(frame, input, effectiveInput(frame, input), null));
  }
}
