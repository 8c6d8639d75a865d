package io.taskfn.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.taskfn.mail.MailTestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every mail subscription function answers through its Lambda handler as a deployment of that one
 * function would (ManualRunMailTask's deployment through the runtime loop is {@code
 * MailLambdaTriggerTest}): the event is the request, the answer the vendor's envelope.
 */
@QuarkusTest
@TestProfile(MailTestProfile.class)
class MailFunctionsLambdaTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject LambdaHandlers lambdas;

  private JsonNode invoke(String function, ObjectNode event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    lambdas
        .of(function)
        .handleRequest(
            new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)), out, null);
    return JSON.readTree(out.toByteArray());
  }

  private JsonNode succeeds(String function, ObjectNode event) throws Exception {
    JsonNode answer = invoke(function, event);
    assertTrue(answer.path("Success").asBoolean(), function + ": " + answer);
    return answer.path("Result");
  }

  private static ObjectNode alice() {
    return JSON.createObjectNode().put("CallerOrganizationId", "acme").put("CallerUserId", "alice");
  }

  private static ObjectNode task(String mailId) {
    return alice().put("MailId", mailId);
  }

  @Test
  void everyMailFunctionAnswersThroughItsLambdaHandler() throws Exception {
    String name = "Through Lambda " + UUID.randomUUID();
    ObjectNode spec = alice().put("SubscribeName", name);
    spec.putObject("Recipients").putArray("Addresses").add("ann@example.org");
    spec.put("Subject", "{name}");
    spec.put("Body", "<p>{rowCount} rows</p>");
    spec.putObject("Report").put("DataJson", "[{\"region\":\"North\",\"sales\":3}]");
    String mailId = succeeds("CreateMailTask", spec).path("MailId").asText();

    succeeds("UpdateMailTask", task(mailId).put("Subject", "{name} today"));
    assertEquals(
        "{name} today", succeeds("DescribeMailTask", task(mailId)).path("Subject").asText());
    succeeds("PauseMailTask", task(mailId));
    JsonNode paused =
        succeeds(
            "GetMailTaskList",
            alice().put("Paused", true).put("UserNick", "Alice").put("PageSize", 1000));
    assertTrue(paused.path("Data").findValuesAsText("MailId").contains(mailId), paused.toString());
    succeeds("ResumeMailTask", task(mailId));

    assertEquals(true, succeeds("ManualRunMailTask", task(mailId)).asBoolean());
    JsonNode status = succeeds("GetMailTaskStatus", task(mailId)).path(0);
    assertEquals("PROCESSING", status.path("status").asText(), status.toString());
    String taskId = status.path("taskId").asText();
    assertEquals(
        taskId,
        succeeds("GetMailTaskDeliveries", task(mailId).put("TaskId", taskId))
            .path("TaskId")
            .asText());

    succeeds("DeleteMailTask", task(mailId));
    JsonNode gone = invoke("GetMailTaskStatus", task(mailId));
    assertEquals(false, gone.path("Success").asBoolean(), gone.toString());
    assertEquals("Mail.Not.Found", gone.path("Code").asText());
  }
}
