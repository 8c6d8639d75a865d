package io.taskfn.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskfn.api.ApiException;
import io.taskfn.dispatch.RetentionSweeper;
import io.taskfn.flow.FlowRequests.DescribeExecution;
import io.taskfn.flow.FlowRequests.FlowSpec;
import io.taskfn.flow.FlowRequests.GetExecutionHistory;
import io.taskfn.flow.FlowRequests.ListExecutions;
import io.taskfn.flow.FlowRequests.StartExecution;
import io.taskfn.flow.FlowRequests.StopExecution;
import io.taskfn.flow.FlowResponses.ExecutionInfo;
import io.taskfn.flow.FlowResponses.ExecutionList;
import io.taskfn.flow.asl.Sleeper;
import io.taskfn.flow.asl.TaskInvoker;
import io.taskfn.store.InMemoryStoreBackend;
import io.taskfn.store.StoreBackend;
import io.taskfn.support.MutableClock;
import io.taskfn.support.TestDispatchConfig;
import io.taskfn.support.TestRetention;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FlowListingAndRetentionTest {

  private static final String PASS =
      "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-08-01T00:00:00Z"));
  private final StoreBackend store = new InMemoryStoreBackend();
  private FlowService service;

  @BeforeEach
  void open() throws Exception {
    service =
        FlowRig.of(store, clock, Sleeper.REAL, TaskInvoker.NONE, FlowRig.catalog(60)).service();
  }

  private ExecutionList list(String status, int limit, String token) {
    return service.listExecutions(
        new ListExecutions("std", limit, token, status, null, null, null, null));
  }

  private static List<String> names(ExecutionList list) {
    return list.executions().stream().map(ExecutionInfo::name).toList();
  }

  @Test
  void executionsAreListedNewestFirstPageByPage() {
    service.createFlow(new FlowSpec("std", PASS, null, "Standard", null, null, null, null));
    for (int i = 1; i <= 5; i++) {
      service.startExecution(new StartExecution("std", "e" + i, null, null, null));
      clock.advance(Duration.ofSeconds(1));
    }
    ExecutionList first = list(null, 2, null);
    assertEquals(List.of("e5", "e4"), names(first));
    ExecutionList second = list(null, 2, first.nextToken());
    assertEquals(List.of("e3", "e2"), names(second));
    ExecutionList last = list(null, 2, second.nextToken());
    assertEquals(List.of("e1"), names(last));
    assertNull(last.nextToken());

    service.stopExecution(new StopExecution("std", "e4", null, null, null));
    assertEquals(List.of("e4"), names(list("Stopped", 10, null)));
    assertEquals(List.of("e5", "e3", "e2", "e1"), names(list("Running", 10, null)));
    ExecutionList prefixed =
        service.listExecutions(new ListExecutions("std", 10, null, null, "e2", null, null, null));
    assertEquals(List.of("e2"), names(prefixed));

    ApiException badToken = assertThrows(ApiException.class, () -> list(null, 2, "not-a-token!"));
    assertEquals("InvalidArgument", badToken.vendorCode());
    assertEquals("NextToken", badToken.target());
  }

  @Test
  void finishedExecutionsAndTheirHistoriesExpireAfterTheRetentionAge() throws Exception {
    service.createFlow(new FlowSpec("express", PASS, null, "Express", null, null, null, null));
    service.createFlow(new FlowSpec("std", PASS, null, "Standard", null, null, null, null));
    String done =
        service.startSyncExecution(new StartExecution("express", "once", null, null, null)).name();
    service.startExecution(new StartExecution("std", "open", null, null, null));
    DescribeExecution doneRef = new DescribeExecution("express", done, null, null);
    assertTrue(
        service
                .getExecutionHistory(new GetExecutionHistory("express", done, null, null, null))
                .events()
                .size()
            > 0);

    RetentionSweeper sweeper =
        new RetentionSweeper(
            store, clock, TestRetention.DEFAULT, new TestDispatchConfig(Duration.ofSeconds(60), 1));
    clock.advance(Duration.ofDays(89));
    assertEquals(0, sweeper.sweep(Duration.ofSeconds(5)));
    clock.advance(Duration.ofDays(1).plusMinutes(1));
    assertEquals(2, sweeper.sweep(Duration.ofSeconds(5)), "the execution and its history");
    ApiException gone = assertThrows(ApiException.class, () -> service.describeExecution(doneRef));
    assertEquals("ExecutionNotExists", gone.vendorCode());
    assertEquals(
        "Running",
        service.describeExecution(new DescribeExecution("std", "open", null, null)).status(),
        "a running execution is kept");
  }
}
