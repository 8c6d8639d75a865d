package io.taskfn.email;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.communication.email.EmailClient;
import com.azure.communication.email.EmailClientBuilder;
import com.azure.communication.email.models.EmailAddress;
import com.azure.communication.email.models.EmailAttachment;
import com.azure.communication.email.models.EmailMessage;
import com.azure.communication.email.models.EmailSendResult;
import com.azure.communication.email.models.EmailSendStatus;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.util.BinaryData;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.icegreen.greenmail.util.GreenMail;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.support.Http;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The vendor's own Email SDK (1.0.0, API 2023-03-31), pointed at taskfn by its connection string
 * alone: it sends through {@code POST /emails:send}, follows the {@code Operation-Location} taskfn
 * answers and reads the outcome with its own models.
 */
@QuarkusTest
@TestProfile(EmailTestProfile.class)
class EmailVendorSdkTest {

  GreenMail greenMail;

  @jakarta.inject.Inject Dispatcher dispatcher;

  /**
   * The client as the SDK builds it, over a pipeline of its own policies without the signing one:
   * the SDK signs only over HTTPS, and taskfn does not check the signature (README).
   */
  private static EmailClient client() {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    HttpPipeline pipeline =
        new HttpPipelineBuilder()
            .httpClient(new JdkAzureHttpClient())
            .policies(new RequestIdPolicy())
            .build();
    return new EmailClientBuilder()
        .endpoint("http://localhost:" + port)
        .pipeline(pipeline)
        .buildClient();
  }

  @Test
  void theSdkSendsAMessageAndPollsItToSucceeded() throws Exception {
    String subject = "From the vendor SDK " + Messages.newId();
    EmailMessage message =
        new EmailMessage()
            .setSenderAddress("reports@reports.taskfn.test")
            .setToRecipients(new EmailAddress("ann@example.org").setDisplayName("Ann"))
            .setCcRecipients(new EmailAddress("ben@example.net"))
            .setSubject(subject)
            .setBodyPlainText("plain words")
            .setBodyHtml("<p>html words</p>")
            .setAttachments(
                new EmailAttachment(
                    "notes.txt", "text/plain", BinaryData.fromString("some notes")));

    SyncPoller<EmailSendResult, EmailSendResult> poller = client().beginSend(message);
    PollResponse<EmailSendResult> started = poller.poll();
    assertTrue(
        started.getStatus() == LongRunningOperationStatus.IN_PROGRESS
            || started.getStatus() == LongRunningOperationStatus.NOT_STARTED,
        "not yet delivered: " + started.getStatus());

    dispatcher.runUntilIdle(Duration.ofSeconds(30));
    PollResponse<EmailSendResult> done = poller.poll();
    assertEquals(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED, done.getStatus());
    EmailSendResult result = poller.getFinalResult();
    assertEquals(EmailSendStatus.SUCCEEDED, result.getStatus());
    assertEquals(started.getValue().getId(), result.getId());

    List<MimeMessage> arrived = Messages.received(greenMail, subject);
    assertEquals(2, arrived.size(), "one copy for each of To and Cc");
    Multipart parts = (Multipart) arrived.get(0).getContent();
    assertTrue(parts.getCount() >= 2, "the body and the attachment");
  }

  @Test
  void aSenderOfAnUnlinkedDomainIsRefusedWithTheVendorsCode() {
    EmailMessage message =
        new EmailMessage()
            .setSenderAddress("someone@elsewhere.example")
            .setToRecipients(new EmailAddress("ann@example.org"))
            .setSubject("refused")
            .setBodyPlainText("never sent");
    HttpResponseException refused =
        assertThrows(HttpResponseException.class, () -> client().beginSend(message).poll());
    assertEquals(400, refused.getResponse().getStatusCode());
    assertEquals("DomainNotLinked", refused.getResponse().getHeaders().getValue("x-ms-error-code"));
    assertTrue(refused.getMessage().contains("DomainNotLinked"), refused.getMessage());
  }

  @Test
  void theVendorPathsAnswerRejectionsInTheFamilysEnvelope() {
    Http.given()
        .get("/emails/no-such-message/status?api-version=2021-10-01-preview")
        .then()
        .statusCode(404)
        .header("x-ms-error-code", notNullValue())
        .body("error.code", notNullValue())
        .body("error.message", containsString("no-such-message"));
    Http.given()
        .contentType("application/json")
        .body("[1, 2]")
        .post("/emails:send?api-version=2023-03-31")
        .then()
        .statusCode(400)
        .body("error.message", containsString("JSON object"));
    Http.given()
        .contentType("application/json")
        .body(Messages.simple("no version", "ann@example.org").toString())
        .post("/emails:send?api-version=1999-01-01")
        .then()
        .statusCode(400)
        .body("error.message", containsString("api-version"));
  }
}
