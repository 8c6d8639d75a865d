package io.taskfn.trigger;

import static io.taskfn.support.Http.callRaw;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.taskfn.api.BadInputException;
import io.taskfn.support.Http;
import io.taskfn.support.JobsApi;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A value is read only in its own JSON type and a body is one JSON object, over HTTP and when a
 * function is called by name (the Lambda trigger, flow Task states): nothing is truncated, coerced
 * or ignored into a call that runs.
 */
@QuarkusTest
class StrictInputTest {

  @Inject FunctionInvocations functions;
  @Inject ObjectMapper mapper;

  private String namespace;
  private int jobId;

  @BeforeEach
  void aJob() {
    namespace = JobsApi.namespaceWithGroup("g");
    jobId = JobsApi.createJob(namespace, "g", "http", "{\"url\":\"http://127.0.0.1:9/\"}");
  }

  private String ref(String jobIdJson) {
    return "{\"Namespace\":\"" + namespace + "\",\"GroupId\":\"g\",\"JobId\":" + jobIdJson + "}";
  }

  private void stillThere() {
    callRaw("GetJobInfo", ref(Integer.toString(jobId)))
        .statusCode(200)
        .body("Data.JobConfigInfo.JobId", equalTo(jobId));
  }

  @Test
  void aFractionIsNoJobIdAndDeletesNothing() {
    callRaw("DeleteJob", ref(jobId + ".5"))
        .statusCode(400)
        .body("Success", equalTo(false))
        .body("Code", equalTo(400))
        .body("Message", equalTo("The parameter JobId must be an integer."));
    callRaw("DeleteJob", ref(jobId + ".0"))
        .statusCode(400)
        .body("Message", equalTo("The parameter JobId must be an integer."));
    stillThere();
  }

  @Test
  void aStringIsNoNumberNorAnObjectAString() {
    callRaw("DeleteJob", ref("\"" + jobId + "\""))
        .statusCode(400)
        .body("Message", equalTo("The parameter JobId must be an integer."));
    callRaw("DeleteJob", ref("\"\""))
        .statusCode(400)
        .body("Message", equalTo("The parameter JobId must be an integer."));
    stillThere();
    callRaw("GetJobInfo", "{\"Namespace\":\"" + namespace + "\",\"GroupId\":[\"g\"],\"JobId\":1}")
        .statusCode(400)
        .body("Message", equalTo("The parameter GroupId must be a string."));
    callRaw(
            "ExecuteJob",
            "{\"Namespace\":\""
                + namespace
                + "\",\"GroupId\":\"g\",\"JobId\":"
                + jobId
                + ",\"CheckJobStatus\":\"true\"}")
        .statusCode(400)
        .body("Message", equalTo("The parameter CheckJobStatus must be true or false."));
    callRaw("DescribeFlow", "{\"Name\":{\"a\":1}}")
        .statusCode(400)
        .body("Code", equalTo("InvalidArgument"))
        .body("Message", equalTo("The parameter Name must be a string."));
  }

  @Test
  void aStringParameterTakesANumberAsWritten() {
    callRaw("GetJobInfo", "{\"Namespace\":\"" + namespace + "\",\"GroupId\":7,\"JobId\":1}")
        .statusCode(404)
        .body("Message", equalTo("groupid not exist groupId: 7 namespace: " + namespace));
    callRaw("DescribeFlow", "{\"Name\":1.50}")
        .statusCode(404)
        .body("Message", equalTo("Flow 1.50 does not exist."));
  }

  @Test
  void anIntegerOutOfRangeSaysTheRange() {
    callRaw("DeleteJob", ref("99999999999999999999"))
        .statusCode(400)
        .body(
            "Message",
            equalTo(
                "The parameter JobId must be an integer from -9223372036854775808 to"
                    + " 9223372036854775807."));
    callRaw(
            "GetJobInstanceList",
            "{\"Namespace\":\""
                + namespace
                + "\",\"GroupId\":\"g\",\"JobId\":1,\"PageSize\":3000000000}")
        .statusCode(400)
        .body(
            "Message",
            equalTo("The parameter PageSize must be an integer from -2147483648 to 2147483647."));
  }

