package io.taskfn.mail;

import static io.taskfn.mail.MailCalls.alice;
import static io.taskfn.mail.MailCalls.call;
import static io.taskfn.mail.MailCalls.create;
import static io.taskfn.mail.MailCalls.finish;
import static io.taskfn.mail.MailCalls.latestStatus;
import static io.taskfn.mail.MailCalls.manualRun;
import static io.taskfn.mail.MailCalls.ref;
import static io.taskfn.mail.MailCalls.task;
import static io.taskfn.mail.MailCalls.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.support.MutableClock;
import io.taskfn.support.RecordingEndpoint;
import io.taskfn.support.ScriptedRelay;
import jakarta.inject.Inject;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs of mail tasks end to end: data from a local HTTP endpoint, rendered mails through the email
 * family to a real SMTP server, and each run's status as the vendor's GetMailTaskStatus shows it.
 */
@QuarkusTest
@TestProfile(MailTestProfile.class)
class MailRunTest {

  static final String ROWS =
      "[{\"region\":\"North\",\"sales\":120,\"orders\":7},"
          + "{\"region\":\"South, East\",\"sales\":80.5,\"orders\":3},"
          + "{\"region\":\"<West>\",\"sales\":42,\"orders\":9}]";

  static final String CSV =
      "region,sales,orders\r\nNorth,120,7\r\n\"South, East\",80.5,3\r\n<West>,42,9\r\n";

  GreenMail greenMail;
  ScriptedRelay relay;

  @Inject Dispatcher dispatcher;
  @Inject MutableClock clock;

  private final RecordingEndpoint data = new RecordingEndpoint();

  @AfterEach
  void closeEndpointAndLetTheRelayPass() {
    data.close();
    relay.pass();
  }

  private void runDue() throws InterruptedException {
    dispatcher.runUntilIdle(Duration.ofSeconds(30));
  }

