package io.taskfn.trigger;

import static io.taskfn.support.Http.callRaw;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.taskfn.api.BadInputException;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** A call without a body is a request with every parameter absent, for every function. */
@QuarkusTest
class EmptyBodyTest {

  @Inject FunctionInvocations functions;

  @Test
  void everyFunctionAnswersAnEmptyBodyOverHttpWithoutAnInternalError() {
    for (FunctionInvoker invoker : FunctionRecorder.registry.invokers()) {
      ExtractableResponse<Response> answer = callRaw(invoker.getName(), "").extract();
      assertNotEquals(500, answer.statusCode(), invoker.getName() + ": " + answer.asString());
      assertTrue(
          answer.contentType().startsWith("application/json"),
          invoker.getName() + ": " + answer.contentType());
    }
    callRaw("CreateJob", "")
        .statusCode(400)
        .body("Success", equalTo(false))
        .body("Message", equalTo("The parameter Namespace is required."));
    callRaw("StartSyncExecution", "")
        .statusCode(400)
        .body("Code", equalTo("MissingRequiredParams"));
    callRaw("ListFlows", "").statusCode(200).body("Flows", notNullValue());
    callRaw("Dispatch", "").statusCode(200).body("Claimed", notNullValue());
  }

  @Test
  void aFunctionCalledByNameWithoutARequestGetsAnEmptyOne() {
    BadInputException missing =
        assertThrows(BadInputException.class, () -> functions.invoke("DescribeFlow", null));
    assertEquals("Name", missing.target());
    JsonNode listed = functions.invoke("ListFlows", NullNode.getInstance());
    assertTrue(listed.get("Flows").isArray(), listed.toString());
  }
}
