package io.taskfn.email;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * The delivery state of one message: due work for the dispatcher until it is delivered or dropped.
 * Each change of status goes through a method that checks the transition.
 *
 * @param internetMessageId the {@code Message-ID} every attempt sends, so a receiver can drop the
 *     duplicate an at-least-once retry may deliver
 * @param lastReply what the relay last answered (or why it could not be reached)
 * @param errorCode why the message was dropped, in the vendor's words; null unless dropped
 */
@RegisterForReflection
public record EmailState(
    String messageId,
    ApiVersion apiVersion,
    EmailStatus status,
    int attempts,
    Instant createdTime,
    Instant nextAttemptTime,
    Instant finishedTime,
    String internetMessageId,
    String lastReply,
    String errorCode,
    String errorMessage) {

  public static EmailState queued(
      String messageId, ApiVersion version, Instant now, String internetMessageId) {
    return new EmailState(
        messageId,
        version,
        EmailStatus.QUEUED,
        0,
        now,
        now,
        null,
        internetMessageId,
        null,
        null,
        null);
  }

  private EmailState to(
      EmailStatus next,
      int newAttempts,
      Instant nextAttempt,
      Instant finished,
      String reply,
      String code,
      String message) {
    EmailStatus.TRANSITIONS.check(messageId, status, next);
    return new EmailState(
        messageId,
        apiVersion,
        next,
        newAttempts,
        createdTime,
        nextAttempt,
        finished,
        internetMessageId,
        reply,
        code,
        message);
  }

  /** An attempt begins. */
  public EmailState sending() {
    return to(EmailStatus.SENDING, attempts + 1, null, null, lastReply, null, null);
  }

  public EmailState delivered(Instant now, String reply) {
    return to(EmailStatus.DELIVERED, attempts, null, now, reply, null, null);
  }

  /** The attempt failed transiently; the next is due at {@code next}. */
  public EmailState retryAt(Instant next, String reply) {
    return to(EmailStatus.RETRY_WAIT, attempts, next, null, reply, null, null);
  }

  public EmailState dropped(Instant now, String reply, String code, String message) {
    return to(EmailStatus.DROPPED, attempts, null, now, reply, code, message);
  }
}
