package io.taskfn.email;

import static io.taskfn.email.Messages.call;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.taskfn.support.Http;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GetSendResult deployed as a Lambda reads a message sent over HTTP (headers are HTTP's only). */
@QuarkusTest
@TestProfile(EmailStatusLambdaTriggerTest.GetSendResultLambda.class)
class EmailStatusLambdaTriggerTest {

  public static class GetSendResultLambda extends EmailTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("taskfn.lambda.function", "GetSendResult");
    }
  }

  @Test
  void getSendResultAnswersThroughTheLambdaTrigger() {
    String operationId = Messages.newId();
    call(
            "SendEmail",
            Messages.with(
                Messages.simple("Lambda read", "reader@example.org"),
                m -> m.put("Operation-Id", operationId)))
        .statusCode(200);
    Http.lambda(Map.of("operationId", operationId))
        .statusCode(200)
        .body("id", equalTo(operationId))
        .body("status", equalTo("NotStarted"));
    Http.lambda(Map.of("operationId", Messages.newId()))
        .statusCode(200)
        .body("error.code", equalTo("NotFound"));
  }
}
