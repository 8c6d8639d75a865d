package io.taskfn.email;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the email family; the SMTP relay itself is {@code quarkus.mailer.*}. */
@ConfigMapping(prefix = "taskfn.email")
public interface EmailConfig {

  /**
   * The domains senders may use, as a vendor resource's linked domains: a sender of any other
   * domain is rejected with {@code DomainNotLinked}. None configured: every sender is rejected.
   */
  Optional<List<String>> senderDomains();

  /** The most recipients (To, Cc and Bcc together) of one message, as the vendor allows. */
  @WithDefault("50")
  int maxRecipients();

  /** The largest request, attachments included, as the vendor allows. */
  @WithDefault("10M")
  MemorySize maxRequestSize();

  /**
   * How long a repeatability request id is honoured after its {@code repeatability-first-sent}
   * time: an older request may have run already and is refused (412), as the vendor does.
   */
  @WithDefault("5m")
  Duration repeatabilityWindow();

  /** How long one SMTP delivery attempt may take before it counts as a transient failure. */
  @WithDefault("60s")
  Duration smtpTimeout();

  Retry retry();

  RateLimit rateLimit();

  /** Transient failures (4xx replies, a relay that can not be reached) are retried. */
  interface Retry {

    /** Attempts in all, the first included; a message still failing then is dropped. */
    @WithDefault("8")
    int maxAttempts();

    /** The wait after the first failed attempt; it doubles after each further one. */
    @WithDefault("30s")
    Duration initialBackoff();

    @WithDefault("15m")
    Duration maxBackoff();

    /** A message not delivered this long after it was sent is dropped. */
    @WithDefault("24h")
    Duration maxAge();
  }

  /** Sends per tenant in a fixed window; over it a send is rejected with 429 and Retry-After. */
  interface RateLimit {

    /** How many sends one tenant may make per window; 0 turns the limit off. */
    @WithDefault("0")
    int sends();

    @WithDefault("60s")
    Duration window();
  }
}
