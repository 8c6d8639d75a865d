package io.taskfn.email;

import io.taskfn.api.Transitions;

/**
 * Where a message is on its way to the relay, as taskfn tracks it; each API version shows it in its
 * own words ({@link #v2021()}, {@link #v2023()}).
 */
public enum EmailStatus {
  /** Accepted, waiting for its first attempt. */
  QUEUED,
  /** An attempt is under way (or its server died in it: the next claim tries again). */
  SENDING,
  /** An attempt failed transiently; the next one is due at the message's next attempt time. */
  RETRY_WAIT,
  /** The relay accepted the message. */
  DELIVERED,
  /** The relay refused it for good, or retries ran out. */
  DROPPED;

  public static final Transitions<EmailStatus> TRANSITIONS =
      Transitions.of(EmailStatus.class, "email message", Enum::name)
          .allow(QUEUED, SENDING, DROPPED)
          // SENDING -> SENDING: its server died mid-attempt and another took the message over.
          .allow(SENDING, SENDING, DELIVERED, RETRY_WAIT, DROPPED)
          .allow(RETRY_WAIT, SENDING, DROPPED)
          .allow(DELIVERED)
          .allow(DROPPED)
          .build();

  public boolean isFinal() {
    return this == DELIVERED || this == DROPPED;
  }

  /** The 2021-10-01-preview SendStatus. */
  public String v2021() {
    return switch (this) {
      case QUEUED, SENDING, RETRY_WAIT -> "queued";
      case DELIVERED -> "outForDelivery";
      case DROPPED -> "dropped";
    };
  }

  /** The 2023-03-31 EmailSendStatus. */
  public String v2023() {
    return switch (this) {
      case QUEUED -> "NotStarted";
      case SENDING, RETRY_WAIT -> "Running";
      case DELIVERED -> "Succeeded";
      case DROPPED -> "Failed";
    };
  }
}
