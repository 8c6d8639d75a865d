package io.taskfn.job;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * A SchedulerX application group ({@code GroupId}) within a namespace.
 *
 * @param appGroupId the vendor's numeric id of the group, answered by CreateAppGroup
 * @param appVersion 1 basic, 2 professional: kept and answered, the editions do not differ here
 */
@RegisterForReflection
public record AppGroup(
    long appGroupId,
    String namespace,
    String groupId,
    String appName,
    String description,
    String appKey,
    int maxJobs,
    int appVersion,
    Instant createdAt) {

  public AppGroup {
    // A group stored before AppVersion was kept reads 0: it was created as the default, 1.
    appVersion = appVersion == 0 ? 1 : appVersion;
  }

  public AppGroup withDetails(String newDescription, int newAppVersion) {
    return new AppGroup(
        appGroupId,
        namespace,
        groupId,
        appName,
        newDescription,
        appKey,
        maxJobs,
        newAppVersion,
        createdAt);
  }
}
