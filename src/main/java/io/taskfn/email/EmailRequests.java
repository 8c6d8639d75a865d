package io.taskfn.email;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * Request bodies of the email functions. {@code SendEmail} takes the message of either version
 * (their field names differ, and {@code headers} is a list in one and a map in the other) together
 * with the vendor's query and header parameters, named as the vendor names them.
 */
public final class EmailRequests {
  private EmailRequests() {}

  @RegisterForReflection
  public record SendEmail(
      @JsonProperty("api-version") @JsonAlias("apiVersion") String apiVersion,
      @JsonProperty("repeatability-request-id") @JsonAlias("repeatabilityRequestId")
          String repeatabilityRequestId,
      @JsonProperty("repeatability-first-sent") @JsonAlias("repeatabilityFirstSent")
          String repeatabilityFirstSent,
      @JsonProperty("Operation-Id") @JsonAlias({"operationId", "operation-id"}) String operationId,
      @JsonProperty("x-ms-client-request-id") @JsonAlias("clientRequestId") String clientRequestId,
      JsonNode headers,
      String sender,
      String senderEmail,
      String senderAddress,
      Content content,
      Recipients recipients,
      List<Address> replyTo,
      String importance,
      List<Attachment> attachments,
      Boolean disableUserEngagementTracking,
      Boolean userEngagementTrackingDisabled) {}

  @RegisterForReflection
  public record Content(String subject, String plainText, String html) {}

  /** {@code CC}/{@code bCC} in 2021-10-01-preview, {@code cc}/{@code bcc} in 2023-03-31. */
  @RegisterForReflection
  public record Recipients(
      List<Address> to,
      @JsonProperty("CC") @JsonAlias("cc") List<Address> cc,
      @JsonProperty("bCC") @JsonAlias({"bcc", "BCC"}) List<Address> bcc) {}

  /** {@code email} in 2021-10-01-preview, {@code address} in 2023-03-31. */
  @RegisterForReflection
  public record Address(String email, String address, String displayName) {}

  /**
   * {@code attachmentType}/{@code contentBytesBase64} in 2021-10-01-preview, {@code
   * contentType}/{@code contentInBase64} in 2023-03-31, where {@code contentId} makes it inline:
   * the HTML refers to it as {@code cid:<contentId>}.
   */
  @RegisterForReflection
  public record Attachment(
      String name,
      String attachmentType,
      String contentBytesBase64,
      String contentType,
      String contentInBase64,
      String contentId) {}

  /** GetSendStatus. */
  @RegisterForReflection
  public record MessageRef(
      String messageId, @JsonProperty("api-version") @JsonAlias("apiVersion") String apiVersion) {}

  /** GetSendResult. */
  @RegisterForReflection
  public record OperationRef(
      String operationId,
      @JsonProperty("api-version") @JsonAlias("apiVersion") String apiVersion) {}

  /** DescribeEmail: either id names the message. */
  @RegisterForReflection
  public record DescribeEmail(String messageId, String operationId) {}
}
