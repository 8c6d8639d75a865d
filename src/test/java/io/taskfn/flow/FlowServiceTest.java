package io.taskfn.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskfn.api.ApiException;
import io.taskfn.api.Echo;
import io.taskfn.flow.FlowRequests.DescribeExecution;
import io.taskfn.flow.FlowRequests.FlowSpec;
import io.taskfn.flow.FlowRequests.GetExecutionHistory;
import io.taskfn.flow.FlowRequests.StartExecution;
import io.taskfn.flow.FlowResponses.Event;
import io.taskfn.flow.FlowResponses.ExecutionInfo;
import io.taskfn.flow.asl.ErrorNames;
import io.taskfn.flow.asl.ExecutionRun;
import io.taskfn.flow.asl.FlowFailure;
import io.taskfn.flow.asl.Json;
import io.taskfn.flow.asl.Sleeper;
import io.taskfn.flow.asl.TaskInvoker;
import io.taskfn.store.EmbeddedStoreBackend;
import io.taskfn.store.StoreBackend;
import io.taskfn.support.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flows service without Quarkus: the synchronous time bound, and Standard resumption. */
class FlowServiceTest {

  @TempDir Path storeDirectory;

  /**
   * A server dying mid-run: an Error, which no handler turns into an outcome, so the run's record
   * stays claimed until its lease expires, as after a kill.
   */
  static final class ServerDeath extends Error {
    ServerDeath() {
      super("the server died here");
    }
  }

  /** Counts calls per key; "test:crash-once" dies like a server would, once. */
  static final class Tasks implements TaskInvoker {
    final Map<String, Integer> calls = new ConcurrentHashMap<>();
    final AtomicBoolean crashed = new AtomicBoolean();

    @Override
    public boolean supports(String resource) {
      return resource.startsWith("test:");
    }

    @Override
    public JsonNode invoke(
        String resource, JsonNode parameters, Duration timeout, ExecutionRun caller) {
      calls.merge(resource, 1, Integer::sum);
      if (resource.equals("test:crash-once") && crashed.compareAndSet(false, true)) {
        throw new ServerDeath();
      }
      if (resource.equals("test:fail")) {
        throw new FlowFailure("Test.Failed", "as asked");
      }
      return parameters;
    }
  }

