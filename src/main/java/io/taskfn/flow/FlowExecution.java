package io.taskfn.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.taskfn.flow.asl.TaskWaitSuspended;
import java.time.Instant;
import java.util.Map;

/**
 * One execution of a flow. A running Standard execution also keeps where to resume: the next
 * top-level state, its input and the variables then in scope; and how deep it is in a chain of
 * flows started by flows ({@code callDepth}, 0 when a client started it). One suspended in a Task
 * that waits for a task token keeps the token ({@code awaitedToken}, due again at {@code
 * resumeWaitUntil} when the Task times out) and where the Task's Retry stood. {@code callbackToken}
 * is the task token (CallbackFnFTaskToken) its outcome is reported to when it ends.
 */
@RegisterForReflection
public record FlowExecution(
    String flowName,
    String name,
    ExecutionMode mode,
    String definition,
    ExecutionStatus status,
    String input,
    String output,
    String errorCode,
    String errorMessage,
    Instant startedTime,
    Instant stoppedTime,
    String resumeState,
    JsonNode resumeInput,
    Map<String, JsonNode> resumeVariables,
    Instant resumeWaitUntil,
    int callDepth,
    String awaitedToken,
    TaskWaitSuspended.RetryState awaitedRetries,
    String callbackToken) {

  static FlowExecution running(
      Flow flow,
      String name,
      ExecutionMode mode,
      JsonNode input,
      Instant started,
      int callDepth,
      String callbackToken) {
    return new FlowExecution(
        flow.name(),
        name,
        mode,
        flow.definition(),
        ExecutionStatus.Running,
        io.taskfn.flow.asl.Json.write(input),
        null,
        null,
        null,
        started,
        null,
        null,
        null,
        null,
        null,
        callDepth,
        null,
        null,
        callbackToken);
  }

  /** The execution as its run ended. */
  FlowExecution finish(ExecutionOutcome outcome, Instant at) {
    return finish(
        outcome.status(),
        outcome.output() == null ? null : io.taskfn.flow.asl.Json.write(outcome.output()),
        outcome.errorCode(),
        outcome.errorMessage(),
        at);
  }

  FlowExecution finish(
      ExecutionStatus next, String newOutput, String code, String message, Instant at) {
    ExecutionStatus.TRANSITIONS.check(name, status, next);
    return new FlowExecution(
        flowName,
        name,
        mode,
        definition,
        next,
        input,
        newOutput,
        code,
        message,
        startedTime,
        at,
        null,
        null,
        null,
        null,
        callDepth,
        null,
        null,
        callbackToken);
  }

  /** Where to resume: at {@code state} with {@code data}, after a wait until {@code waitUntil}. */
  FlowExecution checkpoint(
      String state, JsonNode data, Map<String, JsonNode> variables, Instant waitUntil) {
    return new FlowExecution(
        flowName,
        name,
        mode,
        definition,
        status,
        input,
        output,
        errorCode,
        errorMessage,
        startedTime,
        stoppedTime,
        state,
        data,
        variables,
        waitUntil,
        callDepth,
        null,
        null,
        callbackToken);
  }

  /** Suspended in a Task that waits for {@code token}, its Retry standing at {@code retries}. */
  FlowExecution awaiting(String token, TaskWaitSuspended.RetryState retries) {
    return new FlowExecution(
        flowName,
        name,
        mode,
        definition,
        status,
        input,
        output,
        errorCode,
        errorMessage,
        startedTime,
        stoppedTime,
        resumeState,
        resumeInput,
        resumeVariables,
        resumeWaitUntil,
        callDepth,
        token,
        retries,
        callbackToken);
  }
}
