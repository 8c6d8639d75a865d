package io.taskfn.flow;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * A flow: a named state machine definition and how its executions run. {@code roleArn} is kept and
 * shown as given: taskfn's Task states call this service's own functions, which need no role.
 */
@RegisterForReflection
public record Flow(
    String name,
    String id,
    String definition,
    String description,
    ExecutionMode executionMode,
    String roleArn,
    Instant createdTime,
    Instant lastModifiedTime) {}