  @Test
  void aSyncRunLongerThanTheFunctionTimeoutReturnsTimedOutInTime() throws Exception {
    try (StoreBackend store = EmbeddedStoreBackend.open(storeDirectory)) {
      FlowRig rig =
          FlowRig.of(store, Clock.systemUTC(), Sleeper.REAL, new Tasks(), FlowRig.catalog(2));
      rig.service()
          .createFlow(
              new FlowSpec(
                  "slow",
                  FlowRig.definition(
                      "{'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':30,'End':true}}}"),
                  null,
                  "Express",
                  null,
                  null,
                  null,
                  null));
      long started = System.nanoTime();
      ExecutionInfo info =
          rig.service().startSyncExecution(new StartExecution("slow", "late", "{}", null, null));
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertEquals("TimedOut", info.status());
      assertEquals(ErrorNames.TIMEOUT, info.errorCode());
      assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "answered after " + took);
      ExecutionInfo recorded =
          rig.service().describeExecution(new DescribeExecution("slow", info.name(), null, null));
      assertEquals("TimedOut", recorded.status());
    }
  }

  @Test
  void theBoundIsTheSmallestOfDefinitionFunctionAndExpressLimit() throws Exception {
    try (StoreBackend store = EmbeddedStoreBackend.open(storeDirectory)) {
      FlowRig big =
          FlowRig.of(store, Clock.systemUTC(), Sleeper.REAL, new Tasks(), FlowRig.catalog(900));
      var machine =
          FlowDefinitions.parse(
              FlowRig.definition("{'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}"),
              new Tasks());
      assertEquals(FlowService.EXPRESS_LIMIT, big.service().syncBound(machine));
      var own =
          FlowDefinitions.parse(
              FlowRig.definition(
                  "{'TimeoutSeconds':7,'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}"),
              new Tasks());
      assertEquals(Duration.ofSeconds(7), big.service().syncBound(own));
      FlowRig small =
          FlowRig.of(store, Clock.systemUTC(), Sleeper.REAL, new Tasks(), FlowRig.catalog(20));
      assertEquals(Duration.ofSeconds(19), small.service().syncBound(machine));
    }
  }

  @Test
  void aStandardExecutionResumesFromItsLastCompletedStateAfterARestart() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    Tasks tasks = new Tasks();
    String flow =
        FlowRig.definition(
            "{'StartAt':'A','States':{"
                + "'A':{'Type':'Task','Resource':'test:first','ResultPath':'$.a','Next':'B'},"
                + "'B':{'Type':'Task','Resource':'test:crash-once','ResultPath':'$.b','Next':'C'},"
                + "'C':{'Type':'Pass','End':true}}}");
    String executionName;
    try (StoreBackend store = EmbeddedStoreBackend.open(storeDirectory)) {
      FlowRig before = FlowRig.of(store, clock, clock::advance, tasks, FlowRig.catalog(60));
      before
          .service()
          .createFlow(new FlowSpec("std", flow, null, "Standard", null, null, null, null));
      executionName =
          before
              .service()
              .startExecution(new StartExecution("std", "e1", "{\"in\":1}", null, null))
              .name();
      before.dispatcher().runUntilIdle(Duration.ofSeconds(10));
      assertEquals(
          "Running",
          before
              .service()
              .describeExecution(new DescribeExecution("std", executionName, null, null))
              .status());
    }
    clock.advance(Duration.ofSeconds(61));
    try (StoreBackend store = EmbeddedStoreBackend.open(storeDirectory)) {
      FlowRig after = FlowRig.of(store, clock, clock::advance, tasks, FlowRig.catalog(60));
      after.dispatcher().runUntilIdle(Duration.ofSeconds(10));
      ExecutionInfo done =
          after
              .service()
              .describeExecution(new DescribeExecution("std", executionName, null, null));
      assertEquals("Succeeded", done.status());
      assertEquals(
          Json.parse("{\"in\":1,\"a\":{\"in\":1},\"b\":{\"in\":1,\"a\":{\"in\":1}}}"),
          Json.parse(done.output()));
      assertEquals(1, tasks.calls.get("test:first"), "A ran once: the run resumed after it");
      assertEquals(2, tasks.calls.get("test:crash-once"));
      List<Event> events =
          after
              .service()
              .getExecutionHistory(new GetExecutionHistory("std", executionName, 1000, null, null))
              .events();
      assertEquals("ExecutionStarted", events.get(0).type());
      assertEquals("ExecutionSucceeded", events.get(events.size() - 1).type());
      for (int i = 0; i < events.size(); i++) {
        assertEquals(i + 1, events.get(i).eventId(), "event ids run on without a gap or repeat");
      }
    }
  }

  @Test
  void aLongWaitOfAStandardExecutionHoldsNoWorkerAndEndsOnTime() throws Exception {
    Instant start = Instant.parse("2026-03-01T10:00:00Z");
    MutableClock clock = new MutableClock(start);
    try (StoreBackend store = EmbeddedStoreBackend.open(storeDirectory)) {
      FlowRig rig = FlowRig.of(store, clock, clock::advance, new Tasks(), FlowRig.catalog(60));
      rig.service()
          .createFlow(
              new FlowSpec(
                  "waiter",
                  FlowRig.definition(
                      "{'StartAt':'A','States':{"
                          + "'A':{'Type':'Pass','Result':1,'ResultPath':'$.a','Next':'W'},"
                          + "'W':{'Type':'Wait','Seconds':3600,'Next':'B'},"
                          + "'B':{'Type':'Pass','Parameters':{'a.$':'$.a','at.$':'$$.State.EnteredTime'},'End':true}}}"),
                  null,
                  "Standard",
                  null,
                  null,
                  null,
                  null));
      String name =
          rig.service().startExecution(new StartExecution("waiter", "w1", "{}", null, null)).name();
      rig.dispatcher().runUntilIdle(Duration.ofSeconds(10));
      DescribeExecution ref = new DescribeExecution("waiter", name, null, null);
      assertEquals("Running", rig.service().describeExecution(ref).status());
      assertEquals(start, clock.instant(), "the wait did not pass on the clock: it was suspended");
      assertEquals(
          0, rig.dispatcher().runUntilIdle(Duration.ofSeconds(10)), "not due before its end");

      clock.advance(Duration.ofSeconds(3600));
      rig.dispatcher().runUntilIdle(Duration.ofSeconds(10));
      ExecutionInfo done = rig.service().describeExecution(ref);
      assertEquals("Succeeded", done.status());
      assertEquals(
          Json.parse("{\"a\":1,\"at\":\"2026-03-01T11:00:00.000Z\"}"), Json.parse(done.output()));
      List<Event> events =
          rig.service()
              .getExecutionHistory(new GetExecutionHistory("waiter", name, 1000, null, null))
              .events();
      for (int i = 0; i < events.size(); i++) {
        assertEquals(i + 1, events.get(i).eventId());
      }
      assertEquals(
          List.of(
              "ExecutionStarted",
              "PassStateEntered",
              "PassStateExited",
              "WaitStateEntered",
              "WaitStateExited",
              "PassStateEntered",
              "PassStateExited",
              "ExecutionSucceeded"),
          events.stream().map(Event::type).toList(),
          "the resumed Wait is entered once");
      assertEquals(
          List.of(0L, 0L, 2L, 3L, 4L, 5L, 6L, 7L),
          events.stream().map(Event::scheduleEventId).toList(),
          "each event follows the one before, the first state none (0), as in Step Functions");
    }
  }

  @Test
  void ofManyConcurrentStartsWithOneNameExactlyOneWins() throws Exception {
    try (StoreBackend store = EmbeddedStoreBackend.open(storeDirectory)) {
      FlowRig rig =
          FlowRig.of(store, Clock.systemUTC(), Sleeper.REAL, new Tasks(), FlowRig.catalog(10));
      rig.service()
          .createFlow(
              new FlowSpec(
                  "once",
                  FlowRig.definition("{'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}"),
                  null,
                  "Standard",
                  null,
                  null,
                  null,
                  null));
      int callers = 20;
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(callers);
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<String>> calls = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        calls.add(
            pool.submit(
                () -> {
                  go.await();
                  try {
                    rig.service()
                        .startExecution(new StartExecution("once", "same", "{}", null, null));
                    return "started";
                  } catch (ApiException e) {
                    return e.vendorCode();
                  }
                }));
      }
      go.countDown();
      Map<String, Integer> outcomes = new java.util.TreeMap<>();
      for (var call : calls) {
        outcomes.merge(call.get(), 1, Integer::sum);
      }
      pool.shutdown();
      assertEquals(Map.of("started", 1, "ExecutionAlreadyExists", callers - 1), outcomes);
    }
  }

  @Test
  void anInputOrDefinitionWithTextAfterItsJsonIsRefusedAndPlacedNotQuoted() throws Exception {
    try (StoreBackend store = EmbeddedStoreBackend.open(storeDirectory)) {
      FlowRig rig =
          FlowRig.of(store, Clock.systemUTC(), Sleeper.REAL, new Tasks(), FlowRig.catalog(10));
      String pass = FlowRig.definition("{'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}");
      rig.service().createFlow(new FlowSpec("f", pass, null, "Express", null, null, null, null));
      // Before: the text after the object was ignored and the execution ran.
      ApiException trailing =
          assertThrows(
              ApiException.class,
              () ->
                  rig.service()
                      .startSyncExecution(
                          new StartExecution("f", null, "{\"a\":1} {\"b\":2}", null, null)));
      assertEquals("InvalidArgument", trailing.vendorCode());
      assertEquals(
          "The parameter Input must be one JSON object, with nothing after it"
              + " (line 1, column 9).",
          trailing.getMessage());
      ApiException malformed =
          assertThrows(
              ApiException.class,
              () ->
                  rig.service()
                      .startSyncExecution(
                          new StartExecution("f", null, "{\"a\":\n tru}", null, null)));
      assertEquals(
          "The parameter Input must be one JSON object, with nothing after it (line 2, column 2).",
          malformed.getMessage());
      ApiException definition =
          assertThrows(
              ApiException.class,
              () ->
                  rig.service()
                      .createFlow(
                          new FlowSpec(
                              "g", pass + " junk", null, "Express", null, null, null, null)));
      assertEquals("InvalidArgument", definition.vendorCode());
      assertTrue(
          definition
              .getMessage()
              .startsWith(
                  "The Definition is neither one valid JSON object nor valid YAML (line 1,"),
          definition.getMessage());
      ApiException twoDocuments =
          assertThrows(
              ApiException.class,
              () ->
                  rig.service()
                      .createFlow(
                          new FlowSpec(
                              "g",
                              "StartAt: P\nStates:\n  P: {Type: Pass, End: true}\n---\nx: 1\n",
                              null,
                              "Express",
                              null,
                              null,
                              null,
                              null)));
      assertTrue(
          twoDocuments.getMessage().startsWith("The Definition is neither"),
          twoDocuments.getMessage());
    }
  }

  @Test
  void aNameThatNamesNothingIsQuotedCutShort() throws Exception {
    try (StoreBackend store = EmbeddedStoreBackend.open(storeDirectory)) {
      FlowRig rig =
          FlowRig.of(store, Clock.systemUTC(), Sleeper.REAL, new Tasks(), FlowRig.catalog(10));
      String name = "n".repeat(1_000_000);
      // Before: a 1 MB name was echoed back in a 1 MB message (the envelope cut it to 1024).
      ApiException flow =
          assertThrows(
              ApiException.class,
              () ->
                  rig.service()
                      .startSyncExecution(new StartExecution(name, null, "{}", null, null)));
      assertEquals("FlowNotExists", flow.vendorCode());
      assertEquals("Flow " + "n".repeat(Echo.MAX_LENGTH) + "… does not exist.", flow.getMessage());
      ApiException execution =
          assertThrows(
              ApiException.class,
              () ->
                  rig.service()
                      .describeExecution(
                          new FlowRequests.DescribeExecution(name, name, null, null)));
      assertTrue(
          execution.getMessage().length() < 2 * Echo.MAX_LENGTH + 40, execution.getMessage());
    }
  }

  @Test
  void badExecutionRequestsGetTheVendorsCodes() throws Exception {
    try (StoreBackend store = EmbeddedStoreBackend.open(storeDirectory)) {
      FlowRig rig =
          FlowRig.of(store, Clock.systemUTC(), Sleeper.REAL, new Tasks(), FlowRig.catalog(10));
      rig.service()
          .createFlow(
              new FlowSpec(
                  "f",
                  FlowRig.definition("{'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}"),
                  null,
                  "Express",
                  null,
                  null,
                  null,
                  null));
      assertEquals(
          "InvalidArgument",
          code(
              () ->
                  rig.service()
                      .startSyncExecution(new StartExecution("f", "9lives", "{}", null, null))));
      assertEquals(
          "InvalidArgument",
          code(
              () ->
                  rig.service()
                      .startSyncExecution(new StartExecution("f", null, "[1]", null, null))));
      String big = "{\"x\":\"" + "y".repeat(FlowService.MAX_INPUT_BYTES) + "\"}";
      ApiException tooLarge =
          assertThrows(
              ApiException.class,
              () ->
                  rig.service().startSyncExecution(new StartExecution("f", null, big, null, null)));
      assertEquals("EntityTooLarge", tooLarge.vendorCode());
      assertTrue(tooLarge.getMessage().contains(Integer.toString(FlowService.MAX_INPUT_BYTES)));
      ApiException missing =
          assertThrows(
              ApiException.class,
              () ->
                  rig.service()
                      .startSyncExecution(new StartExecution("nope", null, null, null, null)));
      assertEquals(404, missing.httpStatus());
      assertEquals("FlowNotExists", missing.vendorCode());
      assertEquals(
          "FlowAlreadyExists",
          code(
              () ->
                  rig.service()
                      .createFlow(
                          new FlowSpec(
                              "f",
                              FlowRig.definition(
                                  "{'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}"),
                              null,
                              null,
                              null,
                              null,
                              null,
                              null))));
    }
  }

  private interface Call {
    Object run() throws Exception;
  }

  private static String code(Call call) {
    return assertThrows(ApiException.class, call::run).vendorCode();
  }
}
