package io.taskfn.trigger;

import static io.taskfn.support.Http.call;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.support.Http;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The callback reports and the schedule actions through the Lambda trigger: ReportTaskSucceeded as
 * the Lambda this profile deploys (through the mock event server and the runtime loop), and
 * ReportTaskFailed, CreateSchedule and ListSchedules each as its own Lambda's handler would run
 * them.
 */
@QuarkusTest
@TestProfile(FlowCallbackLambdaTest.ReportTaskSucceededLambda.class)
class FlowCallbackLambdaTest {

  public static class ReportTaskSucceededLambda implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("taskfn.lambda.function", "ReportTaskSucceeded");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject Dispatcher dispatcher;
  @Inject LambdaHandlers lambdas;

  /**
   * A Standard flow whose one Task waits for its token (handed out as DescribeFlow's RequestId).
   */
  private String waitingFlow() {
    String flow = "lambda_cb_" + UUID.randomUUID().toString().replace("-", "");
    String definition =
        "{\"StartAt\":\"Ask\",\"States\":{\"Ask\":{\"Type\":\"Task\","
            + "\"Resource\":\"taskfn:function:DescribeFlow.waitForTaskToken\","
            + "\"Parameters\":{\"Name\":\""
            + flow
            + "\",\"RequestId.$\":\"$$.Task.Token\"},\"End\":true}}}";
    call("CreateFlow", Map.of("Name", flow, "Definition", definition, "ExecutionMode", "Standard"))
        .statusCode(200);
    return flow;
  }

  /** Starts an execution and returns the token its Task waits for. */
  private String waitingToken(String flow, String execution) throws Exception {
    call("StartExecution", Map.of("FlowName", flow, "ExecutionName", execution)).statusCode(200);
    dispatcher.runUntilIdle(Duration.ofSeconds(30));
    JsonNode events =
        JSON.readTree(
                call("GetExecutionHistory", Map.of("FlowName", flow, "ExecutionName", execution))
                    .statusCode(200)
                    .extract()
                    .asString())
            .get("Events");
    for (JsonNode event : events) {
      if (event.get("Type").asText().equals("TaskScheduled")) {
        JsonNode detail = JSON.readTree(event.get("EventDetail").asText());
        return JSON.readTree(detail.get("parameters").asText()).get("RequestId").asText();
      }
    }
    throw new AssertionError("no task waits in " + execution);
  }

  private static JsonNode invoke(FunctionLambdaHandler handler, Map<String, ?> event)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(JSON.writeValueAsString(event).getBytes(StandardCharsets.UTF_8)),
        out,
        lambdaContext("lambda-" + UUID.randomUUID()));
    return JSON.readTree(out.toByteArray());
  }

  private static Context lambdaContext(String requestId) {
    return (Context)
        Proxy.newProxyInstance(
            Context.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getAwsRequestId" -> requestId;
                  case "getRemainingTimeInMillis" -> 10_000;
                  default -> method.getReturnType() == int.class ? 0 : null;
                });
  }

  @Test
  void reportTaskSucceededThroughTheLambdaTriggerResumesTheExecution() throws Exception {
    String flow = waitingFlow();
    String token = waitingToken(flow, "ok");
    Http.lambda(Map.of("TaskToken", token, "Output", "{\"approved\":true}"))
        .statusCode(200)
        .body("EventId", equalTo(2));
    dispatcher.runUntilIdle(Duration.ofSeconds(30));
    call("DescribeExecution", Map.of("FlowName", flow, "ExecutionName", "ok"))
        .body("Status", equalTo("Succeeded"))
        .body("Output", equalTo("{\"approved\":true}"));
    Http.lambda(Map.of("TaskToken", token, "Output", "{}", "RequestId", "client-chosen"))
        .statusCode(200)
        .body("Code", equalTo("TaskAlreadyCompleted"))
        .body("RequestId", equalTo("client-chosen"));
  }

  @Test
  void reportTaskFailedThroughItsLambdaFailsTheExecution() throws Exception {
    String flow = waitingFlow();
    String token = waitingToken(flow, "no");
    FunctionLambdaHandler reportFailed = lambdas.of("ReportTaskFailed");
    JsonNode reported =
        invoke(reportFailed, Map.of("TaskToken", token, "Error", "Denied", "Cause", "by a human"));
    assertEquals(2, reported.path("EventId").asInt(), reported.toString());
    dispatcher.runUntilIdle(Duration.ofSeconds(30));
    call("DescribeExecution", Map.of("FlowName", flow, "ExecutionName", "no"))
        .body("Status", equalTo("Failed"))
        .body("ErrorCode", equalTo("Denied"))
        .body("ErrorMessage", equalTo("by a human"));
    JsonNode missing = invoke(reportFailed, Map.of("TaskToken", token));
    assertEquals("MissingRequiredParams", missing.path("Code").asText(), missing.toString());
  }

  @Test
  void schedulesAreMadeAndListedThroughTheirLambdas() throws Exception {
    String flow = waitingFlow();
    JsonNode created =
        invoke(
            lambdas.of("CreateSchedule"),
            Map.of(
                "FlowName", flow,
                "ScheduleName", "by_lambda",
                "CronExpression", "0 0 * * * *",
                "Payload", "{\"from\":\"lambda\"}"));
    assertEquals("by_lambda", created.path("ScheduleName").asText(), created.toString());
    assertEquals(true, created.path("Enable").asBoolean());
    JsonNode listed = invoke(lambdas.of("ListSchedules"), Map.of("FlowName", flow));
    assertEquals(
        created.path("ScheduleId").asText(),
        listed.path("Schedules").path(0).path("ScheduleId").asText(),
        listed.toString());
    JsonNode bad =
        invoke(
            lambdas.of("CreateSchedule"),
            Map.of("FlowName", flow, "ScheduleName", "bad", "CronExpression", "whenever"));
    assertEquals("InvalidArgument", bad.path("Code").asText(), bad.toString());
  }
}
