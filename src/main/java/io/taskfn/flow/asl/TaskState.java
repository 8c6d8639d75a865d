package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Calls its Resource with the effective input (or Arguments) and takes its answer as result. */
final class TaskState extends State {

  /** Step Functions' default when a Task gives no TimeoutSeconds: 99999999 seconds. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(99_999_999);

  private final String resource;
  private final JsonataTemplate arguments;
  private final Integer timeoutSeconds;
  private final JsonPathExpr timeoutSecondsPath;
  private final ErrorHandling errors;

  TaskState(String name, Fields f, QueryLanguage language, TaskInvoker invoker) {
    super(
        name,
        f,
        language,
        Set.of(
            "Resource",
            "Parameters",
            "Arguments",
            "ResultPath",
            "ResultSelector",
            "InputPath",
            "OutputPath",
            "Retry",
            "Catch",
            "TimeoutSeconds",
            "TimeoutSecondsPath",
            "HeartbeatSeconds",
            "HeartbeatSecondsPath",
            "Credentials",
            "Assign",
            "Output"),
        false);
    this.resource = f.string("Resource");
    if (!invoker.supports(resource)) {
      throw new AslDefinitionException(
          f.where("Resource"), "unknown task resource '" + resource + "'");
    }
    this.arguments =
        f.has("Arguments")
            ? JsonataTemplate.compile(f.get("Arguments"), "Arguments", f.where("Arguments"))
            : null;
    this.timeoutSeconds = f.optInteger("TimeoutSeconds", 1);
    this.timeoutSecondsPath =
        f.has("TimeoutSecondsPath")
            ? JsonPathExpr.compile(f.string("TimeoutSecondsPath"), f.where("TimeoutSecondsPath"))
            : null;
    f.optInteger("HeartbeatSeconds", 1);
    this.errors = new ErrorHandling(f, this.language);
  }

  @Override
  String type() {
    return "Task";
  }

  @Override
  boolean canRetry() {
    return true;
  }

  @Override
  void link(Map<String, State> states, String location) {
    super.link(states, location);
    errors.link(states, location + "." + name);
  }

  @Override
  List<State> successors() {
    return concat(super.successors(), errors.successors());
  }

  static List<State> concat(List<State> a, List<State> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  @Override
  Step execute(Frame frame, JsonNode input) throws InterruptedException {
    return errors.run(this, frame, input, () -> attempt(frame, input), next);
  }

  private JsonNode attempt(Frame frame, JsonNode input) throws InterruptedException {
    JsonNode parameters;
    if (language == QueryLanguage.JSONATA) {
      parameters =
          arguments == null
              ? input
              : arguments.evaluate(jsonataStates(frame, input, null, null), frame.allVariables());
    } else {
      parameters = effectiveInput(frame, input);
    }
    frame.run.record("TaskScheduled", details(name, parameters, "parameters"));
    JsonNode result = frame.run.tasks.invoke(resource, parameters, timeout(frame, input));
    frame.run.record("TaskSucceeded", details(name, result, "output"));
    return stateOutput(frame, input, result, result);
  }

  private Duration timeout(Frame frame, JsonNode input) {
    if (timeoutSeconds != null) {
      return Duration.ofSeconds(timeoutSeconds);
    }
    if (timeoutSecondsPath != null) {
      JsonNode value;
      try {
        value = timeoutSecondsPath.read(input, frame);
      } catch (JsonPathExpr.NoResult e) {
        throw FlowFailure.runtime(
            "The TimeoutSecondsPath parameter does not reference an input value: "
                + timeoutSecondsPath.text());
      }
      if (!value.isIntegralNumber() || value.asLong() < 1) {
        throw FlowFailure.runtime(
            "The TimeoutSecondsPath parameter must reference a positive integer: "
                + timeoutSecondsPath.text());
      }
      return Duration.ofSeconds(value.asLong());
    }
    return DEFAULT_TIMEOUT;
  }
}
