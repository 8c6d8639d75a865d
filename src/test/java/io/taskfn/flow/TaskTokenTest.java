package io.taskfn.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskfn.api.ApiException;
import io.taskfn.flow.FlowRequests.DescribeExecution;
import io.taskfn.flow.FlowRequests.FlowSpec;
import io.taskfn.flow.FlowRequests.GetExecutionHistory;
import io.taskfn.flow.FlowRequests.ReportTaskFailed;
import io.taskfn.flow.FlowRequests.ReportTaskSucceeded;
import io.taskfn.flow.FlowRequests.StartExecution;
import io.taskfn.flow.FlowResponses.Event;
import io.taskfn.flow.FlowResponses.ExecutionInfo;
import io.taskfn.flow.FlowResponses.TaskReported;
import io.taskfn.flow.asl.ExecutionRun;
import io.taskfn.flow.asl.Json;
import io.taskfn.flow.asl.TaskInvoker;
import io.taskfn.store.EmbeddedStoreBackend;
import io.taskfn.store.StoreBackend;
import io.taskfn.support.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The callback pattern: a Task with a {@code .waitForTaskToken} resource calls it with {@code
 * $$.Task.Token} and waits, as a record holding no worker, until ReportTaskSucceeded or
 * ReportTaskFailed names the token, across a restart of the server in between.
 */
class TaskTokenTest {

  @TempDir Path storeDirectory;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final Handout handout = new Handout();

  /** Hands each token to the "outside world": remembers the parameters each call was given. */
  static final class Handout implements TaskInvoker {
    final Map<String, JsonNode> given = new ConcurrentHashMap<>();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public boolean supports(String resource) {
      return resource.startsWith("test:");
    }

    @Override
    public JsonNode invoke(
        String resource, JsonNode parameters, Duration timeout, ExecutionRun caller) {
      calls.incrementAndGet();
      given.put(resource, parameters);
      return Json.parse("{\"queued\":true}");
    }

    String token(String resource) {
      return given.get(resource).get("token").asText();
    }
  }

  static final String CALLBACK =
      FlowRig.definition(
          "{'StartAt':'Ask','States':{"
              + "'Ask':{'Type':'Task','Resource':'test:approve.waitForTaskToken',"
              + "'Parameters':{'token.$':'$$.Task.Token','who.$':'$.who'},"
              + "'ResultPath':'$.answer','TimeoutSeconds':3600,"
              + "'Catch':[{'ErrorEquals':['Rejected'],'ResultPath':'$.why','Next':'No'}],"
              + "'Next':'Yes'},"
              + "'Yes':{'Type':'Pass','End':true},"
              + "'No':{'Type':'Fail','Error':'Refused','Cause':'rejected'}}}");

  private FlowRig rig(StoreBackend store) throws Exception {
    return FlowRig.of(store, clock, clock::advance, handout, FlowRig.catalog(60));
  }

  @BeforeEach
  void createFlowAndStart() throws Exception {
    try (StoreBackend store = EmbeddedStoreBackend.open(storeDirectory)) {
      FlowRig rig = rig(store);
      rig.service()
          .createFlow(new FlowSpec("cb", CALLBACK, null, "Standard", null, null, null, null));
      rig.service().startExecution(new StartExecution("cb", "e1", "{\"who\":\"ann\"}", null, null));
      rig.dispatcher().runUntilIdle(Duration.ofSeconds(10));
      assertEquals("Running", describe(rig).status());
      assertEquals(0, rig.dispatcher().dispatchOnce(), "the waiting Task holds no worker");
    }
    assertEquals("ann", handout.given.get("test:approve").get("who").asText());
  }

  private static ExecutionInfo describe(FlowRig rig) throws InterruptedException {
    return rig.service().describeExecution(new DescribeExecution("cb", "e1", null, null));
  }

  private static List<String> types(FlowRig rig) {
    return rig
        .service()
        .getExecutionHistory(new GetExecutionHistory("cb", "e1", 1000, null, null))
        .events()
        .stream()
        .map(Event::type)
        .toList();
  }

  @Test
  void aReportedSuccessResumesTheTaskAfterARestart() throws Exception {
    String token = handout.token("test:approve");
    clock.advance(Duration.ofMinutes(10));
    try (StoreBackend store = EmbeddedStoreBackend.open(storeDirectory)) {
      FlowRig rig = rig(store);
      TaskReported reported =
          rig.service()
              .reportTaskSucceeded(
                  new ReportTaskSucceeded(token, "{\"approved\":true}", "my-report"));
      assertEquals("my-report", reported.requestId());
      assertEquals(2, reported.eventId(), "the event that entered the Task");
      rig.dispatcher().runUntilIdle(Duration.ofSeconds(10));
      ExecutionInfo done = describe(rig);
      assertEquals("Succeeded", done.status());
      assertEquals(
          Json.parse("{\"who\":\"ann\",\"answer\":{\"approved\":true}}"),
          Json.parse(done.output()));
      assertEquals(
          List.of(
              "ExecutionStarted",
              "TaskStateEntered",
              "TaskScheduled",
              "TaskSubmitted",
              "TaskSucceeded",
              "TaskStateExited",
              "PassStateEntered",
              "PassStateExited",
              "ExecutionSucceeded"),
          types(rig));
      ApiException twice =
          assertThrows(
              ApiException.class,
              () ->
                  rig.service().reportTaskFailed(new ReportTaskFailed(token, "Late", null, null)));
      assertEquals("TaskAlreadyCompleted", twice.vendorCode());
    }
    assertEquals(1, handout.calls.get(), "the resource was called once");
  }

