package io.taskfn.email;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.taskfn.api.WithResponseHeaders;
import java.time.Instant;
import java.util.Map;

/** Answers of the email functions, in each version's shape. */
public final class EmailResponses {
  private EmailResponses() {}

  /**
   * SendEmail: {@code {messageId}} in 2021-10-01-preview (whose 202 carries the id in {@code
   * x-ms-request-id} too), {@code {id, status}} in 2023-03-31.
   */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SendEmailResult(
      String messageId, String id, String status, @JsonIgnore Map<String, String> responseHeaders)
      implements WithResponseHeaders {}

  /** GetSendStatus (2021-10-01-preview), with Retry-After while the message is not final. */
  @RegisterForReflection
  public record SendStatusResult(
      String messageId, String status, @JsonIgnore Map<String, String> responseHeaders)
      implements WithResponseHeaders {}

  /** GetSendResult (2023-03-31), with retry-after while the operation is not final. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record EmailSendResult(
      String id, String status, ErrorDetail error, @JsonIgnore Map<String, String> responseHeaders)
      implements WithResponseHeaders {}

  @RegisterForReflection
  public record ErrorDetail(String code, String message) {}

  /** DescribeEmail, taskfn's own: the delivery as taskfn tracks it, the relay's last reply too. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record EmailDetail(
      String messageId,
      String apiVersion,
      String status,
      String sendStatus,
      String operationStatus,
      int attempts,
      Instant createdTime,
      Instant nextAttemptTime,
      Instant finishedTime,
      String internetMessageId,
      String lastReply,
      ErrorDetail error) {}
}
