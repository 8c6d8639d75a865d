package io.taskfn.flow;

import static io.taskfn.support.Http.call;
import static io.taskfn.support.Http.callRaw;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.flow.asl.Json;
import io.taskfn.support.JobsApi;
import io.taskfn.support.RecordingEndpoint;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The flows family over HTTP, and the flow job type of the jobs family. */
@QuarkusTest
class FlowFunctionsHttpTest {

  static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

  @Inject Dispatcher dispatcher;
  @Inject FlowRunner runner;

  private static String unique(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "");
  }

  private static void createFlow(String name, String definition, String mode) {
    call("CreateFlow", Map.of("Name", name, "Definition", definition, "ExecutionMode", mode))
        .statusCode(200)
        .body("Name", equalTo(name))
        .body("ExecutionMode", equalTo(mode));
  }

  @Test
  void startSyncExecutionAnswersWithTheOutputInTheVendorsShape() {
    String flow = unique("sync");
    createFlow(
        flow,
        "{\"StartAt\":\"Greet\",\"States\":{\"Greet\":{\"Type\":\"Pass\","
            + "\"Parameters\":{\"msg.$\":\"States.Format('hello {}', $.who)\"},\"End\":true}}}",
        "Express");
    call(
            "StartSyncExecution",
            Map.of("FlowName", flow, "ExecutionName", "my_exec", "Input", "{\"who\":\"ann\"}"))
        .statusCode(200)
        .body("RequestId", matchesPattern("[0-9A-F-]{36}"))
        .body("FlowName", equalTo(flow))
        .body("Name", matchesPattern("my_exec:[0-9a-f-]{36}"))
        .body("Status", equalTo("Succeeded"))
        .body("Output", equalTo("{\"msg\":\"hello ann\"}"))
        .body("StartedTime", matchesPattern(TIME))
        .body("StoppedTime", matchesPattern(TIME));
  }

  @Test
  void aYamlDefinitionWithAFailingStateAnswersFailedWithErrorAndCause() {
    String flow = unique("yaml");
    createFlow(
        flow,
        "StartAt: Check\nStates:\n  Check:\n    Type: Fail\n    Error: Order.Invalid\n    Cause: no items\n",
        "Express");
    call("StartSyncExecution", Map.of("FlowName", flow))
        .statusCode(200)
        .body("Status", equalTo("Failed"))
        .body("ErrorCode", equalTo("Order.Invalid"))
        .body("ErrorMessage", equalTo("no items"));
  }

  @Test
  void aTaskCallsAFunctionOfThisService() {
    String flow = unique("task");
    createFlow(
        flow,
        "{\"StartAt\":\"Look\",\"States\":{\"Look\":{\"Type\":\"Task\","
            + "\"Resource\":\"taskfn:function:DescribeFlow\",\"Parameters\":{\"Name.$\":\"$.flow\"},"
            + "\"ResultSelector\":{\"mode.$\":\"$.ExecutionMode\"},\"End\":true}}}",
        "Express");
    call("StartSyncExecution", Map.of("FlowName", flow, "Input", "{\"flow\":\"" + flow + "\"}"))
        .statusCode(200)
        .body("Status", equalTo("Succeeded"))
        .body("Output", equalTo("{\"mode\":\"Express\"}"));
  }

  @Test
  void anHttpTaskCallsARealEndpointAndAWaitMovesTheTestClock() {
    try (RecordingEndpoint endpoint = new RecordingEndpoint()) {
      String flow = unique("http");
      createFlow(
          flow,
          "{\"StartAt\":\"Pause\",\"States\":{"
              + "\"Pause\":{\"Type\":\"Wait\",\"Seconds\":30,\"Next\":\"Call\"},"
              + "\"Call\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::http:invoke\","
              + "\"Parameters\":{\"ApiEndpoint\":\""
              + endpoint.url()
              + "\",\"Method\":\"POST\","
              + "\"QueryParameters\":{\"q.$\":\"$.q\"},\"RequestBody\":{\"x\":1}},"
              + "\"ResultSelector\":{\"status.$\":\"$.StatusCode\",\"code.$\":\"$.ResponseBody.code\"},"
              + "\"End\":true}}}",
          "Express");
      call("StartSyncExecution", Map.of("FlowName", flow, "Input", "{\"q\":\"hello\"}"))
          .statusCode(200)
          .body("Status", equalTo("Succeeded"))
          .body("Output", equalTo("{\"status\":200,\"code\":\"ok\"}"));
      org.junit.jupiter.api.Assertions.assertEquals(
          "hello", endpoint.received().get(0).params().get("q"));
      org.junit.jupiter.api.Assertions.assertEquals("POST", endpoint.received().get(0).method());
    }
  }

  @Test
  void anHttpTaskThatCanNotBeSentOrWhoseAnswerIsTooLargeFailsTheExecution() {
    try (RecordingEndpoint endpoint = new RecordingEndpoint()) {
      String flow = unique("http_limits");
      createFlow(
          flow,
          "{\"StartAt\":\"Call\",\"States\":{"
              + "\"Call\":{\"Type\":\"Task\",\"Resource\":\"taskfn:http\","
              + "\"Parameters\":{\"ApiEndpoint\":\""
              + endpoint.url()
              + "\",\"Headers\":{\"X-Tag.$\":\"$.tag\"}},\"End\":true}}}",
          "Express");
      call("StartSyncExecution", Map.of("FlowName", flow, "Input", "{\"tag\":\"a\\nb\"}"))
          .statusCode(200)
          .body("Status", equalTo("Failed"))
          .body("ErrorCode", equalTo("States.Runtime"))
          .body("ErrorMessage", containsString("The value of the header X-Tag holds the control"));
      org.junit.jupiter.api.Assertions.assertTrue(endpoint.received().isEmpty());

      endpoint.answer(200, "\"" + "x".repeat(300_000) + "\"");
      call("StartSyncExecution", Map.of("FlowName", flow, "Input", "{\"tag\":\"ok\"}"))
          .statusCode(200)
          .body("Status", equalTo("Failed"))
          .body("ErrorCode", equalTo("States.DataLimitExceeded"));
    }
  }

  @Test
  void badRequestsGetTheFlowsEnvelope() {
    String flow = unique("errors");
    createFlow(
        flow,
        "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}",
        "Standard");
    call("StartSyncExecution", Map.of("FlowName", flow))
        .statusCode(400)
        .body("Code", equalTo("ActionNotSupported"))
        .body("Message", equalTo("Standard execution is not supported"));
    call("StartSyncExecution", Map.of("FlowName", "no_such_flow"))
        .statusCode(404)
        .body("Code", equalTo("FlowNotExists"))
        .body("Message", equalTo("Flow no_such_flow does not exist."));
    call(
            "CreateFlow",
            Map.of(
                "Name",
                unique("bad"),
                "Definition",
                "{\"StartAt\":\"Nope\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}"))
        .statusCode(400)
        .body("Code", equalTo("InvalidArgument"))
        .body(
            "Message",
            startsWith(
                "The Definition is not valid: Definition.StartAt: no state is named 'Nope'"));
    call("StartSyncExecution", Map.of("FlowName", flow, "ExecutionName", "has space"))
        .statusCode(400)
        .body("Code", equalTo("InvalidArgument"));
    callRaw("StartSyncExecution", "{\"FlowName\": 5, \"Input\": {}}")
        .statusCode(400)
        .body("Code", equalTo("InvalidArgument"))
        .body("Message", equalTo("The parameter Input must be a string."));
    call("StartSyncExecution", Map.of())
        .statusCode(400)
        .body("Code", equalTo("MissingRequiredParams"));
  }

  @Test
  void aStandardExecutionRunsInTheBackgroundWithItsHistory() throws Exception {
    String flow = unique("standard");
    createFlow(
        flow,
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Result\":1,\"ResultPath\":\"$.a\",\"Next\":\"B\"},"
            + "\"B\":{\"Type\":\"Succeed\"}}}",
        "Standard");
    call("StartExecution", Map.of("FlowName", flow, "ExecutionName", "first", "Input", "{}"))
        .statusCode(200)
        .body("Status", equalTo("Running"));
    call("StartExecution", Map.of("FlowName", flow, "ExecutionName", "first"))
        .statusCode(400)
        .body("Code", equalTo("ExecutionAlreadyExists"));
    dispatcher.runUntilIdle(Duration.ofSeconds(30));
    call("DescribeExecution", Map.of("FlowName", flow, "ExecutionName", "first"))
        .statusCode(200)
        .body("Status", equalTo("Succeeded"))
        .body("Output", equalTo("{\"a\":1}"));
    call("GetExecutionHistory", Map.of("FlowName", flow, "ExecutionName", "first"))
        .statusCode(200)
        .body(
            "Events.Type",
            equalTo(
                java.util.List.of(
                    "ExecutionStarted",
                    "PassStateEntered",
                    "PassStateExited",
                    "SucceedStateEntered",
                    "SucceedStateExited",
                    "ExecutionSucceeded")));
    call("ListExecutions", Map.of("FlowName", flow, "Status", "Succeeded"))
        .statusCode(200)
        .body("Executions", hasSize(1));
    call("StopExecution", Map.of("FlowName", flow, "ExecutionName", "first"))
        .statusCode(400)
        .body("Code", equalTo("InvalidArgument"));
  }

  @Test
  void flowsAreDescribedUpdatedListedAndDeleted() {
    String first = unique("a_life");
    String second = unique("b_life");
    String definition = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";
    createFlow(first, definition, "Express");
    createFlow(second, definition, "Standard");
    call("UpdateFlow", Map.of("Name", first, "Description", "changed", "ExecutionMode", "Standard"))
        .statusCode(200)
        .body("Description", equalTo("changed"))
        .body("ExecutionMode", equalTo("Standard"));
    call("UpdateFlow", Map.of("Name", first, "Definition", "{\"StartAt\":1}"))
        .statusCode(400)
        .body("Code", equalTo("InvalidArgument"));
    call("DescribeFlow", Map.of("Name", first))
        .statusCode(200)
        .body("Definition", equalTo(definition))
        .body("Description", equalTo("changed"));
    String token =
        call("ListFlows", Map.of("Limit", 1))
            .statusCode(200)
            .body("Flows", hasSize(1))
            .extract()
            .path("NextToken");
    call("ListFlows", Map.of("Limit", 1000, "NextToken", token)).statusCode(200);
    call("DeleteFlow", Map.of("Name", first)).statusCode(200);
    call("DescribeFlow", Map.of("Name", first))
        .statusCode(404)
        .body("Code", equalTo("FlowNotExists"));
  }

  @Test
  void aStoppedExecutionStaysStopped() throws Exception {
    String flow = unique("stop");
    createFlow(
        flow,
        "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}",
        "Standard");
    call("StartExecution", Map.of("FlowName", flow, "ExecutionName", "halt")).statusCode(200);
    call(
            "StopExecution",
            Map.of(
                "FlowName",
                flow,
                "ExecutionName",
                "halt",
                "Error",
                "Operator",
                "Cause",
                "not today"))
        .statusCode(200)
        .body("Status", equalTo("Stopped"))
        .body("ErrorCode", equalTo("Operator"));
    dispatcher.runUntilIdle(Duration.ofSeconds(30));
    call("DescribeExecution", Map.of("FlowName", flow, "ExecutionName", "halt"))
        .statusCode(200)
        .body("Status", equalTo("Stopped"))
        .body("ErrorMessage", equalTo("not today"));
    call("DescribeExecution", Map.of("FlowName", flow, "ExecutionName", "nope"))
        .statusCode(404)
        .body("Code", equalTo("ExecutionNotExists"));
  }

  @Test
  void aJobOfTypeFlowRunsTheFlowWithItsInstanceParametersAsInput() throws Exception {
    String flow = unique("jobflow");
    createFlow(
        flow,
        "{\"StartAt\":\"Sum\",\"States\":{\"Sum\":{\"Type\":\"Pass\",\"Parameters\":{\"total.$\":\"States.MathAdd($.a, $.b)\"},\"End\":true}}}",
        "Express");
    String namespace = JobsApi.namespaceWithGroup("g");
    int jobId = JobsApi.createJob(namespace, "g", "flow", "{\"flowName\":\"" + flow + "\"}");
    int instanceId = JobsApi.execute(namespace, "g", jobId, "{\"a\":40,\"b\":2}");
    dispatcher.runUntilIdle(Duration.ofSeconds(30));
    call(
            "GetJobInstance",
            Map.of(
                "Namespace",
                namespace,
                "GroupId",
                "g",
                "JobId",
                jobId,
                "JobInstanceId",
                instanceId))
        .statusCode(200)
        .body("Data.JobInstanceDetail.Status", equalTo(4))
        .body("Data.JobInstanceDetail.Result", equalTo("{\"total\":42}"));
    call(
            "CreateJob",
            Map.of(
                "Namespace",
                namespace,
                "GroupId",
                "g",
                "Name",
                "bad-flow-job",
                "JobType",
                "flow",
                "TimeType",
                100,
                "XAttrs",
                "{}"))
        .statusCode(400)
        .body("Message", startsWith("The parameter XAttrs of a flow job"));
  }

  @Test
  void aFlowThatCallsItselfStopsFiveCallsDeep() {
    String flow = unique("selfcall");
    createFlow(
        flow,
        "{\"StartAt\":\"Call\",\"States\":{\"Call\":{\"Type\":\"Task\","
            + "\"Resource\":\"taskfn:function:StartSyncExecution\","
            + "\"Parameters\":{\"FlowName\":\""
            + flow
            + "\",\"Input\":\"{}\"},\"End\":true}}}",
        "Express");
    long threadsBefore = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
    // Before: the top call answered TimedOut at 59 s; nested calls went on, 30,957 threads.
    String output =
        call("StartSyncExecution", Map.of("FlowName", flow))
            .statusCode(200)
            .body("Status", equalTo("Succeeded"))
            .extract()
            .path("Output");
    long threadsStarted =
        ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - threadsBefore;
    JsonNode answer = Json.parse(output);
    for (int depth = 1; depth < 5; depth++) {
      assertEquals("Succeeded", answer.path("Status").asText(), "depth " + depth);
      answer = Json.parse(answer.path("Output").asText());
    }
    assertEquals("Failed", answer.path("Status").asText());
    assertEquals("taskfn.StartSyncExecution.InvalidArgument", answer.path("ErrorCode").asText());
    assertTrue(
        answer.path("ErrorMessage").asText().contains("at most 5 deep"),
        answer.path("ErrorMessage").asText());
    assertTrue(threadsStarted < 10, threadsStarted + " threads started by the call");
    assertEquals(0, runner.busyThreads(), "the runs' threads are free once answered");
  }

  @Test
  void aStandardFlowThatStartsItselfStopsFiveStartsDeep() throws Exception {
    String flow = unique("selfstart");
    createFlow(
        flow,
        "{\"StartAt\":\"Start\",\"States\":{\"Start\":{\"Type\":\"Task\","
            + "\"Resource\":\"taskfn:function:StartExecution\","
            + "\"Parameters\":{\"FlowName\":\""
            + flow
            + "\"},\"End\":true}}}",
        "Standard");
    call("StartExecution", Map.of("FlowName", flow, "ExecutionName", "root")).statusCode(200);
    dispatcher.runUntilIdle(Duration.ofSeconds(30));
    call("ListExecutions", Map.of("FlowName", flow))
        .statusCode(200)
        .body("Executions", hasSize(6))
        .body("Executions.Status", everyItem(oneOf("Succeeded", "Failed")));
    call("ListExecutions", Map.of("FlowName", flow, "Status", "Failed"))
        .statusCode(200)
        .body("Executions", hasSize(1))
        .body("Executions[0].ErrorCode", equalTo("taskfn.StartExecution.InvalidArgument"));
  }

  @Test
  void aFlowThatRunsItselfThroughAJobStopsFiveRunsDeep() throws Exception {
    String flow = unique("jobloop");
    String namespace = JobsApi.namespaceWithGroup("g");
    createFlow(
        flow,
        "{\"StartAt\":\"Again\",\"States\":{\"Again\":{\"Type\":\"Task\","
            + "\"Resource\":\"taskfn:function:ExecuteJob\","
            + "\"Parameters\":{\"Namespace\":\""
            + namespace
            + "\",\"GroupId\":\"g\",\"JobId.$\":\"$.jobId\","
            + "\"InstanceParameters.$\":\"States.JsonToString($)\"},\"End\":true}}}",
        "Express");
    int jobId = JobsApi.createJob(namespace, "g", "flow", "{\"flowName\":\"" + flow + "\"}");
    JobsApi.execute(namespace, "g", jobId, "{\"jobId\":" + jobId + "}");
    dispatcher.runUntilIdle(Duration.ofSeconds(60));
    // Before: each run queued the next instance, for as long as the server ran.
    call(
            "GetJobInstanceList",
            Map.of("Namespace", namespace, "GroupId", "g", "JobId", jobId, "PageSize", 50))
        .statusCode(200)
        .body("Data.Total", equalTo(7))
        .body("Data.JobInstanceDetails.findAll { it.Status == 4 }", hasSize(6))
        .body("Data.JobInstanceDetails[0].Status", equalTo(5))
        .body("Data.JobInstanceDetails[0].Result", containsString("at most 5 deep"));
  }
}
