package io.taskfn.email;

import static io.taskfn.email.Messages.call;
import static io.taskfn.email.Messages.received;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.icegreen.greenmail.util.GreenMail;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.support.Http;
import io.taskfn.support.MutableClock;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SendEmail deployed as a Lambda: both versions' messages go in as the event and come out as the
 * answer (or the error envelope); the status is read over HTTP and the message arrives.
 */
@QuarkusTest
@TestProfile(EmailLambdaTriggerTest.SendEmailLambda.class)
class EmailLambdaTriggerTest {

  public static class SendEmailLambda extends EmailTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("taskfn.lambda.function", "SendEmail");
    }
  }

  GreenMail greenMail;

  @Inject Dispatcher dispatcher;
  @Inject MutableClock clock;

  private ValidatableResponse invokeLambda(Object event) throws Exception {
    return Http.lambda(Messages.JSON.writeValueAsString(event));
  }

  @Test
  void bothVersionsSendThroughTheLambdaTrigger() throws Exception {
    String subject2021 = "Lambda 2021 " + Messages.newId();
    String messageId =
        invokeLambda(Messages.v2021(subject2021))
            .statusCode(200)
            .body("messageId", notNullValue())
            .extract()
            .path("messageId");
    String subject2023 = "Lambda 2023 " + Messages.newId();
    String operationId = Messages.newId();
    invokeLambda(
            Messages.with(Messages.v2023(subject2023), m -> m.put("Operation-Id", operationId)))
        .statusCode(200)
        .body("id", equalTo(operationId))
        .body("status", equalTo("NotStarted"));
    invokeLambda(
            Messages.with(Messages.v2023("x"), m -> m.put("senderAddress", "a@nowhere.example")))
        .statusCode(200)
        .body("error.code", equalTo("DomainNotLinked"))
        .body("error.target", equalTo("senderAddress"));
    // Through API Gateway the rejection keeps its HTTP status and the vendor's header.
    String unlinked =
        Messages.JSON.writeValueAsString(
            Messages.with(Messages.v2023("x"), m -> m.put("senderAddress", "a@nowhere.example")));
    Http.lambda(
            Map.of(
                "version",
                "2.0",
                "requestContext",
                Map.of("http", Map.of("method", "POST")),
                "body",
                unlinked))
        .statusCode(200)
        .body("statusCode", equalTo(400))
        .body("headers.x-ms-error-code", equalTo("DomainNotLinked"))
        .body("body", containsString("\"target\":\"senderAddress\""));

    Messages.deliver(
        dispatcher,
        clock,
        () ->
            "outForDelivery"
                    .equals(
                        call("GetSendStatus", Map.of("messageId", messageId))
                            .extract()
                            .path("status"))
                && "Succeeded"
                    .equals(
                        call("GetSendResult", Map.of("operationId", operationId))
                            .extract()
                            .path("status")));

    call("GetSendStatus", Map.of("messageId", messageId)).body("status", equalTo("outForDelivery"));
    call("GetSendResult", Map.of("operationId", operationId)).body("status", equalTo("Succeeded"));
    assertEquals(4, received(greenMail, subject2021).size());
    assertEquals(3, received(greenMail, subject2023).size());
  }
}
