package io.taskfn.email;

import static io.taskfn.email.Messages.call;
import static io.taskfn.email.Messages.with;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.taskfn.support.Http;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rejection of the email functions over HTTP: the vendor's status, {@code
 * {error:{code,message,target}}} and the code again in {@code x-ms-error-code}. None is a 500.
 */
@QuarkusTest
@TestProfile(EmailTestProfile.class)
class EmailRejectionsTest {

  static Stream<Arguments> badMessages() {
    ObjectNode v2021 = Messages.v2021("rejected");
    ObjectNode v2023 = Messages.v2023("rejected");
    ObjectNode fiftyOne = Messages.simple("many", "a0@example.org");
    for (int i = 1; i < 51; i++) {
      fiftyOne.withArray("/recipients/to").addObject().put("address", "a" + i + "@example.org");
    }
    String big = Base64.getEncoder().encodeToString(new byte[200 * 1024]);
    return Stream.of(
        Arguments.of(
            "no content", with(v2023, m -> m.remove("content")), 400, "BadRequest", "content"),
        Arguments.of(
            "no subject",
            with(v2023, m -> ((ObjectNode) m.get("content")).remove("subject")),
            400,
            "BadRequest",
            "content.subject"),
        Arguments.of(
            "neither text nor html",
            with(v2023, m -> m.putObject("content").put("subject", "s")),
            400,
            "BadRequest",
            "content"),
        Arguments.of(
            "no recipients",
            with(v2023, m -> m.remove("recipients")),
            400,
            "BadRequest",
            "recipients"),
        Arguments.of(
            "empty recipients",
            with(v2023, m -> m.putObject("recipients").putArray("to")),
            400,
            "BadRequest",
            "recipients.to"),
        Arguments.of(
            "recipient not an address",
            with(
                v2023,
                m ->
                    m.putObject("recipients")
                        .putArray("to")
                        .addObject()
                        .put("address", "not-an-address")),
            400,
            "InvalidEmailAddress",
            "recipients.to[0].address"),
        Arguments.of(
            "recipient with a name in the address",
            with(
                v2021,
                m ->
                    m.putObject("recipients")
                        .putArray("to")
                        .addObject()
                        .put("email", "Ann <ann@example.org>")),
            400,
            "InvalidEmailAddress",
            "recipients.to[0].email"),
        Arguments.of(
            "recipient address with two @",
            with(
                v2023,
                m ->
                    m.putObject("recipients")
                        .putArray("cc")
                        .addObject()
                        .put("address", "a@@b.org")),
            400,
            "InvalidEmailAddress",
            "recipients.cc[0].address"),
        Arguments.of(
            "sender of a domain not linked",
            with(v2023, m -> m.put("senderAddress", "me@elsewhere.example")),
            400,
            "DomainNotLinked",
            "senderAddress"),
        Arguments.of(
            "sender missing",
            with(v2023, m -> m.remove("senderAddress")),
            400,
            "BadRequest",
            "senderAddress"),
        Arguments.of(
            "sender and senderEmail differ",
            with(v2021, m -> m.put("senderEmail", "other@taskfn.test")),
            400,
            "BadRequest",
            "senderEmail"),
        Arguments.of("51 recipients", fiftyOne, 400, "TooManyRecipients", "recipients"),
        Arguments.of(
            "over the size limit",
            with(
                v2023,
                m -> ((ObjectNode) m.withArray("attachments").get(0)).put("contentInBase64", big)),
            413,
            "RequestEntityTooLarge",
            "attachments"),
        Arguments.of(
            "2021 attachment type not supported",
            with(
                v2021,
                m -> ((ObjectNode) m.withArray("attachments").get(0)).put("attachmentType", "exe")),
            400,
            "BadRequest",
            "attachments[0].attachmentType"),
        Arguments.of(
            "2023 content type not a MIME type",
            with(
                v2023,
                m -> ((ObjectNode) m.withArray("attachments").get(0)).put("contentType", "pdf")),
            400,
            "BadRequest",
            "attachments[0].contentType"),
        Arguments.of(
            "attachment not base64",
            with(
                v2023,
                m ->
                    ((ObjectNode) m.withArray("attachments").get(0)).put("contentInBase64", "%%%")),
            400,
            "BadRequest",
            "attachments[0].contentInBase64"),
        Arguments.of(
            "2023 attachment in the 2021 shape",
            with(
                v2023,
                m -> ((ObjectNode) m.withArray("attachments").get(0)).put("attachmentType", "pdf")),
            400,
            "BadRequest",
            "attachments[0].attachmentType"),
        Arguments.of(
            "a header taskfn writes itself",
            with(v2023, m -> m.putObject("headers").put("Bcc", "spy@example.org")),
            400,
            "BadRequest",
            "headers.Bcc"),
        Arguments.of(
            "a header value with a line break",
            with(v2023, m -> m.putObject("headers").put("X-Note", "a\r\nBcc: spy@example.org")),
            400,
            "BadRequest",
            "headers.X-Note"),
        Arguments.of(
            "2021 headers as a map",
            with(v2021, m -> m.putObject("headers").put("X-Note", "a")),
            400,
            "BadRequest",
            "headers"),
        Arguments.of(
            "importance in 2023",
            with(v2023, m -> m.put("importance", "high")),
            400,
            "BadRequest",
            "importance"),
        Arguments.of(
            "importance not known",
            with(v2021, m -> m.put("importance", "urgent")),
            400,
            "BadRequest",
            "importance"),
        Arguments.of(
            "api-version not known",
            with(v2023, m -> m.put("api-version", "2020-01-01")),
            400,
            "BadRequest",
            "api-version"),
        Arguments.of(
            "Operation-Id not a UUID",
            with(v2023, m -> m.put("Operation-Id", "op-1")),
            400,
            "BadRequest",
            "Operation-Id"),
        Arguments.of(
            "repeatability-request-id not a UUID",
            with(v2021, m -> m.put("repeatability-request-id", "again")),
            400,
            "BadRequest",
            "repeatability-request-id"),
        Arguments.of(
            "repeatability-first-sent not an HTTP date",
            with(
                v2021,
                m ->
                    m.put("repeatability-request-id", Messages.newId())
                        .put("repeatability-first-sent", "yesterday")),
            400,
            "BadRequest",
            "repeatability-first-sent"),
        Arguments.of(
            "repeatability-first-sent outside the window",
            with(
                v2021,
                m ->
                    m.put("repeatability-request-id", Messages.newId())
                        .put("repeatability-first-sent", "Sun, 06 Nov 1994 08:49:37 GMT")),
            412,
            "PreconditionFailed",
            "repeatability-first-sent"),
        Arguments.of(
            "recipients of the wrong type",
            with(v2023, m -> m.put("recipients", "everyone")),
            400,
            "BadRequest",
            "recipients"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badMessages")
  void sendEmailRejects(String why, ObjectNode body, int status, String code, String target) {
    call("SendEmail", body)
        .statusCode(status)
        .header("x-ms-error-code", code)
        .body("error.code", equalTo(code))
        .body("error.target", equalTo(target))
        .body("error.message", not(emptyOrNullString()));
  }

  @Test
  void unreadableBodiesAnswerInTheEnvelope() {
    Http.callRaw("SendEmail", "{not json")
        .statusCode(400)
        .header("x-ms-error-code", "BadRequest")
        .body("error.message", containsString("not valid JSON"));
    Http.callRaw("GetSendStatus", "[1]").statusCode(400).header("x-ms-error-code", "BadRequest");
    Http.given()
        .post("/SendEmail")
        .then()
        .statusCode(400)
        .body("error.code", equalTo("BadRequest"))
        .body("error.target", equalTo("senderAddress"));
  }

  @Test
  void unknownIdsAre404AndMissingIds400() {
    String id = Messages.newId();
    call("GetSendStatus", Map.of("messageId", id))
        .statusCode(404)
        .header("x-ms-error-code", "NotFound")
        .header("Retry-After", nullValue())
        .body("error.message", containsString(id));
    call("GetSendResult", Map.of("operationId", id))
        .statusCode(404)
        .body("error.code", equalTo("NotFound"));
    call("DescribeEmail", Map.of("messageId", id)).statusCode(404);
    call("GetSendStatus", Map.of()).statusCode(400).body("error.target", equalTo("messageId"));
    call("GetSendResult", Map.of()).statusCode(400).body("error.target", equalTo("operationId"));
    call("GetSendResult", Map.of("operationId", id, "api-version", "2021-10-01-preview"))
        .statusCode(400)
        .body("error.target", equalTo("api-version"));
  }
}
