package io.taskfn.job;

import static io.taskfn.support.Http.call;
import static io.taskfn.support.Http.callRaw;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.support.RecordingEndpoint;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The jobs family over the HTTP trigger: vendor shapes in, vendor shapes and envelopes out. */
@QuarkusTest
class JobFunctionsHttpTest {

  @Inject Dispatcher dispatcher;

  private RecordingEndpoint endpoint;
  private String namespace;

  @BeforeEach
  void setUp() {
    endpoint = new RecordingEndpoint();
    namespace = "ns-" + UUID.randomUUID();
    call("CreateNamespace", Map.of("Name", "http test", "Uid", namespace))
        .statusCode(200)
        .body("Data.NamespaceUid", equalTo(namespace));
    call("CreateAppGroup", Map.of("Namespace", namespace, "GroupId", "g1", "AppName", "app"))
        .statusCode(200)
        .body("Data.AppGroupId", instanceOf(Integer.class));
  }

  @AfterEach
  void tearDown() {
    endpoint.close();
  }

  private long createJob() {
    return call(
            "CreateJob",
            Map.of(
                "Namespace",
                namespace,
                "GroupId",
                "g1",
                "Name",
                "http-job",
                "JobType",
                "http",
                "TimeType",
                100,
                "MaxConcurrency",
                5,
                "XAttrs",
                JobsRig.xAttrs(endpoint.url())))
        .statusCode(200)
        .body("Success", equalTo(true))
        .extract()
        .jsonPath()
        .getLong("Data.JobId");
  }

