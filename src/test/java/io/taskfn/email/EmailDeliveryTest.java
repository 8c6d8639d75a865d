package io.taskfn.email;

import static io.taskfn.email.Messages.call;
import static io.taskfn.email.Messages.received;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.support.MutableClock;
import io.taskfn.support.ScriptedRelay;
import jakarta.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Messages sent through the functions arrive at a real SMTP server, with every part. */
@QuarkusTest
@TestProfile(EmailTestProfile.class)
class EmailDeliveryTest {

  GreenMail greenMail;
  ScriptedRelay relay;

  @Inject Dispatcher dispatcher;
  @Inject MutableClock clock;

  @AfterEach
  void relayPassesAgain() {
    relay.up();
    relay.pass();
  }

  private void deliverDue() throws InterruptedException {
    dispatcher.runUntilIdle(Duration.ofSeconds(30));
  }

  @Test
  void a2021MessageArrivesWithEveryPartAndGoesFromQueuedToOutForDelivery() throws Exception {
    String subject = "Every part 2021 " + Messages.newId();
    String messageId =
        call("SendEmail", Messages.v2021(subject))
            .statusCode(200)
            .header("x-ms-request-id", org.hamcrest.Matchers.notNullValue())
            .extract()
            .path("messageId");
    call("GetSendStatus", Map.of("messageId", messageId))
        .statusCode(200)
        .header("Retry-After", "1")
        .body("messageId", equalTo(messageId))
        .body("status", equalTo("queued"));

    deliverDue();

    call("GetSendStatus", Map.of("messageId", messageId))
        .statusCode(200)
        .header("Retry-After", nullValue())
        .body("status", equalTo("outForDelivery"));
    List<MimeMessage> copies = received(greenMail, subject);
    assertEquals(
        4, copies.size(), "one copy for each of To (2), Cc and Bcc: the Bcc recipient got one");
    MimeMessage m = copies.get(0);
    assertEquals("noreply@taskfn.test", ((InternetAddress) m.getFrom()[0]).getAddress());
    assertEquals(
        List.of("ann@example.org", "bob@example.org"),
        addresses(m.getRecipients(RecipientType.TO)));
    assertEquals(
        "Ann Example", ((InternetAddress) m.getRecipients(RecipientType.TO)[0]).getPersonal());
    assertEquals(List.of("carol@example.net"), addresses(m.getRecipients(RecipientType.CC)));
    assertNull(m.getHeader("Bcc"), "Bcc is not in the headers");
    assertEquals(List.of("support@taskfn.test"), addresses(m.getReplyTo()), "Reply-To as sent");
    assertEquals("123", m.getHeader("ClientCorrelationId")[0]);
    assertEquals("High", m.getHeader("Importance")[0]);
    assertEquals("<" + messageId + "@taskfn.test>", m.getMessageID());

    List<Part> leaves = new ArrayList<>();
    leaves(m, leaves);
    assertTrue(
        leaves.stream().anyMatch(p -> is(p, "text/plain") && text(p).contains("Plain words")),
        "text alternative");
    assertTrue(
        leaves.stream().anyMatch(p -> is(p, "text/html") && text(p).contains("<h1>")),
        "HTML alternative");
    Part pdf =
        leaves.stream().filter(p -> "report.pdf".equals(fileName(p))).findFirst().orElseThrow();
    assertTrue(is(pdf, "application/pdf"));
    assertArrayEquals(Messages.PDF, bytes(pdf));
  }

