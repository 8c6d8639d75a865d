package io.taskfn.job;

import io.taskfn.api.ConflictException;
import io.taskfn.api.Echo;
import io.taskfn.api.NotFoundException;

/**
 * The jobs family's rejections, worded as SchedulerX words them where it has a wording; values from
 * the request are quoted through {@link Echo}.
 */
final class JobErrors {
  private JobErrors() {}

  static NotFoundException groupNotFound(String namespace, String groupId) {
    return new NotFoundException(
        null,
        groupId,
        "groupid not exist groupId: " + Echo.of(groupId) + " namespace: " + Echo.of(namespace));
  }

  static NotFoundException namespaceNotFound(String namespace) {
    return new NotFoundException(
        null, namespace, "namespace not exist namespace: " + Echo.of(namespace));
  }

  static NotFoundException jobNotFound(Object job, String groupId) {
    return new NotFoundException(
        null,
        String.valueOf(job),
        "job not exist jobId: " + Echo.of(job) + " groupId: " + Echo.of(groupId));
  }

  static NotFoundException jobNotFoundInNamespace(long jobId, String namespace) {
    return new NotFoundException(
        null,
        Long.toString(jobId),
        "job not exist jobId: " + jobId + " namespace: " + Echo.of(namespace));
  }

  static NotFoundException instanceNotFound(long jobId, long instanceId) {
    return new NotFoundException(
        null,
        Long.toString(instanceId),
        "job instance not exist jobInstanceId: " + instanceId + " jobId: " + jobId);
  }

  static ConflictException alreadyExists(String what, String id) {
    return new ConflictException(409, null, id, what + " already exists: " + Echo.of(id));
  }

  static ConflictException jobDisabled(long jobId) {
    return new ConflictException(
        400, null, Long.toString(jobId), "job is disabled jobId: " + jobId + " (CheckJobStatus)");
  }
}
