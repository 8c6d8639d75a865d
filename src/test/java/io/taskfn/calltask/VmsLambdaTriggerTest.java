package io.taskfn.calltask;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.taskfn.support.Http;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * UpdateTask deployed as its own Lambda: the event is the request, the result the answer or the vms
 * error envelope. The task is created over HTTP, as through its own Lambda.
 */
@QuarkusTest
@TestProfile(VmsLambdaTriggerTest.UpdateTaskLambda.class)
class VmsLambdaTriggerTest {

  public static class UpdateTaskLambda implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("taskfn.lambda.function", "UpdateTask");
    }
  }

  private io.restassured.response.ValidatableResponse invoke(Object event) {
    return Http.lambda(event);
  }

  @Test
  void updateTaskRunsThroughTheLambdaTrigger() {
    String id = VmsFunctionsHttpTest.createTask();
    invoke(VmsFunctionsHttpTest.seedUpdate(id))
        .statusCode(200)
        .body("ResponseMetadata.Action", equalTo("UpdateTask"))
        .body("ResponseMetadata.Error", nullValue());

    var missing = VmsFunctionsHttpTest.seedUpdate(id);
    missing.remove("StartTime");
    invoke(missing)
        .statusCode(200)
        .body("ResponseMetadata.Action", equalTo("UpdateTask"))
        .body("ResponseMetadata.Error.Code", equalTo("MissingParameter"))
        .body(
            "ResponseMetadata.Error.Message",
            equalTo("The required parameter StartTime is missing."));

    var wrongType = VmsFunctionsHttpTest.seedUpdate(id);
    wrongType.put("RingAgainTimes", "twice");
    invoke(wrongType)
        .statusCode(200)
        .body("ResponseMetadata.Error.Code", equalTo("InvalidParameter"));
  }
}
