package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** Calls its Resource with the effective input (or Arguments) and takes its answer as result. */
final class TaskState extends RecoverableState {

  /** Step Functions' default when a Task gives no TimeoutSeconds: 99999999 seconds. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(99_999_999);

  /** The suffix of a resource whose Task waits for its task token to be reported. */
  static final String WAIT_FOR_TASK_TOKEN = ".waitForTaskToken";

  private final String resource;
  private final boolean waitsForToken;
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
    String named = f.string("Resource");
    this.waitsForToken = named.endsWith(WAIT_FOR_TASK_TOKEN);
    this.resource =
        waitsForToken ? named.substring(0, named.length() - WAIT_FOR_TASK_TOKEN.length()) : named;
    if (!invoker.supports(resource)) {
      throw new AslDefinitionException(
          f.where("Resource"), "unknown task resource '" + named + "'");
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
    if (waitsForToken) {
      return attemptWaitingForToken(frame, input);
    }
    JsonNode parameters = workInput(frame, input);
    frame.recordWithPayload("TaskScheduled", "parameters", parameters);
    JsonNode result =
        frame.run.tasks.invoke(resource, parameters, timeout(frame, input), frame.run);
    frame.recordWithPayload("TaskSucceeded", "output", result);
    return stateOutput(frame, input, result, result);
  }

  /**
   * The callback pattern: the resource is called with a fresh task token in {@code $$.Task.Token},
   * and the Task's result is what is reported for the token. The run does not wait for it: it ends
   * here, written down, and resumes when the report comes or the Task's time runs out.
   */
  private JsonNode attemptWaitingForToken(Frame frame, JsonNode input) throws InterruptedException {
    TaskReport report = frame.isTopLevel() ? frame.run.takeResumedTask() : null;
    if (report != null) {
      return reported(frame, input, report);
    }
    TaskTokens tokens = frame.run.taskTokens();
    if (tokens == null || !frame.isTopLevel()) {
      throw FlowFailure.runtime(
          "A Task that waits for a task token ("
              + WAIT_FOR_TASK_TOKEN
              + ") runs only at the top level of a Standard execution, not in "
              + (tokens == null
                  ? "an Express execution or a flow job's run"
                  : "a Map or Parallel"));
    }
    Duration timeout = timeout(frame, input);
    String token = tokens.issue(name, frame.enteredEventId());
    frame.taskToken(token);
    JsonNode parameters = workInput(frame, input);
    frame.recordWithPayload("TaskScheduled", "parameters", parameters);
    JsonNode result = frame.run.tasks.invoke(resource, parameters, timeout, frame.run);
    frame.recordWithPayload("TaskSubmitted", "output", result);
    Instant until = frame.run.now().plus(timeout);
    Instant deadline = frame.run.deadline();
    throw new TaskWaitSuspended(
        name,
        input,
        frame.allVariables(),
        token,
        deadline != null && deadline.isBefore(until) ? deadline : until);
  }

  private JsonNode reported(Frame frame, JsonNode input, TaskReport report) {
    if (report.succeeded()) {
      frame.recordWithPayload("TaskSucceeded", "output", report.output());
      return stateOutput(frame, input, report.output(), report.output());
    }
    ObjectNode failure = Json.object().put("name", name);
    if (report.failed()) {
      failure.put("error", report.error());
      if (report.cause() != null) {
        failure.put("cause", report.cause());
      }
      frame.record("TaskFailed", failure);
      throw new FlowFailure(report.error(), report.cause());
    }
    failure.put("error", ErrorNames.TIMEOUT);
    frame.record("TaskTimedOut", failure);
    throw new FlowFailure(ErrorNames.TIMEOUT, "The task token was not reported in time.");
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
