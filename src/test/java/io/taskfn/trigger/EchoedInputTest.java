package io.taskfn.trigger;

import static io.taskfn.support.Http.call;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import io.quarkus.test.junit.QuarkusTest;
import io.taskfn.api.ErrorEnvelopes;
import io.taskfn.support.JobsApi;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A message that repeats what the client sent repeats at most 128 characters of each value, so a
 * long name is not sent back in a long error; a message built elsewhere is bounded as a whole.
 */
@QuarkusTest
class EchoedInputTest {

  /** Half a megabyte: under the test profile's 1 MiB body limit, far over any message. */
  private static final String LONG = "n".repeat(500_000);

  private static final String CUT = "n".repeat(128) + "…";

  private String namespace;

  @BeforeEach
  void aGroup() {
    namespace = JobsApi.namespaceWithGroup("g");
  }

  @Test
  void jobsMessagesQuoteACutValue() {
    call("GetJobInfo", Map.of("Namespace", namespace, "GroupId", "g", "JobName", LONG))
        .statusCode(404)
        .body("Message", equalTo("job not exist jobId: " + CUT + " groupId: g"));
    call("ExecuteJob", Map.of("Namespace", LONG, "GroupId", LONG, "JobId", 1))
        .statusCode(404)
        .body("Message", equalTo("groupid not exist groupId: " + CUT + " namespace: " + CUT));

    Map<String, Object> job = new HashMap<>();
    job.put("Namespace", namespace);
    job.put("GroupId", "g");
    job.put("Name", "j");
    job.put("JobType", LONG);
    job.put("TimeType", 100);
    call("CreateJob", job)
        .statusCode(400)
        .body(
            "Message",
            equalTo("The parameter JobType must be one of [flow, http], not " + CUT + "."));
    job.put("JobType", "http");
    job.put("XAttrs", "{\"url\":\"http://" + LONG + ":99999/\"}");
    call("CreateJob", job)
        .statusCode(400)
        .body(
            "Message",
            equalTo(
                "XAttrs.url can not be called: The URL "
                    + ("http://" + LONG).substring(0, 128)
                    + "… has the port 99999; ports are 1 to 65535."));
    job.put("XAttrs", "{\"url\":\"http://127.0.0.1:9/\"}");
    job.put("TimeType", 1);
    job.put("TimeExpression", "0 0 0 * * ?");
    job.put("Timezone", LONG);
    call("CreateJob", job)
        .statusCode(400)
        .body("Message", equalTo("The parameter Timezone is not a known time zone: " + CUT + "."));
  }

  @Test
  void aMessageBuiltOutsideTheJobsFamilyIsBoundedAsAWhole() {
    call("DescribeFlow", Map.of("Name", LONG))
        .statusCode(404)
        .body("Code", equalTo("FlowNotExists"))
        .body("Message.length()", lessThanOrEqualTo(ErrorEnvelopes.MAX_MESSAGE_LENGTH + 1));
    call("n".repeat(4000), Map.of())
        .statusCode(404)
        .body("Message", equalTo("There is no function named '" + CUT + "'."));
  }
}
