package io.taskfn.job;

import java.time.Instant;

/** A SchedulerX namespace: the environment that app groups and jobs live in. */
public record Namespace(String uid, String name, String description, Instant createdAt) {}