  @Test
  void aReportedFailureFailsTheTaskIntoItsCatchAfterARestart() throws Exception {
    String token = handout.token("test:approve");
    try (StoreBackend store = EmbeddedStoreBackend.open(storeDirectory)) {
      FlowRig rig = rig(store);
      rig.service().reportTaskFailed(new ReportTaskFailed(token, "Rejected", "no budget", null));
      rig.dispatcher().runUntilIdle(Duration.ofSeconds(10));
      ExecutionInfo done = describe(rig);
      assertEquals("Failed", done.status());
      assertEquals("Refused", done.errorCode());
      List<String> types = types(rig);
      assertTrue(types.contains("TaskFailed"), types.toString());
      assertEquals("FailStateEntered", types.get(types.size() - 2));
    }
  }

  @Test
  void aTaskNobodyReportsTimesOutWhenItsTimeComes() throws Exception {
    try (StoreBackend store = EmbeddedStoreBackend.open(storeDirectory)) {
      FlowRig rig = rig(store);
      clock.advance(Duration.ofMinutes(59));
      assertEquals(0, rig.dispatcher().dispatchOnce());
      clock.advance(Duration.ofMinutes(2));
      rig.dispatcher().runUntilIdle(Duration.ofSeconds(10));
      ExecutionInfo done = describe(rig);
      assertEquals("Failed", done.status());
      assertEquals("States.Timeout", done.errorCode());
      assertTrue(types(rig).contains("TaskTimedOut"));
    }
  }

  @Test
  void describeExecutionWaitsForTheEndAtMostWaitTimeSeconds() throws Exception {
    String token = handout.token("test:approve");
    try (StoreBackend store = EmbeddedStoreBackend.open(storeDirectory)) {
      AtomicInteger polls = new AtomicInteger();
      FlowRig[] rig = new FlowRig[1];
      // The long poll's sleeps move the clock; on its sixth the token is reported and the
      // execution runs to its end, as another server would meanwhile: in the second call.
      rig[0] =
          FlowRig.of(
              store,
              clock,
              wait -> {
                clock.advance(wait);
                if (polls.incrementAndGet() == 6) {
                  rig[0].service().reportTaskSucceeded(new ReportTaskSucceeded(token, "{}", null));
                  rig[0].dispatcher().runUntilIdle(Duration.ofSeconds(10));
                }
              },
              handout,
              FlowRig.catalog(60));
      Instant asked = clock.instant();
      ExecutionInfo bounded =
          rig[0].service().describeExecution(new DescribeExecution("cb", "e1", 1, null));
      assertEquals("Running", bounded.status());
      assertEquals(Duration.ofSeconds(1), Duration.between(asked, clock.instant()));
      asked = clock.instant();
      ExecutionInfo ended =
          rig[0].service().describeExecution(new DescribeExecution("cb", "e1", 60, null));
      assertEquals("Succeeded", ended.status());
      assertTrue(
          Duration.between(asked, clock.instant()).compareTo(Duration.ofSeconds(2)) < 0,
          "answered when the execution ended, not at the end of the wait");
      ApiException tooLong =
          assertThrows(
              ApiException.class,
              () ->
                  rig[0].service().describeExecution(new DescribeExecution("cb", "e1", 61, null)));
      assertEquals("InvalidArgument", tooLong.vendorCode());
    }
  }

  @Test
  void badReportsAreRefusedWithTheVendorsCodes() throws Exception {
    try (StoreBackend store = EmbeddedStoreBackend.open(storeDirectory)) {
      FlowRig rig = rig(store);
      String token = handout.token("test:approve");
      ApiException unknown =
          assertThrows(
              ApiException.class,
              () -> rig.service().reportTaskSucceeded(new ReportTaskSucceeded("nope", "{}", null)));
      assertEquals("InvalidArgument", unknown.vendorCode());
      assertTrue(unknown.getMessage().contains("TaskToken"), unknown.getMessage());
      ApiException noOutput =
          assertThrows(
              ApiException.class,
              () -> rig.service().reportTaskSucceeded(new ReportTaskSucceeded(token, null, null)));
      assertEquals("MissingRequiredParams", noOutput.vendorCode());
      ApiException notJson =
          assertThrows(
              ApiException.class,
              () -> rig.service().reportTaskSucceeded(new ReportTaskSucceeded(token, "{", null)));
      assertEquals("InvalidArgument", notJson.vendorCode());
      ApiException noError =
          assertThrows(
              ApiException.class,
              () -> rig.service().reportTaskFailed(new ReportTaskFailed(token, null, "x", null)));
      assertEquals("MissingRequiredParams", noError.vendorCode());
      assertEquals("Running", describe(rig).status(), "no refused report changed anything");
    }
  }

  @Test
  void aChildStartedWithTheTokenReportsItsOutcomeToTheWaitingTask() throws Exception {
    String token = handout.token("test:approve");
    try (StoreBackend store = EmbeddedStoreBackend.open(storeDirectory)) {
      FlowRig rig = rig(store);
      rig.service()
          .createFlow(
              new FlowSpec(
                  "child",
                  FlowRig.definition(
                      "{'StartAt':'P','States':{'P':{'Type':'Pass','Result':{'ok':1},'End':true}}}"),
                  null,
                  "Standard",
                  null,
                  null,
                  null,
                  null));
      rig.service().startExecution(new StartExecution("child", "c1", null, token, null));
      rig.dispatcher().runUntilIdle(Duration.ofSeconds(10));
      ExecutionInfo parent = describe(rig);
      assertEquals("Succeeded", parent.status());
      assertEquals(Json.parse("{\"ok\":1}"), Json.parse(parent.output()).get("answer"));
      ApiException used =
          assertThrows(
              ApiException.class,
              () ->
                  rig.service()
                      .startExecution(new StartExecution("child", "c2", null, token, null)));
      assertEquals("TaskAlreadyCompleted", used.vendorCode());
    }
  }
}
