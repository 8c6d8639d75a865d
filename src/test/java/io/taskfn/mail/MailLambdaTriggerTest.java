package io.taskfn.mail;

import static io.taskfn.mail.MailCalls.alice;
import static io.taskfn.mail.MailCalls.create;
import static io.taskfn.mail.MailCalls.finish;
import static io.taskfn.mail.MailCalls.ref;
import static io.taskfn.mail.MailCalls.task;
import static io.taskfn.mail.MailCalls.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.support.Http;
import io.taskfn.support.MutableClock;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ManualRunMailTask deployed as a Lambda: the event is the request, the answer the vendor's. */
@QuarkusTest
@TestProfile(MailLambdaTriggerTest.ManualRunLambda.class)
class MailLambdaTriggerTest {

  public static class ManualRunLambda extends MailTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> config = new HashMap<>(super.getConfigOverrides());
      config.put("taskfn.lambda.function", "ManualRunMailTask");
      return config;
    }
  }

  @Inject Dispatcher dispatcher;
  @Inject MutableClock clock;

  @Test
  void aRunStartsThroughTheLambdaTriggerAndRejectionsComeInTheEnvelope() throws Exception {
    String mailId = create(task(alice(), unique("From Lambda"), spec -> {}));
    Http.lambda(ref(alice(), mailId).toString())
        .statusCode(200)
        .body("Success", equalTo(true))
        .body("Result", equalTo(true));
    Http.lambda(ref(alice(), mailId).toString())
        .statusCode(200)
        .body("Success", equalTo(false))
        .body("Code", equalTo("MailTask.Already.Running"))
        .body("Message", equalTo("The Mail Task Is Already Running."));
    Http.lambda(alice().toString()).statusCode(200).body("Code", equalTo("MailId.Is.Null"));
    assertEquals("SENT", finish(dispatcher, clock, alice(), mailId));
  }
}
