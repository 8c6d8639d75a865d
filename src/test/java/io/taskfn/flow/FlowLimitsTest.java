package io.taskfn.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskfn.api.ApiException;
import io.taskfn.flow.FlowRequests.DescribeExecution;
import io.taskfn.flow.FlowRequests.FlowSpec;
import io.taskfn.flow.FlowRequests.GetExecutionHistory;
import io.taskfn.flow.FlowRequests.StartExecution;
import io.taskfn.flow.FlowResponses.Event;
import io.taskfn.flow.FlowResponses.ExecutionInfo;
import io.taskfn.flow.FlowResponses.History;
import io.taskfn.flow.asl.ExecutionRun;
import io.taskfn.flow.asl.FlowFailure;
import io.taskfn.flow.asl.Json;
import io.taskfn.flow.asl.Sleeper;
import io.taskfn.flow.asl.TaskInvoker;
import io.taskfn.store.EmbeddedStoreBackend;
import io.taskfn.store.StoreBackend;
import io.taskfn.support.Allocations;
import io.taskfn.support.CountingStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7: no flow can take the server down. Each test runs what used to exhaust memory, threads or
 * a core, and checks that the answer comes in the vendor's terms, that the run's work has ended,
 * and that the next request is served.
 */
class FlowLimitsTest {

  /** Step Functions runs at most 40 iterations of an inline Map at once. */
  private static final int INLINE_MAP_CONCURRENCY = 40;

  @TempDir Path storeDirectory;

  private StoreBackend store;
  private FlowRig rig;
  private final Tasks tasks = new Tasks();

  /**
   * Task resources: test:echo answers its parameters; test:gate holds each call until {@code gate}
   * calls are in flight together (then lets all through); test:block waits until interrupted.
   */
  final class Tasks implements TaskInvoker {
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger mostInFlight = new AtomicInteger();
    final AtomicInteger mostBusyThreads = new AtomicInteger();
    final AtomicInteger interrupted = new AtomicInteger();
    volatile CountDownLatch gate = new CountDownLatch(0);

    @Override
    public boolean supports(String resource) {
      return resource.startsWith("test:");
    }

