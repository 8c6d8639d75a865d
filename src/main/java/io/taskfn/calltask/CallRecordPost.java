package io.taskfn.calltask;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * A call record on its way to a task's {@code CallRecordPostUrl}: due work of its own, so a
 * receiver that is down gets the record later, and a server that dies leaves it to another.
 *
 * @param attempts how many times it was sent without a 2xx answer
 * @param endTime when it was delivered or given up; null while it is still to be sent
 */
@RegisterForReflection
public record CallRecordPost(
    String url, CallRecord record, int attempts, String lastError, Instant endTime) {

  boolean isDone() {
    return endTime != null;
  }
}
