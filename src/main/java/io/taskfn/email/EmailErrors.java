package io.taskfn.email;

import io.taskfn.api.ApiException;
import io.taskfn.api.BadInputException;
import io.taskfn.api.NotFoundException;

/**
 * The email family's rejections. Codes the vendor is known to answer ({@code DomainNotLinked},
 * {@code InvalidEmailAddress}, {@code EmailDropped}) are used as it does; the others follow the
 * vendor's status for the case with an Azure-style code (see README, "Email").
 */
final class EmailErrors {
  private EmailErrors() {}

  static BadInputException missing(String target) {
    return BadInputException.missing(target);
  }

  static BadInputException invalid(String target, String message) {
    return new BadInputException("BadRequest", target, message);
  }

  static BadInputException invalidAddress(String target, String address, String why) {
    return new BadInputException(
        "InvalidEmailAddress",
        target,
        "The email address '" + address + "' in " + target + " is not valid: " + why + ".");
  }

  static BadInputException domainNotLinked(String domain) {
    return new BadInputException(
        "DomainNotLinked",
        "senderAddress",
        "The specified sender domain has not been linked: " + domain + ".");
  }

  static BadInputException tooManyRecipients(int count, int max) {
    return new BadInputException(
        "TooManyRecipients",
        "recipients",
        "The message has " + count + " recipients; at most " + max + " are allowed.");
  }

  static ApiException tooLarge(long size, long max) {
    return new ApiException(
        413,
        "RequestEntityTooLarge",
        "The email request is "
            + size
            + " bytes, attachments included; at most "
            + max
            + " bytes are allowed.",
        "attachments");
  }

  static BadInputException idReused(String target, String id) {
    return new BadInputException(
        "RepeatableRequestMismatch",
        target,
        "The "
            + target
            + " "
            + id
            + " was used before with a different request; use a new id for a new message.");
  }

  static ApiException firstSentTooOld(String firstSent) {
    return new ApiException(
        412,
        "PreconditionFailed",
        "The repeatability-first-sent time "
            + firstSent
            + " is outside the window in which repeated requests are recognised.",
        "repeatability-first-sent");
  }

  static NotFoundException unknownMessage(String target, String id) {
    return new NotFoundException(
        "NotFound", id, "No email message has the " + target + " '" + id + "'.");
  }

  /** Too many sends from the tenant in the current window: 429 with Retry-After. */
  static final class Throttled extends ApiException {
    private final long retryAfterSeconds;

    Throttled(int limit, long retryAfterSeconds) {
      super(
          429,
          "TooManyRequests",
          "More than "
              + limit
              + " messages were sent in the current window; retry after "
              + retryAfterSeconds
              + " seconds.",
          null);
      this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }
}
