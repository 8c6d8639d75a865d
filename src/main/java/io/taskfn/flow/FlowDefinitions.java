package io.taskfn.flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.taskfn.api.InputErrors;
import io.taskfn.flow.asl.AslDefinitionException;
import io.taskfn.flow.asl.Json;
import io.taskfn.flow.asl.StateMachine;
import io.taskfn.flow.asl.TaskInvoker;

/** Reads a flow's Definition (States Language as JSON, or the same structure as YAML). */
final class FlowDefinitions {
  private FlowDefinitions() {}

  private static final ObjectReader YAML =
      new ObjectMapper(new YAMLFactory())
          .reader()
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
      tree = text.startsWith("{") ? Json.parseWhole(text) : YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw FlowErrors.invalid(
          "Definition",
          "The Definition is neither one valid JSON object nor valid YAML" + where(e) + ".");
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

  /**
   * Where the parser stopped, as " (line L, column C)", for a message in the service's words: the
   * parser's own quotes the text and names its settings.
   */
  static String where(JsonProcessingException e) {
    String at = InputErrors.where(e);
    return at.isEmpty() ? "" : " (" + at + ")";
  }
}