    @Override
    public JsonNode invoke(
        String resource, JsonNode parameters, Duration timeout, ExecutionRun caller)
        throws InterruptedException {
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      mostBusyThreads.accumulateAndGet(rig.runner().busyThreads(), Math::max);
      try {
        switch (resource) {
          case "test:echo" -> {}
          case "test:gate" -> {
            gate.countDown();
            gate.await(10, TimeUnit.SECONDS);
          }
          case "test:block" -> {
            try {
              new CountDownLatch(1).await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              interrupted.incrementAndGet();
              throw e;
            }
          }
          default -> throw new FlowFailure("Test.Unknown", resource);
        }
        return parameters;
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  @BeforeEach
  void start() throws Exception {
    store = EmbeddedStoreBackend.open(storeDirectory);
    rig = rig(TestFlowConfig.DEFAULT);
    express("pass", "{'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}");
  }

  private FlowRig rig(FlowConfig config) throws Exception {
    return FlowRig.of(store, Clock.systemUTC(), Sleeper.REAL, tasks, FlowRig.catalog(60), config);
  }

  @AfterEach
  void stop() throws Exception {
    store.close();
  }

  /**
   * The run's threads have all ended and are parked: polled for at most five seconds after the
   * answer.
   */
  private void runThreadsEnd() {
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (rig.runner().busyThreads() > 0 && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    assertEquals(0, rig.runner().busyThreads(), "flow threads still busy after the answer");
    noFlowThreadRuns();
  }

  private void express(String name, String definition) {
    rig.service()
        .createFlow(
            new FlowSpec(
                name, FlowRig.definition(definition), null, "Express", null, null, null, null));
  }

  private ExecutionInfo runSync(String flow, String input) throws InterruptedException {
    return rig.service().startSyncExecution(new StartExecution(flow, null, input, null, null));
  }

  /** The server still answers: a one-state flow runs to success. */
  private void nextRequestIsServed() throws InterruptedException {
    assertEquals("Succeeded", runSync("pass", "{}").status());
  }

  @Test
  void aLoopThatNeverEndsFailsAtTheHistoryQuota() throws Exception {
    express(
        "loop",
        "{'StartAt':'A','States':{'A':{'Type':'Pass','Next':'C'},"
            + "'C':{'Type':'Choice','Choices':[{'Variable':'$.done','BooleanEquals':true,"
            + "'Next':'E'}],'Default':'A'},'E':{'Type':'Succeed'}}}");
    long allocated = Allocations.total();
    ExecutionInfo info =
        runSync("loop", "{\"done\":false,\"data\":\"" + "x".repeat(100_000) + "\"}");
    allocated = Allocations.total() - allocated;
    assertEquals("Failed", info.status());
    assertEquals("States.Runtime", info.errorCode());
    assertEquals(
        "The execution reached the maximum number of history events (25000).", info.errorMessage());
    // Before: 2.5 million events and 2 GB allocated in 2 s, until the heap ran out.
    assertTrue(allocated < 200L << 20, "the run allocated " + (allocated >> 20) + " MB");
    nextRequestIsServed();
  }

  private static String items(int count) {
    return "{\"items\":[" + "1,".repeat(count - 1) + "1]}";
  }

  @Test
  void aMapOfTasksWithoutMaxConcurrencyRunsFortyAtATime() throws Exception {
    express(
        "wide",
        "{'StartAt':'M','States':{'M':{'Type':'Map','ItemsPath':'$.items','ItemProcessor':{"
            + "'StartAt':'T','States':{'T':{'Type':'Task','Resource':'test:gate','End':true}}},"
            + "'ResultSelector':{'n.$':'States.ArrayLength($)'},'End':true}}}");
    tasks.gate = new CountDownLatch(INLINE_MAP_CONCURRENCY);
    // Before: one thread per item, 8,471 threads for 3,000 items.
    ExecutionInfo info = runSync("wide", items(3_000));
    assertEquals("Succeeded", info.status(), info.errorMessage());
    assertEquals("{\"n\":3000}", info.output());
    assertEquals(INLINE_MAP_CONCURRENCY, tasks.mostInFlight.get());
    assertTrue(
        tasks.mostBusyThreads.get() <= INLINE_MAP_CONCURRENCY + 1,
        "flow threads busy at once: " + tasks.mostBusyThreads);
    runThreadsEnd();
    nextRequestIsServed();
  }

  @Test
  void nestedFanOutsShareAFewThreadsWithoutDeadlock() throws Exception {
    rig = rig(new TestFlowConfig(4, 2, 10_000));
    express(
        "nested",
        "{'StartAt':'P','States':{'P':{'Type':'Parallel','Branches':["
            + "{'StartAt':'M','States':{'M':{'Type':'Map','ItemsPath':'$.items','ItemProcessor':{"
            + "'StartAt':'T','States':{'T':{'Type':'Task','Resource':'test:echo','End':true}}},"
            + "'End':true}}},"
            + "{'StartAt':'N','States':{'N':{'Type':'Map','ItemsPath':'$.items','ItemProcessor':{"
            + "'StartAt':'U','States':{'U':{'Type':'Task','Resource':'test:echo','End':true}}},"
            + "'End':true}}}],"
            + "'ResultSelector':{'a.$':'States.ArrayLength($[0])','b.$':'States.ArrayLength($[1])'},"
            + "'End':true}}}");
    ExecutionInfo info = runSync("nested", items(200));
    assertEquals("Succeeded", info.status(), info.errorMessage());
    assertEquals("{\"a\":200,\"b\":200}", info.output());
    assertTrue(tasks.mostBusyThreads.get() <= 3, "busy: " + tasks.mostBusyThreads);
    runThreadsEnd();
  }

  @Test
  void aTimedOutRunStopsItsBranchesAndExpressions() throws Exception {
    express(
        "stuck",
        "{'TimeoutSeconds':1,'StartAt':'P','States':{'P':{'Type':'Parallel','Branches':["
            + "{'StartAt':'B','States':{'B':{'Type':'Task','Resource':'test:block','End':true}}},"
            + "{'QueryLanguage':'JSONata','StartAt':'J','States':{'J':{'Type':'Pass',"
            + "'Output':'{% $sum($map($range(1,10000), function($v){ $v * 2 })) %}',"
            + "'Next':'C'},'C':{'Type':'Choice','Choices':[{'Condition':'{% false %}','Next':'E'}],"
            + "'Default':'J'},'E':{'Type':'Succeed'}}},"
            + "{'StartAt':'D','States':{'D':{'Type':'Task','Resource':'test:block','End':true}}}"
            + "],'End':true}}}");
    // Before: a run went on computing after it answered TimedOut, keeping a core busy for good.
    ExecutionInfo info = runSync("stuck", "{}");
    assertEquals("TimedOut", info.status());
    assertEquals("States.Timeout", info.errorCode());
    runThreadsEnd();
    assertEquals(2, tasks.interrupted.get(), "both blocked tasks were interrupted");
    nextRequestIsServed();
  }

  @Test
  void aMapOfMapsStopsAtTheHistoryQuota() throws Exception {
    express(
        "square",
        "{'StartAt':'M','States':{'M':{'Type':'Map','ItemsPath':'$.items',"
            + "'ItemSelector':{'items.$':'$$.Execution.Input.items'},'ItemProcessor':{"
            + "'StartAt':'N','States':{'N':{'Type':'Map','ItemsPath':'$.items','ItemProcessor':{"
            + "'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}},'End':true}}},"
            + "'End':true}}}");
    long allocated = Allocations.total();
    // Before: 1,000 x 1,000 iterations allocated 2.07 GB.
    ExecutionInfo info = runSync("square", items(1_000));
    allocated = Allocations.total() - allocated;
    assertEquals("Failed", info.status());
    assertEquals("States.Runtime", info.errorCode());
    assertTrue(allocated < 200L << 20, "the run allocated " + (allocated >> 20) + " MB");
    nextRequestIsServed();
  }

  @Test
  void theResultsOfAMapTogetherStayWithinAPayload() throws Exception {
    express(
        "fat",
        "{'StartAt':'M','States':{'M':{'Type':'Map','ItemsPath':'$.items',"
            + "'ToleratedFailurePercentage':100,"
            + "'ItemSelector':{'s.$':'$$.Execution.Input.big'},'ItemProcessor':{"
            + "'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}},'End':true}}}");
    String input = "{\"big\":\"" + "x".repeat(10_000) + "\"," + items(100).substring(1);
    ExecutionInfo info = runSync("fat", input);
    assertEquals("Failed", info.status());
    assertEquals("States.DataLimitExceeded", info.errorCode());
  }

  @Test
  void aStandardLoopEndsAtItsTransitionLimitHavingWrittenLittle() throws Exception {
    CountingStore counting = new CountingStore(store);
    int limit = 500;
    rig =
        FlowRig.of(
            counting,
            Clock.systemUTC(),
            Sleeper.REAL,
            tasks,
            FlowRig.catalog(60),
            new TestFlowConfig(64, 64, limit));
    rig.service()
        .createFlow(
            new FlowSpec(
                "forever",
                FlowRig.definition(
                    "{'StartAt':'A','States':{'A':{'Type':'Pass','Next':'C'},"
                        + "'C':{'Type':'Choice','Choices':[{'Variable':'$.done',"
                        + "'BooleanEquals':true,'Next':'E'}],'Default':'A'},"
                        + "'E':{'Type':'Succeed'}}}"),
                null,
                "Standard",
                null,
                null,
                null,
                null));
    String name =
        rig.service()
            .startExecution(new StartExecution("forever", "loop", "{\"done\":false}", null, null))
            .name();
    rig.dispatcher().runUntilIdle(Duration.ofSeconds(60));
    ExecutionInfo info =
        rig.service().describeExecution(new DescribeExecution("forever", name, null, null));
    assertEquals("Failed", info.status());
    assertEquals("States.Runtime", info.errorCode());
    assertEquals(
        "The execution reached the maximum number of state transitions (500).",
        info.errorMessage());
    // Before: each checkpoint rewrote the whole history, 57 MB/s for as long as the loop ran.
    long perTransition = counting.writtenChars() / limit;
    assertTrue(perTransition < 10_000, perTransition + " characters written per state");
    List<Event> first =
        rig.service()
            .getExecutionHistory(new GetExecutionHistory("forever", name, 1000, null, null))
            .events();
    History rest =
        rig.service()
            .getExecutionHistory(
                new GetExecutionHistory("forever", name, 1000, Long.toString(first.size()), null));
    assertEquals(1000, first.size());
    assertEquals(2, rest.events().size(), "ExecutionStarted, 500 states entered and exited");
    assertEquals("ExecutionFailed", rest.events().get(1).type());
    assertEquals(1002, rest.events().get(1).eventId());
  }

  /** The vendor's code and message for a CreateFlow of this definition, which is refused. */
  private String refused(String definition) {
    ApiException e =
        assertThrows(
            ApiException.class,
            () ->
                rig.service()
                    .createFlow(
                        new FlowSpec(
                            "refused", definition, null, "Express", null, null, null, null)));
    return e.vendorCode() + ": " + e.getMessage();
  }

  /** A one-state Pass machine in the given query language, with {@code field} set to a value. */
  private static String passWith(String language, String field, JsonNode value) {
    ObjectNode machine = Json.object().put("QueryLanguage", language).put("StartAt", "P");
    machine
        .putObject("States")
        .putObject("P")
        .put("Type", "Pass")
        .put("End", true)
        .set(field, value);
    return Json.write(machine);
  }

  private static String passWith(String field, String value) {
    return passWith("JSONPath", field, Json.NODES.textNode(value));
  }

  @Test
  void definitionsThatWouldOverflowTheStackAreRefusedAtCreateFlow() {
    // Before: each of these answered 500 (a StackOverflowError) at CreateFlow.
    String deepIntrinsic =
        "States.ArrayLength(States.Array(".repeat(2_500) + "1" + "))".repeat(2_500);
    assertTrue(
        refused(passWith("JSONPath", "Parameters", Json.object().put("n.$", deepIntrinsic)))
            .contains("more than 10 intrinsic functions"));
    for (String expression :
        new String[] {"(".repeat(3_000) + "1" + ")".repeat(3_000), "1" + "+1".repeat(5_000)}) {
      assertTrue(
          refused(passWith("JSONata", "Output", Json.NODES.textNode("{% " + expression + " %}")))
              .contains("too complex"));
    }
    assertTrue(refused(passWith("InputPath", "$" + "[0]".repeat(5_000))).contains("steps"));
    assertTrue(refused(passWith("ResultPath", "$" + ".a".repeat(5_000))).contains("steps"));
    String nestedMaps = "{'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}";
    for (int i = 0; i < 40; i++) {
      nestedMaps =
          "{'StartAt':'M','States':{'M':{'Type':'Map','ItemProcessor':"
              + nestedMaps
              + ",'End':true}}}";
    }
    assertTrue(refused(FlowRig.definition(nestedMaps)).contains("nest more than 32"));
    String tooLong = refused(passWith("Comment", "x".repeat(1 << 20)));
    assertTrue(tooLong.startsWith("InvalidArgument") && tooLong.contains("longer than 1048576"));
  }

  @Test
  void whatCreateFlowAcceptsRunsToAnAnswer() throws Exception {
    String tenDeep = "States.ArrayLength(States.Array(".repeat(5) + "1" + "))".repeat(5);
    rig.service()
        .createFlow(
            new FlowSpec(
                "ten",
                passWith("JSONPath", "Parameters", Json.object().put("n.$", tenDeep)),
                null,
                "Express",
                null,
                null,
                null,
                null));
    assertEquals("{\"n\":1}", runSync("ten", "{}").output());
    rig.service()
        .createFlow(
            new FlowSpec(
                "recursion",
                passWith(
                    "JSONata",
                    "Output",
                    Json.NODES.textNode(
                        "{% ($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000)) %}")),
                null,
                "Express",
                null,
                null,
                null,
                null));
    // Before: a StackOverflowError, answered 500.
    ExecutionInfo info = runSync("recursion", "{}");
    assertEquals("Failed", info.status());
    assertEquals("States.QueryEvaluationError", info.errorCode());
    express(
        "wrapping",
        "{'StartAt':'W','States':{'W':{'Type':'Pass','Parameters':{'x.$':'$'},'Next':'C'},"
            + "'C':{'Type':'Choice','Choices':[{'Variable':'$.stop','IsPresent':true,"
            + "'Next':'E'}],'Default':'W'},'E':{'Type':'Succeed'}}}");
    // Each state nests the data one level deeper, until no JSON library could write it.
    ExecutionInfo deep = runSync("wrapping", "{}");
    assertEquals("Failed", deep.status());
    assertEquals("States.DataLimitExceeded", deep.errorCode());
    ApiException deepInput =
        assertThrows(
            ApiException.class,
            () -> runSync("pass", "{\"a\":" + "[".repeat(950) + "]".repeat(950) + "}"));
    assertEquals("InvalidArgument", deepInput.vendorCode());
    nextRequestIsServed();
  }

  /**
   * Within five seconds of the answer the flow threads are all parked, none running: the run's work
   * has ended, not merely been answered for.
   */
  private static void noFlowThreadRuns() {
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    List<String> running = runningFlowThreads();
    while (!running.isEmpty() && System.nanoTime() < until) {
      Thread.onSpinWait();
      running = runningFlowThreads();
    }
    assertEquals(List.of(), running, "flow threads still running after the answer");
  }

  private static List<String> runningFlowThreads() {
    return Arrays.stream(
            ManagementFactory.getThreadMXBean()
                .getThreadInfo(ManagementFactory.getThreadMXBean().getAllThreadIds()))
        .filter(
            t ->
                t != null
                    && t.getThreadName().startsWith("taskfn-flow-")
                    && t.getThreadState() == Thread.State.RUNNABLE)
        .map(ThreadInfo::getThreadName)
        .toList();
  }

  @Test
  void expressionBombsAnswerAndLeaveNoRunThreadWorking() throws Exception {
    // Before: each answered TimedOut after 59 s and left a core at 100% for good.
    String[][] bombs = {
      {"JSONata", "($f := function($n){ $f($n + 1) }; $f(0))", "{}"},
      {"JSONata", "$pad('', 500000000, 'x')", "{}"},
      {"JSONata", "$count($range(1, 100000000))", "{}"},
      {"JSONata", "$string($map($range(1, 3000000), function($v){ $v }))", "{}"},
      {"JSONPath", "States.MathAdd($.n, 1)", "{\"n\":1e500000000}"},
    };
    for (String[] bomb : bombs) {
      String flow = "bomb" + bomb[1].hashCode();
      ObjectNode machine = Json.object().put("QueryLanguage", bomb[0]).put("StartAt", "P");
      ObjectNode pass = machine.putObject("States").putObject("P").put("Type", "Pass");
      pass.put("End", true);
      if (bomb[0].equals("JSONata")) {
        pass.put("Output", "{% " + bomb[1] + " %}");
      } else {
        pass.putObject("Parameters").put("r.$", bomb[1]);
      }
      rig.service()
          .createFlow(
              new FlowSpec(flow, Json.write(machine), null, "Express", null, null, null, null));
      long allocated = Allocations.total();
      ExecutionInfo info = runSync(flow, bomb[2]);
      allocated = Allocations.total() - allocated;
      assertEquals("Failed", info.status(), bomb[1]);
      assertTrue(
          info.errorCode().equals("States.QueryEvaluationError")
              || info.errorCode().equals("States.IntrinsicFailure")
              || info.errorCode().equals("States.DataLimitExceeded"),
          bomb[1] + ": " + info.errorCode() + " " + info.errorMessage());
      assertTrue(allocated < 300L << 20, bomb[1] + " allocated " + (allocated >> 20) + " MB");
      runThreadsEnd();
    }
    express(
        "wildcards",
        "{'StartAt':'C','States':{'C':{'Type':'Choice','Choices':[{'Variable':'$.s',"
            + "'StringMatches':'"
            + "*a".repeat(30)
            + "b','Next':'Y'}],'Default':'N'},'Y':{'Type':'Succeed'},'N':{'Type':'Succeed'}}}");
    ExecutionInfo matched = runSync("wildcards", "{\"s\":\"" + "a".repeat(3_000) + "\"}");
    assertEquals("Succeeded", matched.status());
    runThreadsEnd();
    nextRequestIsServed();
  }
}
