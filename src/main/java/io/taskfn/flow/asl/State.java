package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A state of a machine: one subclass per state type, each the executor of its type. Fields common
 * to several types (paths, payload templates, JSONata Output and Assign) are parsed and applied
 * here, in the order the States Language gives.
 */
abstract class State {

  static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");

  final String name;
  final QueryLanguage language;
  private final String nextName;
  private final boolean end;
  State next;

  private final PathOption inputPath;
  private final PathOption outputPath;
  private final ResultPathOption resultPath;
  private final PayloadTemplate parameters;
  private final PayloadTemplate resultSelector;
  private final Assignment assign;
  final JsonataTemplate output;

  /** Absent: $ (everything); null: {} (nothing); else a path. */
  record PathOption(boolean discard, JsonPathExpr path) {
    static final PathOption IDENTITY = new PathOption(false, null);
  }

  record ResultPathOption(boolean discard, ReferencePath path) {}

  State(String name, Fields f, QueryLanguage inherited, Set<String> typeFields, boolean terminal) {
    this.name = name;
    this.language =
        f.has("QueryLanguage")
            ? QueryLanguage.parse(f.string("QueryLanguage"), f.where("QueryLanguage"))
            : inherited;
    if (inherited == QueryLanguage.JSONATA && language == QueryLanguage.JSONPATH) {
      throw new AslDefinitionException(
          f.where("QueryLanguage"),
          "a state can not use JSONPath when the state machine uses JSONata");
    }
    Set<String> allowed = new HashSet<>(COMMON);
    allowed.addAll(typeFields);
    if (!terminal) {
      allowed.add("Next");
      allowed.add("End");
    }
    f.allowOnly(allowed);
    if (language == QueryLanguage.JSONATA) {
      for (String jsonPathOnly :
          List.of("InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector")) {
        if (f.has(jsonPathOnly)) {
          throw new AslDefinitionException(
              f.where(jsonPathOnly), "is a JSONPath field; this state uses JSONata");
        }
      }
    } else if (f.has("Output") || f.has("Arguments")) {
      throw new AslDefinitionException(
          f.where(f.has("Output") ? "Output" : "Arguments"),
          "is a JSONata field; this state uses JSONPath");
    }
    if (terminal) {
      this.nextName = null;
      this.end = true;
    } else {
      this.nextName = f.optString("Next");
      this.end = f.optBoolean("End", false);
      if ((nextName == null) == !end) {
        throw new AslDefinitionException(
            f.location,
            nextName == null ? "needs Next or End: true" : "can not have both Next and End");
      }
    }
    this.inputPath = pathOption(f, "InputPath");
    this.outputPath = pathOption(f, "OutputPath");
    this.resultPath = resultPathOption(f);
    this.parameters =
        f.has("Parameters")
            ? PayloadTemplate.compile(f.get("Parameters"), f.where("Parameters"))
            : null;
    this.resultSelector =
        f.has("ResultSelector")
            ? PayloadTemplate.compile(f.get("ResultSelector"), f.where("ResultSelector"))
            : null;
    this.assign = Assignment.parse(f, language);
    this.output =
        f.has("Output")
            ? JsonataTemplate.compile(f.get("Output"), "Output", f.where("Output"))
            : null;
  }

  private static PathOption pathOption(Fields f, String field) {
    if (!f.has(field)) {
      return PathOption.IDENTITY;
    }
    if (f.get(field).isNull()) {
      return new PathOption(true, null);
    }
    return new PathOption(false, JsonPathExpr.compile(f.string(field), f.where(field)));
  }

  private static ResultPathOption resultPathOption(Fields f) {
    if (!f.has("ResultPath")) {
      return new ResultPathOption(false, ReferencePath.parse("$", null));
    }
    if (f.get("ResultPath").isNull()) {
      return new ResultPathOption(true, null);
    }
    return new ResultPathOption(
        false, ReferencePath.parse(f.string("ResultPath"), f.where("ResultPath")));
  }

  abstract String type();

  private String enteredEvent;
  private String exitedEvent;

  /** The type of the event that enters this state ({@code PassStateEntered}), built once. */
  final String enteredEvent() {
    String event = enteredEvent;
    if (event == null) {
      enteredEvent = event = type() + "StateEntered";
    }
    return event;
  }

