package io.taskfn.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskfn.flow.FlowRequests.FlowSpec;
import io.taskfn.flow.FlowRequests.StartExecution;
import io.taskfn.flow.FlowResponses.ExecutionInfo;
import io.taskfn.flow.asl.FlowFailure;
import io.taskfn.flow.asl.Sleeper;
import io.taskfn.flow.asl.TaskInvoker;
import io.taskfn.store.EmbeddedStoreBackend;
import io.taskfn.store.StoreBackend;
import io.taskfn.support.Allocations;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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

  @TempDir Path storeDirectory;

  private StoreBackend store;
  private FlowRig rig;

  /** Task resources: test:echo answers its parameters. */
  static final class Tasks implements TaskInvoker {
    @Override
    public boolean supports(String resource) {
      return resource.startsWith("test:");
    }

    @Override
    public JsonNode invoke(String resource, JsonNode parameters, Duration timeout) {
      if (resource.equals("test:echo")) {
        return parameters;
      }
      throw new FlowFailure("Test.Unknown", resource);
    }
  }

  @BeforeEach
  void start() throws Exception {
    store = EmbeddedStoreBackend.open(storeDirectory);
    rig = FlowRig.of(store, Clock.systemUTC(), Sleeper.REAL, new Tasks(), FlowRig.catalog(60));
    express("pass", "{'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}");
  }

  @AfterEach
  void stop() throws Exception {
    store.close();
  }

  private void express(String name, String definition) {
    rig.service()
        .createFlow(
            new FlowSpec(name, FlowRig.definition(definition), null, "Express", null, null));
  }

  private ExecutionInfo runSync(String flow, String input) throws InterruptedException {
    return rig.service().startSyncExecution(new StartExecution(flow, null, input));
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
}