  @Test
  void executeJobTwiceInOneSecondRunsTwoInstancesEndToEnd() throws Exception {
    long jobId = createJob();
    long first = execute(jobId, "first");
    long second = execute(jobId, "second");
    assertNotEquals(first, second);

    dispatcher.runUntilIdle(Duration.ofSeconds(30));

    for (long instanceId : new long[] {first, second}) {
      call(
              "GetJobInstance",
              Map.of(
                  "Namespace", namespace,
                  "GroupId", "g1",
                  "JobId", jobId,
                  "JobInstanceId", instanceId))
          .statusCode(200)
          .body("Data.JobInstanceDetail.Status", equalTo(4))
          .body("Data.JobInstanceDetail.InstanceId", equalTo((int) instanceId))
          .body(
              "Data.JobInstanceDetail.StartTime",
              matchesPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"));
    }
    Set<String> arrived =
        endpoint.received().stream()
            .map(r -> r.params().get("instanceParameters"))
            .collect(Collectors.toSet());
    assertEquals(Set.of("first", "second"), arrived);
    call(
            "GetJobInstanceList",
            Map.of("Namespace", namespace, "GroupId", "g1", "JobId", jobId, "Status", 4))
        .statusCode(200)
        .body("Data.JobInstanceDetails", hasSize(2))
        .body("Data.Total", equalTo(2));
  }

  private long execute(long jobId, String parameters) {
    return call(
            "ExecuteJob",
            Map.of(
                "Namespace", namespace,
                "GroupId", "g1",
                "JobId", jobId,
                "InstanceParameters", parameters))
        .statusCode(200)
        .body("Code", equalTo(200))
        .body("Success", equalTo(true))
        .body("RequestId", matchesPattern("[0-9A-F-]{36}"))
        .extract()
        .jsonPath()
        .getLong("Data.JobInstanceId");
  }

  @Test
  void jobLifecycleActionsAnswerInTheVendorsShape() {
    long jobId = createJob();
    Map<String, Object> ref = Map.of("Namespace", namespace, "GroupId", "g1", "JobId", jobId);
    call("DisableJob", ref).statusCode(200).body("Success", equalTo(true));
    call("GetJobInfo", ref).statusCode(200).body("Data.JobConfigInfo.Status", equalTo(0));
    call(
            "UpdateJob",
            Map.of("Namespace", namespace, "GroupId", "g1", "JobId", jobId, "Name", "renamed"))
        .statusCode(200);
    call("EnableJob", ref).statusCode(200);
    call("ListJobs", Map.of("Namespace", namespace, "GroupId", "g1"))
        .statusCode(200)
        .body("Data.Jobs", hasSize(1))
        .body("Data.Jobs[0].Name", equalTo("renamed"))
        .body("Data.Jobs[0].Status", equalTo(1))
        .body("Data.Jobs[0].TimeConfig.TimeType", equalTo(100));
    call("DeleteJob", ref).statusCode(200);
    call("GetJobInfo", ref)
        .statusCode(404)
        .body("Success", equalTo(false))
        .body("Code", equalTo(404));
  }

  @Test
  void valuesThatWouldBreakTheJobsRequestsAreRejectedWhenTheJobIsSaved() {
    Map<String, Object> job = new java.util.HashMap<>();
    job.put("Namespace", namespace);
    job.put("GroupId", "g1");
    job.put("Name", "daily\nreport");
    job.put("JobType", "http");
    job.put("TimeType", 100);
    job.put("XAttrs", JobsRig.xAttrs(endpoint.url()));
    call("CreateJob", job)
        .statusCode(400)
        .body("Code", equalTo(400))
        .body("Success", equalTo(false))
        .body(
            "Message",
            equalTo(
                "The parameter Name must not contain control characters (U+000A at position 5)."));

    job.put("Name", "daily");
    job.put("XAttrs", JobsRig.xAttrs("http://127.0.0.1:99999/run"));
    call("CreateJob", job)
        .statusCode(400)
        .body("Message", startsWith("XAttrs.url can not be called: The URL"));

    long jobId = createJob();
    call(
            "UpdateJob",
            Map.of("Namespace", namespace, "GroupId", "g1", "JobId", jobId, "Name", "a\tb"))
        .statusCode(400)
        .body("Code", equalTo(400))
        .body("Message", startsWith("The parameter Name must not contain control characters"));
    call("GetJobInfo", Map.of("Namespace", namespace, "GroupId", "g1", "JobId", jobId))
        .statusCode(200)
        .body("Data.JobConfigInfo.Name", equalTo("http-job"));
  }

  @Test
  void scheduleTimesOutOfRangeAreA400NamingTimeExpressionNotA500() {
    Map<String, Object> job = new java.util.HashMap<>();
    job.put("Namespace", namespace);
    job.put("GroupId", "g1");
    job.put("Name", "scheduled");
    job.put("JobType", "http");
    job.put("XAttrs", JobsRig.xAttrs(endpoint.url()));
    Object[][] cases = {
      {3, "9223372036854775807", "of a fixed-rate job must be a whole number of seconds"},
      {5, "+999999999-12-31 23:59:59", "of a one-time job must be a date that exists"},
      {5, "9223372036854775807", "of a one-time job must be a date that exists"},
      {1, "0 0 0 30 2 ?", "names no time after now"},
    };
    for (Object[] c : cases) {
      job.put("TimeType", c[0]);
      job.put("TimeExpression", c[1]);
      call("CreateJob", job)
          .statusCode(400)
          .body("Code", equalTo(400))
          .body("Success", equalTo(false))
          .body("Message", startsWith("The parameter TimeExpression " + c[2]));
    }
    long jobId = createJob();
    call(
            "UpdateJob",
            Map.of(
                "Namespace",
                namespace,
                "GroupId",
                "g1",
                "JobId",
                jobId,
                "TimeType",
                3,
                "TimeExpression",
                "9223372036854775807"))
        .statusCode(400)
        .body("Message", startsWith("The parameter TimeExpression of a fixed-rate job"));
    call("ListJobs", Map.of("Namespace", namespace, "GroupId", "g1"))
        .statusCode(200)
        .body("Data.Jobs", hasSize(1))
        .body("Data.Jobs[0].TimeConfig.TimeType", equalTo(100));
  }

  @Test
  void badInputGetsTheSchedulerxEnvelopeNamingTheParameter() {
    call("ExecuteJob", Map.of("Namespace", namespace, "GroupId", "nope", "JobId", 1))
        .statusCode(404)
        .body("Code", equalTo(404))
        .body("Success", equalTo(false))
        .body("RequestId", notNullValue())
        .body("Message", equalTo("groupid not exist groupId: nope namespace: " + namespace));
    call("ExecuteJob", Map.of("Namespace", namespace, "GroupId", "g1"))
        .statusCode(400)
        .body("Code", equalTo(400))
        .body("Message", equalTo("The parameter JobId is required."));
    callRaw(
            "ExecuteJob",
            "{\"Namespace\":\"" + namespace + "\",\"GroupId\":\"g1\",\"JobId\":\"x\"}")
        .statusCode(400)
        .body("Message", equalTo("The parameter JobId must be an integer."));
    callRaw("ExecuteJob", "{\"JobId\": 1,")
        .statusCode(400)
        .body("Success", equalTo(false))
        .body("Message", matchesPattern("The request body is not valid JSON.*"));
    callRaw("ExecuteJob", "")
        .statusCode(400)
        .body("Message", equalTo("The parameter JobId is required."));
    callRaw("CreateJob", "[]")
        .statusCode(400)
        .body("Message", equalTo("The request body must be a JSON object."));
    call(
            "CreateJob",
            Map.of(
                "Namespace", namespace,
                "GroupId", "g1",
                "Name", "c",
                "JobType", "http",
                "TimeType", 1,
                "TimeExpression", "every day",
                "XAttrs", JobsRig.xAttrs(endpoint.url())))
        .statusCode(400)
        .body(
            "Message",
            matchesPattern("The parameter TimeExpression is not a valid cron expression.*"));
    call("NoSuchAction", Map.of())
        .statusCode(404)
        .body("Code", equalTo("NotFound"))
        .body("Message", equalTo("There is no function named 'NoSuchAction'."));
  }
}
