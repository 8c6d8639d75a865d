package io.taskfn.trigger;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.taskfn.support.Http;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** StartSyncExecution through the Lambda trigger, as a Lambda deployed for that function. */
@QuarkusTest
@TestProfile(FlowLambdaTriggerTest.StartSyncExecutionLambda.class)
class FlowLambdaTriggerTest {

  public static class StartSyncExecutionLambda implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("taskfn.lambda.function", "StartSyncExecution");
    }
  }

  @Test
  void startSyncExecutionRunsThroughTheLambdaTrigger() {
    Http.call(
            "CreateFlow",
            Map.of(
                "Name", "lambda_flow",
                "ExecutionMode", "Express",
                "Definition",
                    "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":\"done\",\"ResultPath\":\"$.r\",\"End\":true}}}"))
        .statusCode(200);
    Http.lambda(Map.of("FlowName", "lambda_flow", "Input", "{\"k\":1}"))
        .statusCode(200)
        .body("Status", equalTo("Succeeded"))
        .body("Output", equalTo("{\"k\":1,\"r\":\"done\"}"));
    Http.lambda(Map.of("FlowName", "missing_flow"))
        .statusCode(200)
        .body("Code", equalTo("FlowNotExists"));
  }
}
