package io.taskfn.email;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.ValidatableResponse;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.support.DispatchRounds;
import io.taskfn.support.Http;
import io.taskfn.support.MutableClock;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** SendEmail requests of each version, as the vendor's REST specification shapes them. */
final class Messages {
  private Messages() {}

  static final ObjectMapper JSON = new ObjectMapper();

  static final byte[] PDF = "%PDF-1.4 a tiny attachment".getBytes();

  /** A 2021-10-01-preview message with every part, the sender under the SDK's name. */
  static ObjectNode v2021(String subject) {
    ObjectNode m = JSON.createObjectNode();
    m.putArray("headers").addObject().put("name", "ClientCorrelationId").put("value", "123");
    m.put("sender", "noreply@taskfn.test");
    ObjectNode content = m.putObject("content");
    content.put("subject", subject);
    content.put("plainText", "Plain words for " + subject);
    content.put("html", "<html><body><h1>" + subject + "</h1></body></html>");
    m.put("importance", "high");
    ObjectNode recipients = m.putObject("recipients");
    recipients.putArray("to").add(party2021("ann@example.org", "Ann Example"));
    recipients.withArray("to").add(party2021("bob@example.org", null));
    recipients.putArray("CC").add(party2021("carol@example.net", "Carol"));
    recipients.putArray("bCC").add(party2021("dave@hidden.example", "Dave"));
    m.putArray("attachments")
        .addObject()
        .put("name", "report.pdf")
        .put("attachmentType", "pdf")
        .put("contentBytesBase64", Base64.getEncoder().encodeToString(PDF));
    m.putArray("replyTo").add(party2021("support@taskfn.test", "Support"));
    m.put("disableUserEngagementTracking", true);
    return m;
  }

  /** A 2023-03-31 message with every part. */
  static ObjectNode v2023(String subject) {
    ObjectNode m = JSON.createObjectNode();
    m.putObject("headers").put("ClientCorrelationId", "456").put("x-priority", "1");
    m.put("senderAddress", "reports@reports.taskfn.test");
    ObjectNode content = m.putObject("content");
    content.put("subject", subject);
    content.put("plainText", "Plain words for " + subject);
    content.put("html", "<p>" + subject + "</p>");
    ObjectNode recipients = m.putObject("recipients");
    recipients.putArray("to").add(party2023("erin@example.org", "Erin"));
    recipients.putArray("cc").add(party2023("frank@example.net", null));
    recipients.putArray("bcc").add(party2023("grace@hidden.example", null));
    m.putArray("attachments")
        .addObject()
        .put("name", "notes.txt")
        .put("contentType", "text/plain")
        .put("contentInBase64", Base64.getEncoder().encodeToString("some notes".getBytes()));
    m.putArray("replyTo").add(party2023("support@taskfn.test", null));
    m.put("userEngagementTrackingDisabled", false);
    return m;
  }

  /** A small 2023-03-31 message to one recipient. */
  static ObjectNode simple(String subject, String to) {
    ObjectNode m = JSON.createObjectNode();
    m.put("senderAddress", "noreply@taskfn.test");
    m.putObject("content").put("subject", subject).put("plainText", "hello");
    m.putObject("recipients").putArray("to").addObject().put("address", to);
    return m;
  }

  static ObjectNode with(ObjectNode message, Consumer<ObjectNode> change) {
    ObjectNode copy = message.deepCopy();
    change.accept(copy);
    return copy;
  }

  static ObjectNode party2021(String email, String name) {
    ObjectNode p = JSON.createObjectNode().put("email", email);
    return name == null ? p : p.put("displayName", name);
  }

  static ObjectNode party2023(String address, String name) {
    ObjectNode p = JSON.createObjectNode().put("address", address);
    return name == null ? p : p.put("displayName", name);
  }

  static ArrayNode array(ObjectNode... items) {
    ArrayNode a = JSON.createArrayNode();
    Arrays.stream(items).forEach(a::add);
    return a;
  }

  static ValidatableResponse call(String action, Object body) {
    try {
      return Http.callRaw(action, JSON.writeValueAsString(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static String newId() {
    return UUID.randomUUID().toString();
  }

  /** What GreenMail received with this subject, one copy per recipient. */
  /**
   * Runs due work until {@code delivered} holds ({@link DispatchRounds}): an SMTP attempt that
   * hangs (seen in CI, cause not found) ends at the 60 s SMTP timeout as a deferral, retried after
   * its 30 s backoff, so one round may not see the message out. Says on stderr when it took more
   * than one round, so a recurrence shows in the output.
   */
  static void deliver(Dispatcher dispatcher, MutableClock clock, BooleanSupplier delivered)
      throws InterruptedException {
    int rounds = DispatchRounds.until(dispatcher, clock, delivered);
    if (rounds < 0) {
      throw new AssertionError(
          "the messages were not out after " + DispatchRounds.MAX_ROUNDS + " dispatcher rounds");
    }
    if (rounds > 1) {
      System.err.println("the messages were out after " + rounds + " dispatcher rounds");
    }
  }

  static List<MimeMessage> received(
      com.icegreen.greenmail.util.GreenMail greenMail, String subject) {
    return Arrays.stream(greenMail.getReceivedMessages())
        .filter(
            m -> {
              try {
                return subject.equals(m.getSubject());
              } catch (jakarta.mail.MessagingException e) {
                return false;
              }
            })
        .toList();
  }
}
