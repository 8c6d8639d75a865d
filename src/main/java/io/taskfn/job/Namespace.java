package io.taskfn.job;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** A SchedulerX namespace: the environment that app groups and jobs live in. */
@RegisterForReflection
public record Namespace(String uid, String name, String description, Instant createdAt) {}
