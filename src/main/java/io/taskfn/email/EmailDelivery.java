package io.taskfn.email;

import io.taskfn.dispatch.HeldRecord;
import io.taskfn.dispatch.LeasedHandler;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Delivers a due message: one SMTP attempt per claim. The relay's 250 delivers it, a 5xx drops it
 * with the reply kept, a 4xx (or no relay) makes it due again after a backoff that doubles, until
 * the attempts or the age allowed run out. The attempt is written before the relay is called, so a
 * server that dies in it leaves a SENDING message whose lease runs out and whichever server claims
 * it makes the next attempt.
 *
 * <p>Delivery is at least once: a server that dies after the relay's 250 and before it writes
 * DELIVERED leaves the message to be sent again. Every attempt sends the same {@code Message-ID},
 * so a receiver can drop the duplicate.
 */
@Singleton
public class EmailDelivery extends LeasedHandler<EmailState> {

  private final EmailRepository emails;
  private final SmtpRelay relay;
  private final EmailConfig.Retry retry;
  private final Clock clock;

  public EmailDelivery(EmailRepository emails, SmtpRelay relay, EmailConfig config, Clock clock) {
    super(emails.stateRecords());
    this.emails = emails;
    this.relay = relay;
    this.retry = config.retry();
    this.clock = clock;
  }

  @Override
  protected boolean isFinished(EmailState state) {
    return state.status().isFinal();
  }

  @Override
  protected EmailState failed(EmailState state, RuntimeException cause) {
    return state.dropped(
        clock.instant(),
        state.lastReply(),
        "EmailDropped",
        "taskfn failed while delivering the message: " + cause);
  }

  @Override
  protected void handle(HeldRecord<EmailState> held) {
    EmailState state = held.value();
    Instant now = clock.instant();
    if (state.status() == EmailStatus.SENDING && state.attempts() >= retry.maxAttempts()) {
      held.release(
          giveUp(state, now, "attempt " + state.attempts() + " was abandoned by its server"), null);
      return;
    }
    Optional<EmailContent> content = emails.content(state.messageId());
    if (content.isEmpty()) {
      held.release(
          state.dropped(now, null, "EmailDropped", "The message's content was not found."), null);
      return;
    }
    EmailState sending = state.sending();
    held.write(sending);
    SmtpRelay.Reply reply = relay.send(content.get().parts(), state.internetMessageId());
    Instant after = clock.instant();
    if (reply instanceof SmtpRelay.Accepted) {
      held.release(sending.delivered(after, reply.text()), null);
    } else if (reply instanceof SmtpRelay.Refused) {
      held.release(
          sending.dropped(
              after,
              reply.text(),
              "EmailDropped",
              "The relay refused the message: " + reply.text()),
          null);
    } else {
      Instant next = after.plus(backoff(sending.attempts()));
      if (sending.attempts() >= retry.maxAttempts()
          || next.isAfter(sending.createdTime().plus(retry.maxAge()))) {
        held.release(giveUp(sending, after, reply.text()), null);
      } else {
        held.release(sending.retryAt(next, reply.text()), next);
      }
    }
  }

  /** The wait after the {@code attempts}-th failure: the initial backoff, doubled each time. */
  Duration backoff(int attempts) {
    Duration wait = retry.initialBackoff();
    for (int i = 1; i < attempts && wait.compareTo(retry.maxBackoff()) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : wait;
  }

  private static EmailState giveUp(EmailState state, Instant now, String lastReply) {
    return state.dropped(
        now,
        lastReply,
        "EmailDropped",
        "Email was dropped after " + state.attempts() + " attempts to deliver: " + lastReply);
  }
}