  @Test
  void a2023MessageGoesFromNotStartedToSucceededAndReadsThroughBothVersions() throws Exception {
    String subject = "Every part 2023 " + Messages.newId();
    String operationId = Messages.newId();
    call(
            "SendEmail",
            Messages.with(Messages.v2023(subject), m -> m.put("Operation-Id", operationId)))
        .statusCode(200)
        .header("retry-after", "1")
        .body("id", equalTo(operationId))
        .body("status", equalTo("NotStarted"));
    call("GetSendResult", Map.of("operationId", operationId))
        .statusCode(200)
        .body("status", equalTo("NotStarted"));

    deliverDue();

    call("GetSendResult", Map.of("operationId", operationId))
        .statusCode(200)
        .header("retry-after", nullValue())
        .body("id", equalTo(operationId))
        .body("status", equalTo("Succeeded"))
        .body("error", nullValue());
    call("GetSendStatus", Map.of("messageId", operationId))
        .statusCode(200)
        .body("status", equalTo("outForDelivery"));
    call("DescribeEmail", Map.of("operationId", operationId))
        .statusCode(200)
        .body("apiVersion", equalTo("2023-03-31"))
        .body("status", equalTo("DELIVERED"))
        .body("attempts", equalTo(1));
    List<MimeMessage> copies = received(greenMail, subject);
    assertEquals(3, copies.size());
    MimeMessage m = copies.get(0);
    assertEquals("reports@reports.taskfn.test", ((InternetAddress) m.getFrom()[0]).getAddress());
    assertEquals(List.of("frank@example.net"), addresses(m.getRecipients(RecipientType.CC)));
    assertNull(m.getHeader("Bcc"));
    assertEquals("456", m.getHeader("ClientCorrelationId")[0]);
    assertEquals("1", m.getHeader("x-priority")[0]);
    List<Part> leaves = new ArrayList<>();
    leaves(m, leaves);
    Part notes =
        leaves.stream().filter(p -> "notes.txt".equals(fileName(p))).findFirst().orElseThrow();
    assertEquals("some notes", new String(bytes(notes)));
  }

  @Test
  void aRelayThatAnswers550DropsTheMessageWithItsReply() throws Exception {
    relay.replyToRecipients("550 5.1.1 <nobody@example.org>: Recipient address rejected");
    String operationId = Messages.newId();
    call(
            "SendEmail",
            Messages.with(
                Messages.simple("Refused " + operationId, "nobody@example.org"),
                m -> m.put("Operation-Id", operationId)))
        .statusCode(200);

    deliverDue();

    call("GetSendResult", Map.of("operationId", operationId))
        .statusCode(200)
        .header("retry-after", nullValue())
        .body("status", equalTo("Failed"))
        .body("error.code", equalTo("EmailDropped"))
        .body("error.message", containsString("550 5.1.1"));
    call("GetSendStatus", Map.of("messageId", operationId))
        .statusCode(200)
        .body("status", equalTo("dropped"));
    call("DescribeEmail", Map.of("messageId", operationId))
        .statusCode(200)
        .body("status", equalTo("DROPPED"))
        .body("attempts", equalTo(1))
        .body("lastReply", containsString("Recipient address rejected"));
  }

  @Test
  void a451IsRetriedWithBackoffAndRetryAfterCountsDownToTheNextAttempt() throws Exception {
    relay.replyToRecipients("451 4.3.0 Mailbox temporarily unavailable");
    String subject = "Deferred " + Messages.newId();
    String operationId = Messages.newId();
    call(
            "SendEmail",
            Messages.with(
                Messages.simple(subject, "later@example.org"),
                m -> m.put("Operation-Id", operationId)))
        .statusCode(200);

    deliverDue();
    call("GetSendResult", Map.of("operationId", operationId))
        .statusCode(200)
        .header("retry-after", "30")
        .body("status", equalTo("Running"));
    call("GetSendStatus", Map.of("messageId", operationId))
        .statusCode(200)
        .header("Retry-After", "30")
        .body("status", equalTo("queued"));

    clock.advance(Duration.ofSeconds(12));
    int connections = relay.connections();
    deliverDue();
    assertEquals(connections, relay.connections(), "no attempt before the backoff ends");
    call("GetSendStatus", Map.of("messageId", operationId)).header("Retry-After", "18");

    clock.advance(Duration.ofSeconds(18));
    deliverDue();
    call("GetSendResult", Map.of("operationId", operationId))
        .header("retry-after", "60")
        .body("status", equalTo("Running"));
    call("DescribeEmail", Map.of("operationId", operationId))
        .body("attempts", equalTo(2))
        .body("lastReply", containsString("451 4.3.0"));

    relay.pass();
    clock.advance(Duration.ofSeconds(60));
    deliverDue();
    call("GetSendResult", Map.of("operationId", operationId)).body("status", equalTo("Succeeded"));
    assertEquals(1, received(greenMail, subject).size());
  }

