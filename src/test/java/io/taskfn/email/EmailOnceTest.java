package io.taskfn.email;

import static io.taskfn.email.Messages.call;
import static io.taskfn.email.Messages.received;
import static io.taskfn.email.Messages.with;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoredRecord;
import io.taskfn.support.Claims;
import io.taskfn.support.Http;
import io.taskfn.support.MutableClock;
import io.taskfn.support.ScriptedRelay;
import io.taskfn.support.TestDispatchConfig;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A message is sent once however it is asked for: repeated requests with the same id, two
 * dispatchers over one store, a server that died in an attempt; and a flow's Task sends one.
 */
@QuarkusTest
@TestProfile(EmailTestProfile.class)
class EmailOnceTest {

  GreenMail greenMail;
  ScriptedRelay relay;

  @Inject Dispatcher dispatcher;
  @Inject MutableClock clock;
  @Inject StoreBackend store;
  @Inject EmailDelivery delivery;
  @Inject EmailRepository emails;

  private void deliverDue() throws InterruptedException {
    dispatcher.runUntilIdle(Duration.ofSeconds(30));
  }

  private static String httpDate(Instant at) {
    return java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
        at.atZone(java.time.ZoneOffset.UTC));
  }

  @Test
  void aRepeatedRepeatabilityRequestIdAnswersTheFirstMessageAndSendsOnce() throws Exception {
    String subject = "Repeatable " + Messages.newId();
    String requestId = Messages.newId();
    ObjectNode first =
        with(
            Messages.v2021(subject),
            m ->
                m.put("repeatability-request-id", requestId)
                    .put("repeatability-first-sent", httpDate(clock.instant())));
    String messageId =
        call("SendEmail", first)
            .statusCode(200)
            .header("Repeatability-Result", "accepted")
            .extract()
            .path("messageId");
    call("SendEmail", first)
        .statusCode(200)
        .header("x-ms-request-id", messageId)
        .body("messageId", equalTo(messageId));
    call(
            "SendEmail",
            with(first, m -> ((ObjectNode) m.get("content")).put("subject", "another message")))
        .statusCode(400)
        .header("x-ms-error-code", "RepeatableRequestMismatch")
        .body("error.target", equalTo("repeatability-request-id"));

    deliverDue();
    call("SendEmail", first).statusCode(200).body("messageId", equalTo(messageId));
    deliverDue();
    assertEquals(4, received(greenMail, subject).size(), "one message, one copy per recipient");
  }

  @Test
  void aRepeatedOperationIdAnswersTheOperationAndSendsOnce() throws Exception {
    String subject = "Operation " + Messages.newId();
    String operationId = Messages.newId();
    ObjectNode message = with(Messages.v2023(subject), m -> m.put("Operation-Id", operationId));
    call("SendEmail", message).statusCode(200).body("status", equalTo("NotStarted"));
    // The same headers in another order are the same request.
    ObjectNode reordered =
        with(
            message,
            m -> m.putObject("headers").put("x-priority", "1").put("ClientCorrelationId", "456"));
    call("SendEmail", reordered).statusCode(200).body("id", equalTo(operationId));

    deliverDue();
    call("SendEmail", message).statusCode(200).body("status", equalTo("Succeeded"));
    call("SendEmail", with(message, m -> m.put("userEngagementTrackingDisabled", true)))
        .statusCode(400)
        .header("x-ms-error-code", "RepeatableRequestMismatch")
        .body("error.target", equalTo("Operation-Id"));
    deliverDue();
    assertEquals(3, received(greenMail, subject).size(), "one message, one copy per recipient");
  }

  @Test
  void twoDispatchersOnOneStoreSendEachMessageOnce() throws Exception {
    String batch = "Batch " + Messages.newId() + " #";
    int count = 40;
    for (int i = 0; i < count; i++) {
      call("SendEmail", Messages.simple(batch + i, "batch@example.org")).statusCode(200);
    }
    Dispatcher first =
        new Dispatcher(
            store, clock, new TestDispatchConfig(Duration.ofSeconds(30), 4), List.of(delivery));
    Dispatcher second =
        new Dispatcher(
            store, clock, new TestDispatchConfig(Duration.ofSeconds(30), 4), List.of(delivery));
    ExecutorService servers = Executors.newFixedThreadPool(2);
    try {
      Future<Integer> a = servers.submit(() -> first.runUntilIdle(Duration.ofSeconds(60)));
      Future<Integer> b = servers.submit(() -> second.runUntilIdle(Duration.ofSeconds(60)));
      int claimedA = a.get();
      int claimedB = b.get();
      assertEquals(count, claimedA + claimedB, "each message claimed once");
      assertTrue(claimedA > 0 && claimedB > 0, "both servers sent: " + claimedA + "/" + claimedB);
    } finally {
      servers.shutdown();
    }
    // An attempt the relay did not answer in time (a loaded machine) is retried after its backoff,
    // as in production: let those retries run, then count what arrived.
    int retryRounds = 0;
    while (copies(batch).size() < count && retryRounds < 5) {
      clock.advance(Duration.ofMinutes(15));
      dispatcher.runUntilIdle(Duration.ofSeconds(30));
      retryRounds++;
    }
    Map<String, Integer> copies = copies(batch);
    assertEquals(count, copies.size(), "every message arrived, after " + retryRounds + " retries");
    assertTrue(copies.values().stream().allMatch(n -> n == 1), "none twice: " + copies);
  }

  @Test
  void aMessageWhoseServerDiedInTheAttemptIsSentByTheNextWithTheSameMessageId() throws Exception {
    String subject = "Abandoned " + Messages.newId();
    String operationId = Messages.newId();
    call(
            "SendEmail",
            with(
                Messages.simple(subject, "late@example.org"),
                m -> m.put("Operation-Id", operationId)))
        .statusCode(200);
    // A server claims it and writes the attempt, then dies before calling the relay.
    Instant now = clock.instant();
    StoredRecord claimed =
        Claims.claimDue(
                store, EmailRepository.STATE_KIND, now, "dead-server", now.plusSeconds(60), 100)
            .stream()
            .filter(r -> r.id().equals(operationId))
            .findFirst()
            .orElseThrow();
    EmailState sending = emails.stateRecords().decode(claimed).sending();
    store.replace(emails.stateRecords().encodeInto(claimed, sending));
    call("GetSendResult", Map.of("operationId", operationId)).body("status", equalTo("Running"));

    deliverDue();
    assertEquals(0, received(greenMail, subject).size(), "not while the dead server's lease holds");

    clock.advance(Duration.ofSeconds(61));
    deliverDue();
    call("GetSendResult", Map.of("operationId", operationId)).body("status", equalTo("Succeeded"));
    call("DescribeEmail", Map.of("operationId", operationId)).body("attempts", equalTo(2));
    List<MimeMessage> arrived = received(greenMail, subject);
    assertEquals(1, arrived.size());
    assertEquals("<" + operationId + "@taskfn.test>", arrived.get(0).getMessageID());
  }

  @Test
  void aFlowTaskSendsAMessage() throws Exception {
    String subject = "From a flow " + Messages.newId();
    String definition =
        """
        {"StartAt":"Send","States":{"Send":{"Type":"Task","Resource":"taskfn:function:SendEmail",
          "Parameters":{"senderAddress":"flows@taskfn.test","content":{"subject":"%s","plainText":"hi"},
            "recipients":{"to":[{"address":"ops@example.org"}]}},"End":true}}}
        """
            .formatted(subject);
    String flow = "mail_" + Messages.newId().substring(0, 8);
    Http.call(
            "CreateFlow",
            Map.of("Name", flow, "ExecutionMode", "Express", "Definition", definition))
        .statusCode(200);
    Http.call("StartSyncExecution", Map.of("FlowName", flow, "Input", "{}"))
        .statusCode(200)
        .body("Status", equalTo("Succeeded"))
        .body("Output", containsString("\"status\":\"NotStarted\""));

    deliverDue();
    List<MimeMessage> arrived = received(greenMail, subject);
    assertEquals(1, arrived.size());
    assertEquals(
        "ops@example.org",
        ((jakarta.mail.internet.InternetAddress) arrived.get(0).getAllRecipients()[0])
            .getAddress());
  }

  /** How many copies of each message of the batch GreenMail has, by Message-ID. */
  private Map<String, Integer> copies(String batch) throws Exception {
    Map<String, Integer> copies = new HashMap<>();
    for (MimeMessage m : greenMail.getReceivedMessages()) {
      if (m.getSubject().startsWith(batch)) {
        copies.merge(m.getMessageID(), 1, Integer::sum);
      }
    }
    return copies;
  }
}
