package io.taskfn.flow;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * A task token a Task state waits for, and what was reported for it: the execution and state it
 * belongs to, the event that entered the state, and once reported the output or the error and
 * cause. It expires a retention age after the Task would have timed out.
 */
@RegisterForReflection
public record FlowTaskToken(
    String token,
    String flowName,
    String executionName,
    String stateName,
    long eventId,
    Status status,
    String output,
    String error,
    String cause,
    Instant expiresAt) {

  public enum Status {
    Waiting,
    Succeeded,
    Failed
  }

  FlowTaskToken reported(Status outcome, String newOutput, String newError, String newCause) {
    return new FlowTaskToken(
        token,
        flowName,
        executionName,
        stateName,
        eventId,
        outcome,
        newOutput,
        newError,
        newCause,
        expiresAt);
  }
}
