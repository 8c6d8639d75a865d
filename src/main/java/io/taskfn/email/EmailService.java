package io.taskfn.email;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskfn.api.BadInputException;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.email.EmailRequests.SendEmail;
import io.taskfn.email.EmailResponses.EmailDetail;
import io.taskfn.email.EmailResponses.EmailSendResult;
import io.taskfn.email.EmailResponses.ErrorDetail;
import io.taskfn.email.EmailResponses.SendEmailResult;
import io.taskfn.email.EmailResponses.SendStatusResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The email actions: a send is checked, made repeatable by its id, counted against the tenant's
 * rate limit, stored and answered at once; the dispatcher delivers it ({@link EmailDelivery}).
 */
@ApplicationScoped
public class EmailService {

  private static final ObjectMapper DIGEST_MAPPER = new ObjectMapper().findAndRegisterModules();

  private final EmailRepository emails;
  private final EmailConfig config;
  private final Clock clock;
  private final Dispatcher dispatcher;
  private final Set<String> senderDomains;

  public EmailService(
      EmailRepository emails, EmailConfig config, Clock clock, Dispatcher dispatcher) {
    this.emails = emails;
    this.config = config;
    this.clock = clock;
    this.dispatcher = dispatcher;
    this.senderDomains =
        config.senderDomains().orElse(List.of()).stream()
            .map(d -> d.trim().toLowerCase(Locale.ROOT))
            .collect(Collectors.toCollection(TreeSet::new));
  }

  public SendEmailResult send(SendEmail req) {
    ApiVersion version = version(req);
    EmailParts parts = new MessageReader(version).read(req);
    check(parts);
    Instant now = clock.instant();
    String messageId = UUID.randomUUID().toString();
    String keyId = null;
    if (version == ApiVersion.V2021_10_01_PREVIEW) {
      if (req.repeatabilityRequestId() != null) {
        uuid("repeatability-request-id", req.repeatabilityRequestId());
        firstSent(req.repeatabilityFirstSent(), now);
        keyId = "2021/" + req.repeatabilityRequestId();
      }
    } else if (req.operationId() != null) {
      messageId = uuid("Operation-Id", req.operationId());
      keyId = "2023/" + messageId;
    }
    boolean fresh = true;
    if (keyId != null) {
      String digest = digest(parts);
      Optional<IdempotencyKey> first =
          emails.claimKey(
              keyId,
              new IdempotencyKey(messageId, digest, now.plus(emails.keptAfterSend(maxAge()))));
      if (first.isPresent()) {
        if (!first.get().requestDigest().equals(digest)) {
          throw EmailErrors.idReused(idTarget(version), keyId.substring(keyId.indexOf('/') + 1));
        }
        fresh = false;
        messageId = first.get().messageId();
        Optional<EmailState> sent = emails.find(messageId);
        if (sent.isPresent()) {
          return sendResult(version, sent.get(), req.repeatabilityRequestId() != null);
        }
        // The first request stopped before it stored its message: this repeat stores it.
      }
    }
    countSend(now);
    String internetMessageId = "<" + messageId + "@" + parts.senderDomain() + ">";
    EmailRepository.Stored stored =
        emails.insert(
            new EmailContent(messageId, parts, now.plus(emails.keptAfterSend(maxAge()))),
            EmailState.queued(messageId, version, now, internetMessageId));
    if (fresh && !stored.inserted()) {
      // a new Operation-Id that is already the id of a message sent without it
      throw EmailErrors.idReused(idTarget(version), messageId);
    }
    dispatcher.wakeUp();
    return sendResult(version, stored.state(), req.repeatabilityRequestId() != null);
  }

  private static String idTarget(ApiVersion version) {
    return version == ApiVersion.V2021_10_01_PREVIEW ? "repeatability-request-id" : "Operation-Id";
  }

  private static ApiVersion version(SendEmail req) {
    if (req.apiVersion() != null) {
      ApiVersion v = ApiVersion.of(req.apiVersion());
      if (v == null) {
        throw BadInputException.of(
            "api-version",
            "The api-version '"
                + req.apiVersion()
                + "' is not supported; supported: "
                + ApiVersion.labels()
                + ".");
      }
      return v;
    }
    if (req.senderAddress() == null && (req.sender() != null || req.senderEmail() != null)) {
      return ApiVersion.V2021_10_01_PREVIEW;
    }
    return ApiVersion.V2023_03_31;
  }

  /** What depends on this deployment: linked domains, recipient count, size. */
  private void check(EmailParts parts) {
    String domain = parts.senderDomain().toLowerCase(Locale.ROOT);
    if (!senderDomains.contains(domain)) {
      throw EmailErrors.domainNotLinked(parts.senderDomain());
    }
    int recipients = parts.to().size() + parts.cc().size() + parts.bcc().size();
    if (recipients > config.maxRecipients()) {
      throw EmailErrors.tooManyRecipients(recipients, config.maxRecipients());
    }
    long size = MessageReader.size(parts);
    long max = config.maxRequestSize().asLongValue();
    if (size > max) {
      throw EmailErrors.tooLarge(size, max);
    }
  }

