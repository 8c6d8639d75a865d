package io.taskfn.trigger;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.taskfn.support.Http;
import io.taskfn.support.JobsApi;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * ExecuteJob through the Lambda trigger: the event goes to Quarkus' mock Lambda event server, the
 * runtime loop hands it to {@link FunctionLambdaHandler}, which runs the function this "deployed
 * Lambda" is configured for. The setup calls go over HTTP, as they would to their own Lambdas.
 */
@QuarkusTest
@TestProfile(LambdaTriggerTest.ExecuteJobLambda.class)
class LambdaTriggerTest {

  public static class ExecuteJobLambda implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("taskfn.lambda.function", "ExecuteJob");
    }
  }

  private io.restassured.response.ValidatableResponse invokeLambda(Object event) {
    return Http.lambda(event);
  }

  @Test
  void executeJobRunsThroughTheLambdaTrigger() {
    String namespace = JobsApi.namespaceWithGroup("g");
    int jobId = JobsApi.createJob(namespace, "g", "http", "{\"url\":\"http://127.0.0.1:9/\"}");

    invokeLambda(JobsApi.execution(namespace, "g", jobId, "from lambda"))
        .statusCode(200)
        .body("Code", equalTo(200))
        .body("Success", equalTo(true))
        .body("Data.JobInstanceId", greaterThan(0));

    invokeLambda(Map.of("Namespace", namespace, "GroupId", "missing", "JobId", jobId))
        .statusCode(200)
        .body("Success", equalTo(false))
        .body("Code", equalTo(404))
        .body("Message", equalTo("groupid not exist groupId: missing namespace: " + namespace));

    invokeLambda(Map.of("Namespace", namespace, "GroupId", "g", "JobId", "not a number"))
        .statusCode(200)
        .body("Code", equalTo(400))
        .body("Message", equalTo("The parameter JobId must be an integer."));

    // An event is read as strictly as an HTTP body: 1.5 is no job 1, a limit or a key twice is
    // answered in the envelope, not by the Lambda runtime.
    String ref = "\"Namespace\":\"" + namespace + "\",\"GroupId\":\"g\"";
    invokeLambda("{" + ref + ",\"JobId\":" + jobId + ",\"JobId\":" + jobId + "}")
        .statusCode(200)
        .body("Code", equalTo(400))
        .body("Message", equalTo("The key JobId appears twice in one object."));
    invokeLambda("{" + ref + ",\"X\":" + "[".repeat(100) + "]".repeat(100) + "}")
        .statusCode(200)
        .body("Code", equalTo(400))
        .body("Message", equalTo("The request body nests more than 64 levels deep."));
    invokeLambda("null")
        .statusCode(200)
        .body("Code", equalTo(400))
        .body("Message", equalTo("The parameter JobId is required."));
    invokeLambda(Map.of("Namespace", namespace, "GroupId", "g", "JobId", jobId + 0.5))
        .statusCode(200)
        .body("Success", equalTo(false))
        .body("Code", equalTo(400))
        .body("Message", equalTo("The parameter JobId must be an integer."));
  }

  /** An API Gateway HTTP API (payload 2.0) event carrying {@code body}. */
  private static Map<String, Object> httpApiEvent(String method, String body) {
    return Map.of(
        "version",
        "2.0",
        "routeKey",
        "POST /ExecuteJob",
        "rawPath",
        "/ExecuteJob",
        "headers",
        Map.of("content-type", "application/json"),
        "requestContext",
        Map.of("http", Map.of("method", method, "path", "/ExecuteJob")),
        "body",
        body,
        "isBase64Encoded",
        false);
  }

  @Test
  void apiGatewayEventsAreAnsweredAsHttpWithTheVendorsStatusAndEnvelope() throws Exception {
    String namespace = JobsApi.namespaceWithGroup("g");
    int jobId = JobsApi.createJob(namespace, "g", "http", "{\"url\":\"http://127.0.0.1:9/\"}");
    String request =
        JSON.writeValueAsString(JobsApi.execution(namespace, "g", jobId, "through the gateway"));

    // Before: the whole event was read as the request ("The parameter Name is required").
    JsonNode answered = proxyAnswer(invokeLambda(httpApiEvent("POST", request)));
    assertEquals(200, answered.path("statusCode").asInt(), answered.toString());
    assertEquals("application/json", answered.path("headers").path("Content-Type").asText());
    JsonNode body = JSON.readTree(answered.path("body").asText());
    assertTrue(body.path("Success").asBoolean(), body.toString());
    assertTrue(body.path("Data").path("JobInstanceId").asLong() > 0, body.toString());

    JsonNode refused =
        proxyAnswer(
            invokeLambda(
                httpApiEvent("POST", request.replace("\"JobId\":" + jobId, "\"JobId\":\"one\""))));
    assertEquals(400, refused.path("statusCode").asInt(), refused.toString());
    JsonNode envelope = JSON.readTree(refused.path("body").asText());
    assertEquals(400, envelope.path("Code").asInt());
    assertEquals("The parameter JobId must be an integer.", envelope.path("Message").asText());

    JsonNode wrongMethod = proxyAnswer(invokeLambda(httpApiEvent("GET", "")));
    assertEquals(405, wrongMethod.path("statusCode").asInt(), wrongMethod.toString());

    // A REST API (payload 1.0) event with its body in base64.
    Map<String, Object> restEvent =
        Map.of(
            "resource",
            "/ExecuteJob",
            "path",
            "/ExecuteJob",
            "httpMethod",
            "POST",
            "requestContext",
            Map.of("stage", "prod"),
            "body",
            Base64.getEncoder().encodeToString(request.getBytes(StandardCharsets.UTF_8)),
            "isBase64Encoded",
            true);
    JsonNode rest = proxyAnswer(invokeLambda(restEvent));
    assertEquals(200, rest.path("statusCode").asInt(), rest.toString());
    assertTrue(JSON.readTree(rest.path("body").asText()).path("Success").asBoolean());
  }

  private static JsonNode proxyAnswer(io.restassured.response.ValidatableResponse response)
      throws Exception {
    return JSON.readTree(response.statusCode(200).extract().asString());
  }

  @Inject LambdaHandlers lambdas;

  @Test
  void everyAnswerOfAnInvocationCarriesTheRequestIdLambdaAssigned() throws Exception {
    FunctionLambdaHandler handler = lambdas.of("CreateNamespace");
    Context context = lambdaContext("0f3c2a9e-lambda-assigned", 10_000);

    // Before: a success carried a newly generated id, only an error the Lambda's.
    JsonNode created =
        invoke(handler, "{\"Name\":\"n\",\"Uid\":\"ns-" + UUID.randomUUID() + "\"}", context);
    assertTrue(created.path("Success").asBoolean(), created.toString());
    assertEquals("0f3c2a9e-lambda-assigned", created.path("RequestId").asText());
    JsonNode refused = invoke(handler, "{}", context);
    assertEquals("0f3c2a9e-lambda-assigned", refused.path("RequestId").asText());
  }

  @Test
  void dispatchStopsClaimingWhenTheInvocationHasLittleTimeLeft() throws Exception {
    String namespace = JobsApi.namespaceWithGroup("g");
    int jobId = JobsApi.createJob(namespace, "g", "http", "{\"url\":\"http://127.0.0.1:9/\"}");
    JobsApi.execute(namespace, "g", jobId, "waits for Dispatch");
    FunctionLambdaHandler dispatch = lambdas.of("Dispatch");

    // Before: the budget came from functions.yaml alone, whatever Lambda had left.
    JsonNode shortOfTime = invoke(dispatch, "{}", lambdaContext("short", 4_000));
    assertEquals(0, shortOfTime.path("Claimed").asInt(), shortOfTime.toString());
    JsonNode inTime = invoke(dispatch, "{}", lambdaContext("in-time", 60_000));
    assertTrue(inTime.path("Claimed").asInt() >= 1, inTime.toString());
  }

  private static JsonNode invoke(FunctionLambdaHandler handler, String event, Context context)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, context);
    return JSON.readTree(out.toByteArray());
  }

  /** A Lambda context that knows its request id and the time left; nothing else of it is read. */
  private static Context lambdaContext(String requestId, int remainingMillis) {
    return (Context)
        Proxy.newProxyInstance(
            Context.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getAwsRequestId" -> requestId;
                  case "getRemainingTimeInMillis" -> remainingMillis;
                  default -> method.getReturnType() == int.class ? 0 : null;
                });
  }

  private static final ObjectMapper JSON = new ObjectMapper();
}
