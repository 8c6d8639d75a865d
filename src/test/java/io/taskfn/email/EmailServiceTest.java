package io.taskfn.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.configuration.MemorySize;
import io.taskfn.api.ApiException;
import io.taskfn.api.ErrorResponse;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.email.EmailRequests.SendEmail;
import io.taskfn.store.EmbeddedStoreBackend;
import io.taskfn.store.InMemoryStoreBackend;
import io.taskfn.support.MutableClock;
import io.taskfn.support.TestDispatchConfig;
import io.taskfn.support.TestRetention;
import io.vertx.ext.mail.SMTPException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The email service without a server: the default size limit, the rate limit, backoff, replies. */
class EmailServiceTest {

  record TestRetry(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxAge)
      implements EmailConfig.Retry {}

  record TestRateLimit(int sends, Duration window) implements EmailConfig.RateLimit {}

  record Config(
      Optional<List<String>> senderDomains,
      int maxRecipients,
      MemorySize maxRequestSize,
      Duration repeatabilityWindow,
      Duration smtpTimeout,
      EmailConfig.Retry retry,
      EmailConfig.RateLimit rateLimit)
      implements EmailConfig {

    /** The defaults as configured, with a rate limit. */
    static Config defaults(int sendsPerMinute) {
      return new Config(
          Optional.of(List.of("taskfn.test")),
          50,
          new MemorySize(BigInteger.valueOf(10L * 1024 * 1024)),
          Duration.ofMinutes(5),
          Duration.ofSeconds(60),
          new TestRetry(8, Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofHours(24)),
          new TestRateLimit(sendsPerMinute, Duration.ofMinutes(1)));
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T08:00:10Z"));

  private EmailService service(Config config) {
    InMemoryStoreBackend store = new InMemoryStoreBackend();
    return new EmailService(
        new EmailRepository(store, TestRetention.DEFAULT),
        config,
        clock,
        new Dispatcher(store, clock, new TestDispatchConfig(Duration.ofSeconds(30), 1), List.of()));
  }

  private static SendEmail request(ObjectNode body) throws Exception {
    return JSON.treeToValue(body, SendEmail.class);
  }

  @Test
  void theDefaultLimitIsTenMegabytesOfRequest() throws Exception {
    EmailService emails = service(Config.defaults(0));
    ObjectNode message = Messages.simple("s", "to@example.org");
    long others = "s".length() + "hello".length() + "big.bin".length();
    String fits = "A".repeat((int) (10L * 1024 * 1024 - others));
    message
        .putArray("attachments")
        .addObject()
        .put("name", "big.bin")
        .put("contentType", "application/octet-stream")
        .put("contentInBase64", fits);
    assertEquals("NotStarted", emails.send(request(message)).status());

    ((ObjectNode) message.withArray("attachments").get(0)).put("contentInBase64", fits + "AAAA");
    ApiException tooLarge = assertThrows(ApiException.class, () -> emails.send(request(message)));
    assertEquals(413, tooLarge.httpStatus());
    assertEquals("RequestEntityTooLarge", tooLarge.vendorCode());
  }

  @Test
  void aTenantOverItsRateIsRefusedWith429UntilTheWindowEnds() throws Exception {
    EmailService emails = service(Config.defaults(2));
    String operationId = Messages.newId();
    ObjectNode repeatable =
        Messages.with(
            Messages.simple("r", "to@example.org"), m -> m.put("Operation-Id", operationId));
    emails.send(request(repeatable));
    emails.send(request(repeatable));
    emails.send(request(Messages.simple("second", "to@example.org")));

    ApiException refused =
        assertThrows(
            ApiException.class,
            () -> emails.send(request(Messages.simple("third", "to@example.org"))));
    ErrorResponse shown = new EmailErrorEnvelope().render(refused, "R1");
    assertEquals(429, shown.httpStatus());
    assertEquals("50", shown.headers().get("Retry-After"), "seconds to the end of the minute");
    assertEquals("TooManyRequests", shown.headers().get("x-ms-error-code"));
    assertEquals(
        Map.of("code", "TooManyRequests", "message", refused.getMessage()),
        ((Map<?, ?>) ((Map<?, ?>) shown.body()).get("error")));
    emails.send(request(repeatable));

    clock.advance(Duration.ofSeconds(50));
    assertEquals(
        "NotStarted", emails.send(request(Messages.simple("later", "to@example.org"))).status());
  }

  @Test
  void aQueuedMessageIsStillDueAfterARestart(@TempDir Path directory) throws Exception {
    String id;
    try (EmbeddedStoreBackend store = EmbeddedStoreBackend.open(directory)) {
      EmailService emails =
          new EmailService(
              new EmailRepository(store, TestRetention.DEFAULT),
              Config.defaults(0),
              clock,
              new Dispatcher(
                  store, clock, new TestDispatchConfig(Duration.ofSeconds(30), 1), List.of()));
      id = emails.send(request(Messages.simple("survives", "to@example.org"))).id();
    }
    try (EmbeddedStoreBackend reopened = EmbeddedStoreBackend.open(directory)) {
      EmailRepository emails = new EmailRepository(reopened, TestRetention.DEFAULT);
      assertEquals(
          List.of(id),
          reopened.findDue(EmailRepository.STATE_KIND, clock.instant(), 10).stream()
              .map(r -> r.id())
              .toList());
      assertEquals(EmailStatus.QUEUED, emails.find(id).orElseThrow().status());
      assertEquals("survives", emails.content(id).orElseThrow().parts().subject());
    }
  }

  @Test
  void theBackoffDoublesUpToItsMaximum() {
    EmailDelivery delivery =
        new EmailDelivery(
            new EmailRepository(new InMemoryStoreBackend(), TestRetention.DEFAULT),
            null,
            Config.defaults(0),
            clock);
    assertEquals(Duration.ofSeconds(30), delivery.backoff(1));
    assertEquals(Duration.ofSeconds(60), delivery.backoff(2));
    assertEquals(Duration.ofMinutes(8), delivery.backoff(5));
    assertEquals(Duration.ofMinutes(15), delivery.backoff(6));
    assertEquals(Duration.ofMinutes(15), delivery.backoff(30));
  }

  @Test
  void repliesAreTransientByTheirCodeOrEnhancedStatus() {
    assertInstanceOf(
        SmtpRelay.Refused.class, SmtpRelay.classify(smtp(550, "550 5.1.1 user unknown")));
    assertInstanceOf(
        SmtpRelay.Deferred.class, SmtpRelay.classify(smtp(451, "451 4.3.0 try later")));
    assertInstanceOf(
        SmtpRelay.Deferred.class,
        SmtpRelay.classify(smtp(550, "550 4.7.1 greylisted, try again")),
        "an enhanced 4.x.x is transient whatever the reply code");
    assertInstanceOf(
        SmtpRelay.Deferred.class,
        SmtpRelay.classify(new java.util.concurrent.CompletionException(smtp(421, "421 closing"))));
    SmtpRelay.Reply unreachable = SmtpRelay.classify(new java.net.ConnectException("refused"));
    assertInstanceOf(SmtpRelay.Deferred.class, unreachable);
    assertEquals(
        "the relay could not be reached: java.net.ConnectException: refused", unreachable.text());
  }

  private static SMTPException smtp(int code, String reply) {
    return new SMTPException("sending failed", code, List.of(reply), true);
  }
}