  /** The type of the event that leaves this state ({@code PassStateExited}), built once. */
  final String exitedEvent() {
    String event = exitedEvent;
    if (event == null) {
      exitedEvent = event = type() + "StateExited";
    }
    return event;
  }

  /** The branches or item processor inside this state. */
  List<StateMachine> nestedMachines() {
    return List.of();
  }

  /** Whether running this state may call a task. */
  boolean callsTasks() {
    return false;
  }

  /** Whether the state has Retry, and so a RetryCount in its context object. */
  boolean canRetry() {
    return false;
  }

  void link(Map<String, State> states, String location) {
    if (nextName != null) {
      next = states.get(nextName);
      if (next == null) {
        throw new AslDefinitionException(
            location + "." + name + ".Next", "no state is named '" + nextName + "'");
      }
    }
  }

  /** The states this one can go to, for the reachability check. */
  List<State> successors() {
    return next == null ? List.of() : List.of(next);
  }

  boolean isEnd() {
    return end;
  }

  /** Runs the state on its raw input. */
  abstract Step execute(Frame frame, JsonNode input) throws InterruptedException;

  // ---- data flow shared by the state types ----

  /** InputPath, then Parameters (JSONPath); the raw input as it is (JSONata). */
  JsonNode effectiveInput(Frame frame, JsonNode raw) {
    if (language == QueryLanguage.JSONATA) {
      return raw;
    }
    JsonNode selected = select(inputPath, raw, frame, "InputPath");
    return parameters == null ? selected : parameters.evaluate(selected, frame);
  }

  /** InputPath alone, for states whose Parameters mean something else (Map). */
  JsonNode effectiveInputWithoutParameters(Frame frame, JsonNode raw) {
    return select(inputPath, raw, frame, "InputPath");
  }

  private static JsonNode select(PathOption option, JsonNode value, Frame frame, String field) {
    if (option.discard()) {
      return Json.object();
    }
    if (option.path() == null) {
      return value;
    }
    try {
      return option.path().read(value, frame);
    } catch (JsonPathExpr.NoResult e) {
      throw FlowFailure.runtime("Invalid path '" + option.path().text() + "' : " + e.getMessage());
    }
  }

  /**
   * ResultSelector, ResultPath, OutputPath and Assign (JSONPath), or Output and Assign (JSONata):
   * what the state passes on, given its raw input and its result.
   */
  JsonNode stateOutput(Frame frame, JsonNode raw, JsonNode result, JsonNode jsonataDefault) {
    if (language == QueryLanguage.JSONATA) {
      Map<String, Object> states = jsonataStates(frame, raw, result, null);
      JsonNode out = output == null ? jsonataDefault : output.evaluate(frame, states);
      Assignment.apply(assign, frame, null, states);
      return checkSize(frame, out);
    }
    JsonNode selected = resultSelector == null ? result : resultSelector.evaluate(result, frame);
    Map<String, JsonNode> assigned =
        assign == null ? Map.of() : assign.evaluate(frame, selected, null);
    JsonNode combined = resultPath.discard() ? raw : resultPath.path().put(raw, selected);
    JsonNode out = checkSize(frame, select(outputPath, combined, frame, "OutputPath"));
    // Assigned values are visible from the next state on, not to this state's own paths.
    if (assign != null) {
      frame.assign(assigned);
    }
    return out;
  }

  JsonNode checkSize(Frame frame, JsonNode value) {
    if (value != null && !frame.run.fitsPayload(value)) {
      throw new FlowFailure(
          ErrorNames.DATA_LIMIT_EXCEEDED,
          "The state/task '"
              + name
              + "' returned a result with a size exceeding the maximum number of bytes service"
              + " limit.");
    }
    return value;
  }

  /** The {@code $states} binding of JSONata expressions. */
  static Map<String, Object> jsonataStates(
      Frame frame, JsonNode input, JsonNode result, JsonNode errorOutput) {
    Map<String, Object> states = new LinkedHashMap<>();
    states.put("input", JsonataTemplate.toJsonata(input));
    if (result != null) {
      states.put("result", JsonataTemplate.toJsonata(result));
    }
    if (errorOutput != null) {
      states.put("errorOutput", JsonataTemplate.toJsonata(errorOutput));
    }
    states.put("context", JsonataTemplate.toJsonata(frame.contextObject()));
    return states;
  }
}
