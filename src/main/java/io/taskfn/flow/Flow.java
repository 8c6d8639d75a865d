package io.taskfn.flow;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** A flow: a named state machine definition and how its executions run. */
@RegisterForReflection
public record Flow(
    String name,
    String id,
    String definition,
    String description,
    ExecutionMode executionMode,
    Instant createdTime,
    Instant lastModifiedTime) {}