  @Test
  void textAfterTheObjectRejectsTheCallBeforeItRuns() {
    String execute =
        "{\"Namespace\":\"" + namespace + "\",\"GroupId\":\"g\",\"JobId\":" + jobId + "}";
    for (String trailing : new String[] {" garbage", "{}", " 1", "]"}) {
      callRaw("ExecuteJob", execute + trailing)
          .statusCode(400)
          .body("Code", equalTo(400))
          .body(
              "Message",
              equalTo("The request body must be one JSON object, with nothing after it."));
    }
    callRaw("ExecuteJob", execute + " \n").statusCode(200);
    Http.call("GetJobInstanceList", Map.of("Namespace", namespace, "GroupId", "g", "JobId", jobId))
        .statusCode(200)
        .body("Data.Total", equalTo(1));
  }

  @Test
  void aKeyGivenTwiceIsRejected() {
    callRaw(
            "DeleteJob",
            "{\"Namespace\":\""
                + namespace
                + "\",\"GroupId\":\"g\",\"JobId\":999,\"JobId\":"
                + jobId
                + "}")
        .statusCode(400)
        .body("Message", equalTo("The key JobId appears twice in one object."));
    stillThere();
  }

  @Test
  void malformedJsonIsPlacedNotQuotedFromTheParser() {
    callRaw("ExecuteJob", "{\"JobId\": NaN}")
        .statusCode(400)
        .body("Message", equalTo("The request body is not valid JSON (line 1, column 14)."));
    callRaw("StartSyncExecution", "{'FlowName': 'x'}")
        .statusCode(400)
        .body("Code", equalTo("InvalidArgument"))
        .body("Message", equalTo("The request body is not valid JSON (line 1, column 2)."));
  }

  @Test
  void theParsersLimitsAreAnsweredInTheServicesWords() {
    callRaw("ExecuteJob", ref("1" + "0".repeat(150)))
        .statusCode(400)
        .body("Message", equalTo("The parameter JobId holds a number longer than 100 digits."));
    callRaw("ExecuteJob", "{\"X\":" + "[".repeat(200) + "]".repeat(200) + "}")
        .statusCode(400)
        .body("Message", equalTo("The request body nests more than 64 levels deep."));
    callRaw("ListFlows", "{\"" + "k".repeat(300) + "\":1}")
        .statusCode(400)
        .body("Code", equalTo("InvalidArgument"))
        .body(
            "Message",
            equalTo(
                "The request body has a key longer than 256 characters: "
                    + "k".repeat(128)
                    + "…."));
  }

  @Test
  void aFunctionCalledByNameReadsAsStrictly() {
    ObjectNode request = mapper.createObjectNode();
    request.put("Namespace", namespace).put("GroupId", "g").put("JobId", jobId + 0.5);
    BadInputException fraction =
        assertThrows(BadInputException.class, () -> functions.invoke("DeleteJob", request));
    assertEquals("JobId", fraction.target());
    assertEquals("The parameter JobId must be an integer.", fraction.getMessage());

    request.put("JobId", Integer.toString(jobId));
    BadInputException text =
        assertThrows(BadInputException.class, () -> functions.invoke("DeleteJob", request));
    assertEquals("The parameter JobId must be an integer.", text.getMessage());

    request.put("JobId", jobId).put("CheckJobStatus", 1);
    BadInputException flag =
        assertThrows(BadInputException.class, () -> functions.invoke("ExecuteJob", request));
    assertEquals("The parameter CheckJobStatus must be true or false.", flag.getMessage());
    stillThere();

    request.remove("CheckJobStatus");
    JsonNode deleted = functions.invoke("DeleteJob", request);
    assertEquals(true, deleted.get("Success").asBoolean());
  }
}
