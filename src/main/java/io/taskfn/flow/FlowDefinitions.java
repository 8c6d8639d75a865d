package io.taskfn.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.taskfn.flow.asl.AslDefinitionException;
import io.taskfn.flow.asl.StateMachine;
import io.taskfn.flow.asl.TaskInvoker;
import java.io.IOException;

/** Reads a flow's Definition (States Language as JSON, or the same structure as YAML). */
final class FlowDefinitions {
  private FlowDefinitions() {}

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Step Functions' hard quota on the size of a state machine definition (1 MiB). */
  static final int MAX_CHARS = 1 << 20;

  static StateMachine parse(String definition, TaskInvoker tasks) {
    if (definition.length() > MAX_CHARS) {
      throw FlowErrors.invalid(
          "Definition", "The Definition is longer than " + MAX_CHARS + " characters.");
    }
    JsonNode tree;
    try {
      String text = definition.strip();
      tree = text.startsWith("{") ? io.taskfn.flow.asl.Json.parse(text) : YAML.readTree(text);
    } catch (IOException | IllegalArgumentException e) {
      throw FlowErrors.invalid(
          "Definition", "The Definition is neither valid JSON nor valid YAML: " + e.getMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw FlowErrors.invalid("Definition", "The Definition must be a States Language object.");
    }
    try {
      return StateMachine.parse(tree, tasks);
    } catch (AslDefinitionException e) {
      throw FlowErrors.invalid("Definition", "The Definition is not valid: " + e.getMessage());
    }
  }
}
