package io.taskfn.trigger;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.taskfn.support.Http;
import io.taskfn.support.JobsApi;
import java.util.Map;
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
}