  @Test
  void aRunSendsEveryRecipientTheRenderedReportWithItsChartAndCsvAndEndsSent() throws Exception {
    data.answer(200, ROWS);
    String name = unique("Weekly sales");
    String mailId =
        create(
            task(
                alice(),
                name,
                spec -> {
                  ((ObjectNode) spec.get("Recipients")).putArray("UserIds").add("bob");
                  spec.put(
                      "Body",
                      "<h1>{name}</h1><p>{rowCount} regions</p>"
                          + "{#for r in rows}<p>{r.region}: {r.sales}</p>{/for}{chart}");
                  ObjectNode report = (ObjectNode) spec.get("Report");
                  report.remove("DataJson");
                  report.put("DataUrl", data.url());
                  ObjectNode chart = (ObjectNode) report.get("Chart");
                  chart.put("Title", "Sales by region");
                  chart.put("Category", "region");
                  chart.putArray("Values").add("sales");
                  chart.put("Width", 480);
                  chart.put("Height", 240);
                }));

    manualRun(alice(), mailId)
        .statusCode(200)
        .body("Success", equalTo(true))
        .body("Result", equalTo(true))
        .body("RequestId", org.hamcrest.Matchers.notNullValue());
    assertEquals("PROCESSING", latestStatus(alice(), mailId));
    runDue();
    assertEquals(
        "PROCESSING", latestStatus(alice(), mailId), "handed over, not yet looked at again");
    assertEquals("SENT", finish(dispatcher, clock, alice(), mailId));
    assertEquals(1, data.received().size(), "the data was fetched once");

    List<Map<String, Object>> deliveries =
        call("GetMailTaskDeliveries", ref(alice(), mailId))
            .statusCode(200)
            .body("Result.Status", equalTo("SENT"))
            .body("Result.RowCount", equalTo(3))
            .extract()
            .path("Result.Deliveries");
    assertEquals(
        List.of("ann@example.org", "ben@example.net", "bob@acme.test"),
        deliveries.stream().map(d -> d.get("Recipient")).toList());
    for (Map<String, Object> d : deliveries) {
      assertEquals("outForDelivery", d.get("Status"));
      call("GetSendStatus", Map.of("messageId", d.get("MessageId")))
          .statusCode(200)
          .body("status", equalTo("outForDelivery"));
    }

    List<MimeMessage> received = received(name);
    assertEquals(3, received.size());
    List<String> to = new ArrayList<>();
    for (MimeMessage m : received) {
      to.add(((InternetAddress) m.getAllRecipients()[0]).getAddress());
      assertEquals(MailTestProfile.SENDER, ((InternetAddress) m.getFrom()[0]).getAddress());
      List<Part> leaves = new ArrayList<>();
      leaves(m, leaves);
      String html =
          leaves.stream()
              .filter(p -> is(p, "text/html"))
              .map(MailRunTest::text)
              .findFirst()
              .orElseThrow();
      assertTrue(html.contains("<h1>" + name + "</h1><p>3 regions</p>"), html);
      assertTrue(html.contains("<p>South, East: 80.5</p>"), html);
      assertTrue(html.contains("<p>&lt;West&gt;: 42</p>"), "data is escaped in HTML: " + html);
      assertTrue(html.contains("<img src=\"cid:report-chart\""), html);
      Part chart =
          leaves.stream()
              .filter(p -> header(p, "Content-ID").equals("<report-chart>"))
              .findFirst()
              .orElseThrow();
      assertTrue(is(chart, "image/png"));
      BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(bytes(chart)));
      assertNotNull(image, "the chart decodes as an image");
      assertEquals(480, image.getWidth());
      assertEquals(240, image.getHeight());
      Part csv =
          leaves.stream().filter(p -> fileName(p).endsWith(".csv")).findFirst().orElseThrow();
      assertTrue(is(csv, "text/csv"));
      assertEquals(CSV, new String(bytes(csv), StandardCharsets.UTF_8));
    }
    assertEquals(
        List.of("ann@example.org", "ben@example.net", "bob@acme.test"),
        to.stream().sorted().toList());
  }

  @Test
  void aDataUrlThatFailsEndsTheRunFailedWithItsReasonAndSendsNothing() throws Exception {
    data.answer(500, "{\"error\":\"warehouse down\"}");
    String name = unique("Broken source");
    String mailId =
        create(
            task(
                alice(),
                name,
                spec -> {
                  ObjectNode report = (ObjectNode) spec.get("Report");
                  report.remove("DataJson");
                  report.put("DataUrl", data.url());
                }));
    manualRun(alice(), mailId).statusCode(200);
    finish(dispatcher, clock, alice(), mailId);
    call("GetMailTaskStatus", ref(alice(), mailId))
        .statusCode(200)
        .body("Result[0].status", equalTo("FAILED"))
        .body("Result[0].reason", equalTo("the data URL " + data.url() + " answered HTTP 500"));
    call("GetMailTaskDeliveries", ref(alice(), mailId))
        .statusCode(200)
        .body("Result.Deliveries.size()", equalTo(0));
    assertEquals(List.of(), received(name));
  }

  @Test
  void messagesTheRelayRefusesEndTheRunFailedNamingEachRecipientAndItsReply() throws Exception {
    String refusal = "550 5.1.1 Recipient address rejected";
    relay.replyToRecipients(refusal);
    String name = unique("Refused");
    String mailId = create(task(alice(), name, spec -> {}));
    manualRun(alice(), mailId).statusCode(200);
    assertEquals("FAILED", finish(dispatcher, clock, alice(), mailId));

    String reason =
        call("GetMailTaskStatus", ref(alice(), mailId))
            .statusCode(200)
            .extract()
            .path("Result[0].reason");
    assertTrue(reason.startsWith("2 of 2 messages were not delivered: ann@example.org ("), reason);
    assertTrue(reason.contains("; ben@example.net ("), reason);
    assertTrue(reason.contains(refusal), reason);
    List<Map<String, Object>> deliveries =
        call("GetMailTaskDeliveries", ref(alice(), mailId))
            .statusCode(200)
            .body("Result.Status", equalTo("FAILED"))
            .extract()
            .path("Result.Deliveries");
    assertEquals(2, deliveries.size());
    for (Map<String, Object> d : deliveries) {
      assertEquals("dropped", d.get("Status"), d.toString());
      assertTrue(((String) d.get("Reason")).contains(refusal), d.toString());
      call("GetSendStatus", Map.of("messageId", d.get("MessageId")))
          .statusCode(200)
          .body("status", equalTo("dropped"));
    }
    assertEquals(List.of(), received(name));
  }

  @Test
  void aTemplateThatFailsEndsTheRunFailedAndSendsNothing() throws Exception {
    String name = unique("Broken template");
    String mailId =
        create(task(alice(), name, spec -> spec.put("Body", "<p>{rows.size} rows, {missing}</p>")));
    manualRun(alice(), mailId).statusCode(200);
    finish(dispatcher, clock, alice(), mailId);
    String reason =
        call("GetMailTaskStatus", ref(alice(), mailId))
            .statusCode(200)
            .body("Result[0].status", equalTo("FAILED"))
            .extract()
            .path("Result[0].reason");
    assertTrue(reason.startsWith("the Body template failed"), reason);
    assertTrue(reason.contains("missing"), reason);
    assertEquals(List.of(), received(name));
  }

  @Test
  void emptyDataSkipsTheRunWhenTheTaskSaysSo() throws Exception {
    String name = unique("Nothing today");
    String mailId =
        create(
            task(
                alice(),
                name,
                spec -> {
                  spec.put("SkipWhenEmpty", true);
                  spec.putObject("Report").put("DataJson", "{\"rows\":[]}");
                }));
    manualRun(alice(), mailId).statusCode(200);
    finish(dispatcher, clock, alice(), mailId);
    call("GetMailTaskStatus", ref(alice(), mailId))
        .statusCode(200)
        .body("Result[0].status", equalTo("SKIPPED"))
        .body("Result[0].reason", equalTo("the report data is empty"));
    assertEquals(List.of(), received(name));
  }

  private List<MimeMessage> received(String subjectStart) throws Exception {
    List<MimeMessage> found = new ArrayList<>();
    for (MimeMessage m : greenMail.getReceivedMessages()) {
      if (m.getSubject() != null && m.getSubject().startsWith(subjectStart)) {
        found.add(m);
      }
    }
    return found;
  }

  private static void leaves(Part part, List<Part> out) throws Exception {
    if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        leaves(multipart.getBodyPart(i), out);
      }
    } else {
      out.add(part);
    }
  }

  private static boolean is(Part p, String type) {
    try {
      return p.isMimeType(type);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String header(Part p, String name) {
    try {
      String[] values = p.getHeader(name);
      return values == null ? "" : values[0];
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String fileName(Part p) {
    try {
      return p.getFileName() == null ? "" : p.getFileName();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(Part p) {
    return new String(bytes(p), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(Part p) {
    try (InputStream in = p.getInputStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
