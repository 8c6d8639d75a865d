package io.taskfn.email;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * A message as taskfn keeps it, whichever version sent it: what the SMTP message is built from, and
 * what a repeated request is compared with.
 */
@RegisterForReflection
public record EmailParts(
    ApiVersion apiVersion,
    String sender,
    String subject,
    String plainText,
    String html,
    List<Party> to,
    List<Party> cc,
    List<Party> bcc,
    List<Party> replyTo,
    List<Header> headers,
    String importance,
    List<Attachment> attachments,
    boolean userEngagementTrackingDisabled) {

  @RegisterForReflection
  public record Party(String address, String displayName) {}

  @RegisterForReflection
  public record Header(String name, String value) {}

  /**
   * @param contentId null for an ordinary attachment; else the id an inline one is referred to by
   *     ({@code cid:}). Left out of the JSON when null, so the digest of a repeated request that
   *     has none is what it was before inline attachments existed.
   */
  @RegisterForReflection
  public record Attachment(
      String name,
      String contentType,
      String contentInBase64,
      @JsonInclude(JsonInclude.Include.NON_NULL) String contentId) {}

  /** The domain part of the sender address. */
  public String senderDomain() {
    return sender.substring(sender.lastIndexOf('@') + 1);
  }
}
