package io.taskfn.flow;

import static io.taskfn.support.Http.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.AcsResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.fnf.model.v20190315.CreateFlowResponse;
import com.aliyuncs.fnf.model.v20190315.DeleteFlowResponse;
import com.aliyuncs.fnf.model.v20190315.DescribeExecutionResponse;
import com.aliyuncs.fnf.model.v20190315.DescribeFlowResponse;
import com.aliyuncs.fnf.model.v20190315.GetExecutionHistoryResponse;
import com.aliyuncs.fnf.model.v20190315.GetExecutionHistoryResponse.EventsItem;
import com.aliyuncs.fnf.model.v20190315.ListExecutionsResponse;
import com.aliyuncs.fnf.model.v20190315.ListExecutionsResponse.ExecutionsItem;
import com.aliyuncs.fnf.model.v20190315.ListFlowsResponse;
import com.aliyuncs.fnf.model.v20190315.ListFlowsResponse.FlowsItem;
import com.aliyuncs.fnf.model.v20190315.ReportTaskFailedResponse;
import com.aliyuncs.fnf.model.v20190315.ReportTaskSucceededResponse;
import com.aliyuncs.fnf.model.v20190315.StartExecutionResponse;
import com.aliyuncs.fnf.model.v20190315.StopExecutionResponse;
import com.aliyuncs.fnf.model.v20190315.UpdateFlowResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.support.AliyunSdkAnswers;
import io.taskfn.support.MutableClock;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every flows action's answer read with CloudFlow's own SDK models and unmarshallers
 * (aliyun-java-sdk-fnf 1.8.0), and every field taskfn claims to support read back non-null and
 * equal to what was stored; every rejection read as the SDK's {@link ClientException} with the
 * vendor's code. StartSyncExecution has no model in 1.8.0 (it came later); its answer is checked by
 * name in {@link FlowFunctionsHttpTest}.
 */
@QuarkusTest
class FnfSdkTest {

  static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
  static final String TWO_STEPS =
      "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Result\":1,\"ResultPath\":\"$.a\","
          + "\"Next\":\"B\"},\"B\":{\"Type\":\"Succeed\"}}}";
  static final String WAITS =
      "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":3600,\"End\":true}}}";
  static final String ROLE = "acs:ram::1234567890:role/fnf-sdk-test";

  @Inject Dispatcher dispatcher;
  @Inject MutableClock clock;

