package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Set;

/** Calls its Resource with the effective input (or Arguments) and takes its answer as result. */
final class TaskState extends RecoverableState {

  /** Step Functions' default when a Task gives no TimeoutSeconds: 99999999 seconds. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(99_999_999);

  private final String resource;
  private final Integer timeoutSeconds;
  private final JsonPathExpr timeoutSecondsPath;

  TaskState(String name, Fields f, QueryLanguage language, TaskInvoker invoker) {
    super(
        name,
        f,
        language,
        Set.of(
            "Resource",
            "Arguments",
            "TimeoutSeconds",
            "TimeoutSecondsPath",
            "HeartbeatSeconds",
            "HeartbeatSecondsPath",
            "Credentials"));
    this.resource = f.string("Resource");
    if (!invoker.supports(resource)) {
      throw new AslDefinitionException(
          f.where("Resource"), "unknown task resource '" + resource + "'");
    }
    this.timeoutSeconds = f.optInteger("TimeoutSeconds", 1);
    this.timeoutSecondsPath =
        f.has("TimeoutSecondsPath")
            ? JsonPathExpr.compile(f.string("TimeoutSecondsPath"), f.where("TimeoutSecondsPath"))
            : null;
    f.optInteger("HeartbeatSeconds", 1);
  }

  @Override
  String type() {
    return "Task";
  }

  @Override
  boolean callsTasks() {
    return true;
  }

  @Override
  JsonNode attempt(Frame frame, JsonNode input) throws InterruptedException {
    JsonNode parameters = workInput(frame, input);
    frame.record("TaskScheduled", details(name, parameters, "parameters"));
    JsonNode result =
        frame.run.tasks.invoke(resource, parameters, timeout(frame, input), frame.run);
    frame.record("TaskSucceeded", details(name, result, "output"));
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
      if (!value.isIntegralNumber() || Values.clampedLong(value) < 1) {
        throw FlowFailure.runtime(
            "The TimeoutSecondsPath parameter must reference a positive integer: "
                + timeoutSecondsPath.text());
      }
      return Duration.ofSeconds(Math.min(Values.clampedLong(value), DEFAULT_TIMEOUT.getSeconds()));
    }
    return DEFAULT_TIMEOUT;
  }
}