  @Test
  void aRelayThatIsDownAndComesBackGetsTheMessageAfterARetry() throws Exception {
    relay.down();
    String subject = "Relay down " + Messages.newId();
    ObjectNode message = Messages.v2021(subject);
    String messageId = call("SendEmail", message).statusCode(200).extract().path("messageId");

    deliverDue();
    call("GetSendStatus", Map.of("messageId", messageId))
        .statusCode(200)
        .header("Retry-After", "30")
        .body("status", equalTo("queued"));
    call("DescribeEmail", Map.of("messageId", messageId))
        .body("status", equalTo("RETRY_WAIT"))
        .body("lastReply", containsString("could not be reached"));

    relay.up();
    clock.advance(Duration.ofSeconds(30));
    deliverDue();
    call("GetSendStatus", Map.of("messageId", messageId)).body("status", equalTo("outForDelivery"));
    assertEquals(4, received(greenMail, subject).size());
  }

  @Test
  void retriesEndAfterTheAttemptsAllowedAndTheMessageIsDropped() throws Exception {
    relay.replyToRecipients("452 4.2.2 Mailbox full");
    String operationId = Messages.newId();
    call(
            "SendEmail",
            Messages.with(
                Messages.simple("Full " + operationId, "full@example.org"),
                m -> m.put("Operation-Id", operationId)))
        .statusCode(200);
    for (int attempt = 1; attempt <= 8; attempt++) {
      deliverDue();
      clock.advance(Duration.ofMinutes(15));
    }
    call("GetSendResult", Map.of("operationId", operationId))
        .body("status", equalTo("Failed"))
        .body("error.code", equalTo("EmailDropped"))
        .body("error.message", containsString("after 8 attempts"))
        .body("error.message", containsString("452 4.2.2"));
    call("DescribeEmail", Map.of("operationId", operationId)).body("attempts", equalTo(8));
  }

  @Test
  void theSpecificationsSenderEmailIsTheSenderToo() throws Exception {
    String subject = "senderEmail " + Messages.newId();
    ObjectNode message = Messages.v2021(subject);
    message.remove("sender");
    message.put("senderEmail", "alerts@taskfn.test");
    call("SendEmail", message).statusCode(200);
    deliverDue();
    MimeMessage m = received(greenMail, subject).get(0);
    assertEquals("alerts@taskfn.test", ((InternetAddress) m.getFrom()[0]).getAddress());
  }

  private static List<String> addresses(Address[] list) {
    return Arrays.stream(list).map(a -> ((InternetAddress) a).getAddress()).toList();
  }

  private static void leaves(Part part, List<Part> out) throws Exception {
    if (part.getContent() instanceof Multipart multi) {
      for (int i = 0; i < multi.getCount(); i++) {
        BodyPart child = multi.getBodyPart(i);
        leaves(child, out);
      }
    } else {
      out.add(part);
    }
  }

  private static boolean is(Part p, String type) {
    try {
      return p.isMimeType(type);
    } catch (jakarta.mail.MessagingException e) {
      return false;
    }
  }

  private static String fileName(Part p) {
    try {
      return p.getFileName();
    } catch (jakarta.mail.MessagingException e) {
      return null;
    }
  }

  private static String text(Part p) {
    return new String(bytes(p));
  }

  private static byte[] bytes(Part p) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      p.getDataHandler().writeTo(out);
      return out.toByteArray();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