  private static String unique(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "");
  }

  private static <T extends AcsResponse> T ok(Class<T> type, String action, Map<String, ?> body)
      throws ClientException {
    T answer = AliyunSdkAnswers.read(type, call(action, body));
    return answer;
  }

  private static ClientException rejected(String action, Map<String, ?> body) {
    return assertThrows(
        ClientException.class,
        () -> AliyunSdkAnswers.read(DeleteFlowResponse.class, call(action, body)));
  }

  private static void assertTime(String time) {
    assertNotNull(time);
    assertTrue(time.matches(TIME), time);
  }

  private static Map<String, Object> params(Object... pairs) {
    Map<String, Object> map = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }

  @Test
  void flowsReadBackFieldByFieldThroughTheSdk() throws Exception {
    String name = unique("sdk");
    CreateFlowResponse created =
        ok(
            CreateFlowResponse.class,
            "CreateFlow",
            params(
                "Name", name,
                "Definition", TWO_STEPS,
                "Description", "read by the SDK",
                "Type", "FDL",
                "RoleArn", ROLE,
                "ExecutionMode", "Standard",
                "RequestId", "my-request-1"));
    assertEquals("my-request-1", created.getRequestId());
    assertEquals(name, created.getName());
    assertEquals("read by the SDK", created.getDescription());
    assertEquals(TWO_STEPS, created.getDefinition());
    assertEquals("FDL", created.getType());
    assertEquals(ROLE, created.getRoleArn());
    assertNotNull(created.getId());
    assertTime(created.getCreatedTime());
    assertTime(created.getLastModifiedTime());

    DescribeFlowResponse described =
        ok(DescribeFlowResponse.class, "DescribeFlow", params("Name", name));
    assertNotNull(described.getRequestId());
    assertEquals(created.getId(), described.getId());
    assertEquals(ROLE, described.getRoleArn());
    assertEquals(TWO_STEPS, described.getDefinition());
    assertEquals("read by the SDK", described.getDescription());
    assertEquals(created.getCreatedTime(), described.getCreatedTime());

    clock.advance(Duration.ofSeconds(1));
    UpdateFlowResponse updated =
        ok(
            UpdateFlowResponse.class,
            "UpdateFlow",
            params("Name", name, "Description", "changed", "RoleArn", ROLE + "-2"));
    assertEquals("changed", updated.getDescription());
    assertEquals(ROLE + "-2", updated.getRoleArn());
    assertEquals(TWO_STEPS, updated.getDefinition());
    assertEquals(created.getId(), updated.getId());
    assertEquals(created.getCreatedTime(), updated.getCreatedTime());
    assertTrue(updated.getLastModifiedTime().compareTo(created.getLastModifiedTime()) > 0);

    ListFlowsResponse listed = ok(ListFlowsResponse.class, "ListFlows", params("Limit", 1000));
    assertNotNull(listed.getRequestId());
    FlowsItem item =
        listed.getFlows().stream().filter(f -> f.getName().equals(name)).findFirst().orElseThrow();
    assertEquals(created.getId(), item.getId());
    assertEquals("changed", item.getDescription());
    assertEquals(TWO_STEPS, item.getDefinition());
    assertEquals("FDL", item.getType());
    assertEquals(ROLE + "-2", item.getRoleArn());
    assertEquals(created.getCreatedTime(), item.getCreatedTime());
    assertEquals(updated.getLastModifiedTime(), item.getLastModifiedTime());

    ListFlowsResponse first = ok(ListFlowsResponse.class, "ListFlows", params("Limit", 1));
    assertEquals(1, first.getFlows().size());
    assertNotNull(first.getNextToken());

    DeleteFlowResponse deleted =
        ok(DeleteFlowResponse.class, "DeleteFlow", params("Name", name, "RequestId", "bye"));
    assertEquals("bye", deleted.getRequestId());
  }

  @Test
  void executionsReadBackFieldByFieldThroughTheSdk() throws Exception {
    String flow = unique("sdk_exec");
    ok(
        CreateFlowResponse.class,
        "CreateFlow",
        params("Name", flow, "Definition", TWO_STEPS, "ExecutionMode", "Standard"));
    StartExecutionResponse started =
        ok(
            StartExecutionResponse.class,
            "StartExecution",
            params("FlowName", flow, "ExecutionName", "first", "Input", "{\"x\":2}"));
    assertNotNull(started.getRequestId());
    assertEquals("first", started.getName());
    assertEquals(flow, started.getFlowName());
    assertEquals(TWO_STEPS, started.getFlowDefinition());
    assertEquals("{\"x\":2}", started.getInput());
    assertEquals("Running", started.getStatus());
    assertTime(started.getStartedTime());
    dispatcher.runUntilIdle(Duration.ofSeconds(30));

    DescribeExecutionResponse described =
        ok(
            DescribeExecutionResponse.class,
            "DescribeExecution",
            params("FlowName", flow, "ExecutionName", "first"));
    assertNotNull(described.getRequestId());
    assertEquals("first", described.getName());
    assertEquals(flow, described.getFlowName());
    assertEquals(TWO_STEPS, described.getFlowDefinition());
    assertEquals("{\"x\":2}", described.getInput());
    assertEquals("{\"x\":2,\"a\":1}", described.getOutput());
    assertEquals("Succeeded", described.getStatus());
    assertEquals(started.getStartedTime(), described.getStartedTime());
    assertTime(described.getStoppedTime());

    ListExecutionsResponse listed =
        ok(ListExecutionsResponse.class, "ListExecutions", params("FlowName", flow));
    assertNotNull(listed.getRequestId());
    assertEquals(1, listed.getExecutions().size());
    ExecutionsItem item = listed.getExecutions().get(0);
    assertEquals("first", item.getName());
    assertEquals(flow, item.getFlowName());
    assertEquals(TWO_STEPS, item.getFlowDefinition());
    assertEquals("{\"x\":2}", item.getInput());
    assertEquals(described.getOutput(), item.getOutput());
    assertEquals("Succeeded", item.getStatus());
    assertEquals(described.getStartedTime(), item.getStartedTime());
    assertEquals(described.getStoppedTime(), item.getStoppedTime());

    GetExecutionHistoryResponse history =
        ok(
            GetExecutionHistoryResponse.class,
            "GetExecutionHistory",
            params("FlowName", flow, "ExecutionName", "first", "Limit", 3));
    assertNotNull(history.getRequestId());
    assertEquals("3", history.getNextToken());
    List<EventsItem> events = history.getEvents();
    assertEquals(List.of(1L, 2L, 3L), events.stream().map(EventsItem::getEventId).toList());
    assertEquals("ExecutionStarted", events.get(0).getType());
    assertEquals(0L, events.get(0).getScheduleEventId());
    assertEquals("PassStateEntered", events.get(1).getType());
    assertEquals("A", events.get(1).getStepName());
    assertEquals("PassStateExited", events.get(2).getType());
    assertEquals(2L, events.get(2).getScheduleEventId());
    assertTrue(events.get(1).getEventDetail().contains("\"name\":\"A\""));
    assertTime(events.get(1).getTime());
  }

  @Test
  void aStoppedExecutionReadsBackThroughTheSdk() throws Exception {
    String flow = unique("sdk_stop");
    ok(
        CreateFlowResponse.class,
        "CreateFlow",
        params("Name", flow, "Definition", WAITS, "ExecutionMode", "Standard"));
    ok(
        StartExecutionResponse.class,
        "StartExecution",
        params("FlowName", flow, "ExecutionName", "waits"));
    dispatcher.runUntilIdle(Duration.ofSeconds(30));
    StopExecutionResponse stopped =
        ok(
            StopExecutionResponse.class,
            "StopExecution",
            params("FlowName", flow, "ExecutionName", "waits", "Error", "Halt", "Cause", "enough"));
    assertNotNull(stopped.getRequestId());
    assertEquals("waits", stopped.getName());
    assertEquals(flow, stopped.getFlowName());
    assertEquals(WAITS, stopped.getFlowDefinition());
    assertEquals("{}", stopped.getInput());
    assertEquals("Stopped", stopped.getStatus());
    assertTime(stopped.getStartedTime());
    assertTime(stopped.getStoppedTime());
    assertNull(stopped.getOutput());
  }

  @Test
  void listExecutionsKeepsToTheStartedTimeWindow() throws Exception {
    String flow = unique("sdk_window");
    ok(
        CreateFlowResponse.class,
        "CreateFlow",
        params("Name", flow, "Definition", WAITS, "ExecutionMode", "Standard"));
    Instant[] starts = new Instant[4];
    for (int i = 0; i < starts.length; i++) {
      starts[i] = clock.instant();
      ok(
          StartExecutionResponse.class,
          "StartExecution",
          params("FlowName", flow, "ExecutionName", "e" + i));
      clock.advance(Duration.ofMinutes(1));
    }
    ListExecutionsResponse window =
        ok(
            ListExecutionsResponse.class,
            "ListExecutions",
            params(
                "FlowName", flow,
                "StartedTimeBegin", starts[1].toString(),
                "StartedTimeEnd", starts[2].toString()));
    assertEquals(
        List.of("e2", "e1"), window.getExecutions().stream().map(ExecutionsItem::getName).toList());
    assertNull(window.getNextToken());
    ListExecutionsResponse paged =
        ok(
            ListExecutionsResponse.class,
            "ListExecutions",
            params("FlowName", flow, "StartedTimeEnd", starts[2].toString(), "Limit", 2));
    assertEquals(
        List.of("e2", "e1"), paged.getExecutions().stream().map(ExecutionsItem::getName).toList());
    ListExecutionsResponse rest =
        ok(
            ListExecutionsResponse.class,
            "ListExecutions",
            params(
                "FlowName",
                flow,
                "StartedTimeEnd",
                starts[2].toString(),
                "Limit",
                2,
                "NextToken",
                paged.getNextToken()));
    assertEquals(
        List.of("e0"), rest.getExecutions().stream().map(ExecutionsItem::getName).toList());
    ListExecutionsResponse since =
        ok(
            ListExecutionsResponse.class,
            "ListExecutions",
            params("FlowName", flow, "StartedTimeBegin", starts[3].toString()));
    assertEquals(
        List.of("e3"), since.getExecutions().stream().map(ExecutionsItem::getName).toList());
    ClientException badTime =
        rejected("ListExecutions", params("FlowName", flow, "StartedTimeBegin", "yesterday"));
    assertEquals("InvalidArgument", badTime.getErrCode());
    assertTrue(badTime.getErrMsg().contains("StartedTimeBegin"), badTime.getErrMsg());
  }

  @Test
  void taskReportsReadBackThroughTheSdk() throws Exception {
    String flow = unique("sdk_callback");
    String definition =
        "{\"StartAt\":\"Ask\",\"States\":{\"Ask\":{\"Type\":\"Task\","
            + "\"Resource\":\"taskfn:function:DescribeFlow.waitForTaskToken\","
            + "\"Parameters\":{\"Name\":\""
            + flow
            + "\",\"RequestId.$\":\"$$.Task.Token\"},\"End\":true}}}";
    ok(
        CreateFlowResponse.class,
        "CreateFlow",
        params("Name", flow, "Definition", definition, "ExecutionMode", "Standard"));
    String[] tokens = new String[2];
    for (int i = 0; i < 2; i++) {
      ok(
          StartExecutionResponse.class,
          "StartExecution",
          params("FlowName", flow, "ExecutionName", "e" + i));
      dispatcher.runUntilIdle(Duration.ofSeconds(30));
      GetExecutionHistoryResponse history =
          ok(
              GetExecutionHistoryResponse.class,
              "GetExecutionHistory",
              params("FlowName", flow, "ExecutionName", "e" + i));
      EventsItem scheduled =
          history.getEvents().stream()
              .filter(e -> e.getType().equals("TaskScheduled"))
              .findFirst()
              .orElseThrow();
      tokens[i] =
          io.taskfn.flow.asl.Json.parse(
                  io.taskfn.flow.asl.Json.parse(scheduled.getEventDetail())
                      .get("parameters")
                      .asText())
              .get("RequestId")
              .asText();
    }
    ReportTaskSucceededResponse succeeded =
        ok(
            ReportTaskSucceededResponse.class,
            "ReportTaskSucceeded",
            params("TaskToken", tokens[0], "Output", "{\"fine\":true}"));
    assertNotNull(succeeded.getRequestId());
    assertEquals(2L, succeeded.getEventId());
    ReportTaskFailedResponse failed =
        ok(
            ReportTaskFailedResponse.class,
            "ReportTaskFailed",
            params("TaskToken", tokens[1], "Error", "Nope", "Cause", "said no"));
    assertNotNull(failed.getRequestId());
    assertEquals(2L, failed.getEventId());
    dispatcher.runUntilIdle(Duration.ofSeconds(30));
    DescribeExecutionResponse first =
        ok(
            DescribeExecutionResponse.class,
            "DescribeExecution",
            params("FlowName", flow, "ExecutionName", "e0"));
    assertEquals("Succeeded", first.getStatus());
    assertEquals("{\"fine\":true}", first.getOutput());
    call("DescribeExecution", params("FlowName", flow, "ExecutionName", "e1"))
        .statusCode(200)
        .body("Status", org.hamcrest.Matchers.equalTo("Failed"))
        .body("ErrorCode", org.hamcrest.Matchers.equalTo("Nope"))
        .body("ErrorMessage", org.hamcrest.Matchers.equalTo("said no"));
    ClientException again =
        rejected("ReportTaskSucceeded", params("TaskToken", tokens[0], "Output", "{}"));
    assertEquals("TaskAlreadyCompleted", again.getErrCode());
    ClientException unknown = rejected("ReportTaskFailed", params("TaskToken", "x", "Error", "E"));
    assertEquals("InvalidArgument", unknown.getErrCode());
  }

  @Test
  void anEmptyExecutionModeIsStandardAsTheVendorTakesIt() throws Exception {
    String flow = unique("sdk_mode");
    ok(
        CreateFlowResponse.class,
        "CreateFlow",
        params("Name", flow, "Definition", TWO_STEPS, "ExecutionMode", ""));
    call("DescribeFlow", params("Name", flow))
        .statusCode(200)
        .body("ExecutionMode", org.hamcrest.Matchers.equalTo("Standard"));
  }

  @Test
  void everyRejectionReadsAsTheSdksClientException() {
    String missing = unique("nothing");
    Map<String, Map<String, Object>> notFound =
        Map.of(
            "DescribeFlow", params("Name", missing),
            "UpdateFlow", params("Name", missing, "Description", "x"),
            "DeleteFlow", params("Name", missing),
            "StartExecution", params("FlowName", missing),
            "StartSyncExecution", params("FlowName", missing),
            "DescribeExecution", params("FlowName", missing, "ExecutionName", "e"),
            "ListExecutions", params("FlowName", missing),
            "StopExecution", params("FlowName", missing, "ExecutionName", "e"),
            "GetExecutionHistory", params("FlowName", missing, "ExecutionName", "e"));
    notFound.forEach(
        (action, body) -> {
          ClientException e = rejected(action, body);
          assertEquals("FlowNotExists", e.getErrCode(), action);
          assertEquals("Flow " + missing + " does not exist.", e.getErrMsg(), action);
          assertNotNull(e.getRequestId(), action);
        });
    ClientException noName = rejected("CreateFlow", params("Definition", TWO_STEPS));
    assertEquals("MissingRequiredParams", noName.getErrCode());
    ClientException badLimit = rejected("ListFlows", params("Limit", 0));
    assertEquals("InvalidArgument", badLimit.getErrCode());
    ClientException external =
        rejected(
            "CreateFlow",
            params(
                "Name",
                unique("ext"),
                "Definition",
                TWO_STEPS,
                "ExternalStorageLocation",
                "oss://bucket/path"));
    assertEquals("InvalidArgument", external.getErrCode());
    assertTrue(
        external.getErrMsg().startsWith("The parameter ExternalStorageLocation is not supported"),
        external.getErrMsg());
  }
}
