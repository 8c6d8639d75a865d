package io.taskfn.job;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** A SchedulerX application group ({@code GroupId}) within a namespace. */
@RegisterForReflection
public record AppGroup(
    String namespace,
    String groupId,
    String appName,
    String description,
    String appKey,
    int maxJobs,
    Instant createdAt) {}