  private static String uuid(String target, String value) {
    try {
      UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw BadInputException.of(target, "The " + target + " must be a UUID, not '" + value + "'.");
    }
    return value;
  }

  /** The vendor honours a repeat only within a window after the request was first sent. */
  private void firstSent(String firstSent, Instant now) {
    if (firstSent == null) {
      return;
    }
    Instant sent;
    try {
      sent = ZonedDateTime.parse(firstSent, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw BadInputException.of(
          "repeatability-first-sent",
          "The repeatability-first-sent '"
              + firstSent
              + "' is not an HTTP date (IMF-fixdate, e.g. Tue, 26 Mar 2019 16:06:51 GMT).");
    }
    if (sent.isBefore(now.minus(config.repeatabilityWindow()))) {
      throw EmailErrors.firstSentTooOld(firstSent);
    }
  }

  private void countSend(Instant now) {
    int limit = config.rateLimit().sends();
    if (limit <= 0) {
      return;
    }
    long window = config.rateLimit().window().toMillis();
    long start = now.toEpochMilli() / window * window;
    Instant end = Instant.ofEpochMilli(start + window);
    emails.countSend(
        Long.toString(start),
        new SendWindow(0, end),
        w -> {
          if (w.sends() >= limit) {
            throw new EmailErrors.Throttled(limit, secondsUntil(end, now));
          }
          return w.plusOne();
        });
  }

  private Duration maxAge() {
    return config.retry().maxAge();
  }

  private static String digest(EmailParts parts) {
    try {
      byte[] json = DIGEST_MAPPER.writeValueAsBytes(parts);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("could not digest a message", e);
    }
  }

  private SendEmailResult sendResult(ApiVersion version, EmailState state, boolean repeatable) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (version == ApiVersion.V2021_10_01_PREVIEW) {
      headers.put("x-ms-request-id", state.messageId());
      if (repeatable) {
        headers.put("Repeatability-Result", "accepted");
      }
      return new SendEmailResult(state.messageId(), null, null, headers);
    }
    // Where the vendor's SDK polls the operation; the HTTP trigger puts its own host before it.
    headers.put(
        "Operation-Location",
        EmailVendorRoutes.OPERATIONS_PATH
            + state.messageId()
            + "?api-version="
            + ApiVersion.V2023_03_31.label());
    retryAfter(state).ifPresent(s -> headers.put("retry-after", s));
    return new SendEmailResult(null, state.messageId(), state.status().v2023(), headers);
  }

  public SendStatusResult getSendStatus(String messageId, String apiVersion) {
    onlyIn(ApiVersion.V2021_10_01_PREVIEW, apiVersion);
    EmailState state = require("messageId", messageId);
    Map<String, String> headers = new LinkedHashMap<>();
    retryAfter(state).ifPresent(s -> headers.put("Retry-After", s));
    return new SendStatusResult(state.messageId(), state.status().v2021(), headers);
  }

  public EmailSendResult getSendResult(String operationId, String apiVersion) {
    onlyIn(ApiVersion.V2023_03_31, apiVersion);
    EmailState state = require("operationId", operationId);
    Map<String, String> headers = new LinkedHashMap<>();
    retryAfter(state).ifPresent(s -> headers.put("retry-after", s));
    return new EmailSendResult(state.messageId(), state.status().v2023(), error(state), headers);
  }

  public EmailDetail describe(String messageId, String operationId) {
    boolean byOperation = messageId == null && operationId != null;
    EmailState s =
        require(byOperation ? "operationId" : "messageId", byOperation ? operationId : messageId);
    return new EmailDetail(
        s.messageId(),
        s.apiVersion().label(),
        s.status().name(),
        s.status().v2021(),
        s.status().v2023(),
        s.attempts(),
        s.createdTime(),
        s.nextAttemptTime(),
        s.finishedTime(),
        s.internetMessageId(),
        s.lastReply(),
        error(s));
  }

  /** A status action exists in one version: another version given is a mistake, named. */
  private static void onlyIn(ApiVersion version, String given) {
    if (given != null && !given.equals(version.label())) {
      throw BadInputException.of(
          "api-version",
          "This action is part of api-version " + version.label() + ", not " + given + ".");
    }
  }

  private EmailState require(String target, String id) {
    if (id == null || id.isBlank()) {
      throw EmailErrors.missing(target);
    }
    return emails.find(id).orElseThrow(() -> EmailErrors.unknownMessage(target, id));
  }

  private static ErrorDetail error(EmailState s) {
    return s.errorCode() == null ? null : new ErrorDetail(s.errorCode(), s.errorMessage());
  }

  /** Whole seconds until the next attempt, while the message is not final; 1 while one runs. */
  private Optional<String> retryAfter(EmailState s) {
    if (s.status().isFinal()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    long seconds = s.nextAttemptTime() == null ? 1 : secondsUntil(s.nextAttemptTime(), now);
    return Optional.of(Long.toString(seconds));
  }

  private static long secondsUntil(Instant when, Instant now) {
    long millis = Duration.between(now, when).toMillis();
    return Math.max(1, (millis + 999) / 1000);
  }
}
