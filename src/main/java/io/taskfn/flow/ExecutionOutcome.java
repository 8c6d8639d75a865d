package io.taskfn.flow;

import com.fasterxml.jackson.databind.JsonNode;

/** How a run ended: a final status with the output, or the error code and message. */
public record ExecutionOutcome(
    ExecutionStatus status, JsonNode output, String errorCode, String errorMessage) {}
