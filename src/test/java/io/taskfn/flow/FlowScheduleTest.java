package io.taskfn.flow;

import static io.taskfn.support.Http.call;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.AcsResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.fnf.model.v20190315.CreateScheduleResponse;
import com.aliyuncs.fnf.model.v20190315.DeleteScheduleResponse;
import com.aliyuncs.fnf.model.v20190315.DescribeScheduleResponse;
import com.aliyuncs.fnf.model.v20190315.ListExecutionsResponse;
import com.aliyuncs.fnf.model.v20190315.ListExecutionsResponse.ExecutionsItem;
import com.aliyuncs.fnf.model.v20190315.ListSchedulesResponse;
import com.aliyuncs.fnf.model.v20190315.ListSchedulesResponse.SchedulesItem;
import com.aliyuncs.fnf.model.v20190315.UpdateScheduleResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.store.StoreBackend;
import io.taskfn.support.AliyunSdkAnswers;
import io.taskfn.support.JobsApi;
import io.taskfn.support.MutableClock;
import io.taskfn.support.TestDispatchConfig;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * CloudFlow's time-based schedules: every answer read with the vendor's SDK models (fnf 1.8.0), the
 * vendor's codes for bad input, and schedules firing under the test clock, once per scheduled time
 * with the payload as the execution's input, across two dispatchers over one store.
 */
@QuarkusTest
class FlowScheduleTest {

  static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
  static final String ECHO =
      "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Result\":1,\"ResultPath\":\"$.a\","
          + "\"End\":true}}}";
  static final String EVERY_MINUTE = "0 * * * * *";

  @Inject Dispatcher dispatcher;
  @Inject MutableClock clock;
  @Inject StoreBackend store;
  @Inject FlowScheduleFirer firer;
  @Inject FlowRepository repository;

  private static String unique(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "");
  }

  private static Map<String, Object> params(Object... pairs) {
    Map<String, Object> map = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }

  private static <T extends AcsResponse> T ok(Class<T> type, String action, Map<String, ?> body)
      throws ClientException {
    return AliyunSdkAnswers.read(type, call(action, body));
  }

  private static ClientException rejected(String action, Map<String, ?> body) {
    return assertThrows(
        ClientException.class,
        () -> AliyunSdkAnswers.read(DeleteScheduleResponse.class, call(action, body)));
  }

  private static String flow() {
    String name = unique("sched");
    createFlow(name, "Standard", ECHO);
    return name;
  }

  private static void createFlow(String name, String mode, String definition) {
    call("CreateFlow", params("Name", name, "Definition", definition, "ExecutionMode", mode))
        .statusCode(200);
  }

  /** The flow's executions, oldest first. */
  private static List<ExecutionsItem> executions(String flow) throws ClientException {
    List<ExecutionsItem> all =
        new java.util.ArrayList<>(
            ok(
                    ListExecutionsResponse.class,
                    "ListExecutions",
                    params("FlowName", flow, "Limit", 100))
                .getExecutions());
    java.util.Collections.reverse(all);
    return all;
  }

  /** Moves the test clock to the next whole minute plus {@code extra}, and dispatches. */
  private Instant fireAt(Duration extra) throws InterruptedException {
    Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    clock.set(minute.plus(extra));
    dispatcher.runUntilIdle(Duration.ofSeconds(30));
    return minute;
  }

  @Test
  void schedulesReadBackFieldByFieldThroughTheSdk() throws Exception {
    String flow = flow();
    CreateScheduleResponse created =
        ok(
            CreateScheduleResponse.class,
            "CreateSchedule",
            params(
                "FlowName", flow,
                "ScheduleName", "nightly",
                "CronExpression", "0 0 2 * * *",
                "Payload", "{\"key\": \"value\"}",
                "Enable", true,
                "Description", "at two",
                "RequestId", "my-create"));
    assertEquals("my-create", created.getRequestId());
    assertEquals("nightly", created.getScheduleName());
    assertEquals("at two", created.getDescription());
    assertEquals("{\"key\": \"value\"}", created.getPayload());
    assertEquals("0 0 2 * * *", created.getCronExpression());
    assertEquals(Boolean.TRUE, created.getEnable());
    assertNotNull(created.getScheduleId());
    assertTrue(created.getCreatedTime().matches(TIME), created.getCreatedTime());
    assertEquals(created.getCreatedTime(), created.getLastModifiedTime());

    DescribeScheduleResponse described =
        ok(
            DescribeScheduleResponse.class,
            "DescribeSchedule",
            params("FlowName", flow, "ScheduleName", "nightly"));
    assertNotNull(described.getRequestId());
    assertEquals(created.getScheduleId(), described.getScheduleId());
    assertEquals("nightly", described.getScheduleName());
    assertEquals("at two", described.getDescription());
    assertEquals("{\"key\": \"value\"}", described.getPayload());
    assertEquals("0 0 2 * * *", described.getCronExpression());
    assertEquals(Boolean.TRUE, described.getEnable());
    assertEquals(created.getCreatedTime(), described.getCreatedTime());

    clock.advance(Duration.ofSeconds(1));
    UpdateScheduleResponse updated =
        ok(
            UpdateScheduleResponse.class,
            "UpdateSchedule",
            params(
                "FlowName", flow,
                "ScheduleName", "nightly",
                "CronExpression", "@every 5m",
                "Payload", "{\"key\": 2}",
                "Enable", false,
                "Description", "changed"));
    assertEquals(created.getScheduleId(), updated.getScheduleId());
    assertEquals("@every 5m", updated.getCronExpression());
    assertEquals("{\"key\": 2}", updated.getPayload());
    assertEquals(Boolean.FALSE, updated.getEnable());
    assertEquals("changed", updated.getDescription());
    assertEquals(created.getCreatedTime(), updated.getCreatedTime());
    assertTrue(updated.getLastModifiedTime().compareTo(created.getLastModifiedTime()) > 0);

    UpdateScheduleResponse unchanged =
        ok(
            UpdateScheduleResponse.class,
            "UpdateSchedule",
            params("FlowName", flow, "ScheduleName", "nightly"));
    assertEquals("@every 5m", unchanged.getCronExpression());
    assertEquals("changed", unchanged.getDescription());
    assertEquals(Boolean.FALSE, unchanged.getEnable());

    for (String name : List.of("c", "a", "b")) {
      call(
              "CreateSchedule",
              params("FlowName", flow, "ScheduleName", name, "CronExpression", EVERY_MINUTE))
          .statusCode(200);
    }
    ListSchedulesResponse first =
        ok(ListSchedulesResponse.class, "ListSchedules", params("FlowName", flow, "Limit", 2));
    assertNotNull(first.getRequestId());
    assertEquals(
        List.of("a", "b"),
        first.getSchedules().stream().map(SchedulesItem::getScheduleName).toList());
    assertEquals("b", first.getNextToken());
    ListSchedulesResponse rest =
        ok(
            ListSchedulesResponse.class,
            "ListSchedules",
            params("FlowName", flow, "Limit", 2, "NextToken", first.getNextToken()));
    assertEquals(
        List.of("c", "nightly"),
        rest.getSchedules().stream().map(SchedulesItem::getScheduleName).toList());
    assertNull(rest.getNextToken());
    SchedulesItem item = rest.getSchedules().get(1);
    assertEquals(created.getScheduleId(), item.getScheduleId());
    assertEquals("changed", item.getDescription());
    assertEquals("{\"key\": 2}", item.getPayload());
    assertEquals("@every 5m", item.getCronExpression());
    assertEquals(Boolean.FALSE, item.getEnable());
    assertEquals(created.getCreatedTime(), item.getCreatedTime());
    assertEquals(updated.getLastModifiedTime(), item.getLastModifiedTime());
    SchedulesItem defaults = rest.getSchedules().get(0);
    assertEquals(Boolean.TRUE, defaults.getEnable(), "enabled unless Enable says otherwise");
    assertNull(defaults.getPayload());

    DeleteScheduleResponse deleted =
        ok(
            DeleteScheduleResponse.class,
            "DeleteSchedule",
            params("FlowName", flow, "ScheduleName", "nightly", "RequestId", "bye"));
    assertEquals("bye", deleted.getRequestId());
    ClientException gone =
        rejected(
            "DescribeSchedule",
            params("FlowName", flow, "ScheduleName", "nightly", "RequestId", "mine-404"));
    assertEquals("ScheduleNotExists", gone.getErrCode());
    assertEquals("The schedule nightly for flow " + flow + " does not exist.", gone.getErrMsg());
    assertEquals("mine-404", gone.getRequestId(), "an error carries the client's RequestId too");
    assertEquals(
        "ScheduleNotExists",
        rejected("DeleteSchedule", params("FlowName", flow, "ScheduleName", "nightly"))
            .getErrCode());
    assertEquals(
        "ScheduleNotExists",
        rejected("UpdateSchedule", params("FlowName", flow, "ScheduleName", "nightly"))
            .getErrCode());
  }

  @Test
  void badInputGetsTheVendorsCodes() {
    String flow = flow();
    call(
            "CreateSchedule",
            params("FlowName", flow, "ScheduleName", "taken", "CronExpression", EVERY_MINUTE))
        .statusCode(200);
    /** A rejection: its code, HTTP status, and what its message names (the parameter). */
    record Case(String code, int status, String named, Map<String, Object> body) {}
    List<Case> cases =
        List.of(
            new Case("MissingRequiredParams", 400, "FlowName", params("ScheduleName", "s")),
            new Case(
                "MissingRequiredParams",
                400,
                "CronExpression",
                params("FlowName", flow, "ScheduleName", "s")),
            new Case(
                "MissingRequiredParams",
                400,
                "ScheduleName",
                params("FlowName", flow, "CronExpression", EVERY_MINUTE)),
            new Case(
                "InvalidArgument",
                400,
                "ScheduleName",
                params("FlowName", flow, "ScheduleName", "9lives", "CronExpression", EVERY_MINUTE)),
            new Case(
                "InvalidArgument",
                400,
                "CronExpression",
                params("FlowName", flow, "ScheduleName", "s", "CronExpression", "every day")),
            new Case(
                "InvalidArgument",
                400,
                "CronExpression",
                params("FlowName", flow, "ScheduleName", "s", "CronExpression", "0 0 0 30 2 ?")),
            new Case(
                "InvalidArgument",
                400,
                "CronExpression",
                params("FlowName", flow, "ScheduleName", "s", "CronExpression", "@every 0m")),
            new Case(
                "InvalidArgument",
                400,
                "Payload",
                params(
                    "FlowName",
                    flow,
                    "ScheduleName",
                    "s",
                    "CronExpression",
                    EVERY_MINUTE,
                    "Payload",
                    "[1]")),
            new Case(
                "FlowNotExists",
                404,
                "does not exist",
                params(
                    "FlowName",
                    unique("none"),
                    "ScheduleName",
                    "s",
                    "CronExpression",
                    EVERY_MINUTE)),
            new Case(
                "ScheduleAlreadyExists",
                409,
                "already exists",
                params("FlowName", flow, "ScheduleName", "taken", "CronExpression", EVERY_MINUTE)));
    for (Case c : cases) {
      ClientException e = rejected("CreateSchedule", c.body());
      assertEquals(c.code(), e.getErrCode(), c.toString());
      assertTrue(e.getErrMsg().contains(c.named()), e.getErrMsg());
      call("CreateSchedule", c.body()).statusCode(c.status());
    }
    assertEquals(
        "InvalidArgument",
        rejected("ListSchedules", params("FlowName", flow, "Limit", 1001)).getErrCode());
    assertEquals(
        "InvalidArgument",
        rejected("ListSchedules", params("FlowName", flow, "NextToken", "not a token"))
            .getErrCode());
    assertEquals(
        "InvalidArgument",
        rejected(
                "UpdateSchedule",
                params("FlowName", flow, "ScheduleName", "taken", "CronExpression", "* *"))
            .getErrCode());
    call("ListExecutions", params("FlowName", flow, "Limit", 100)).statusCode(200);
    ClientException tooMany = rejected("ListExecutions", params("FlowName", flow, "Limit", 101));
    assertEquals("InvalidArgument", tooMany.getErrCode());
    assertEquals("The parameter Limit must be between 1 and 100.", tooMany.getErrMsg());
  }

  @Test
  void aScheduleStartsTheFlowOncePerTimeWithItsPayload() throws Exception {
    String flow = flow();
    String scheduleId =
        ok(
                CreateScheduleResponse.class,
                "CreateSchedule",
                params(
                    "FlowName",
                    flow,
                    "ScheduleName",
                    "every_minute",
                    "CronExpression",
                    EVERY_MINUTE,
                    "Payload",
                    "{\"k\":1}"))
            .getScheduleId();
    call(
            "CreateSchedule",
            params(
                "FlowName",
                flow,
                "ScheduleName",
                "off",
                "CronExpression",
                EVERY_MINUTE,
                "Enable",
                false))
        .statusCode(200);
    clock.advance(Duration.ofSeconds(1));
    dispatcher.runUntilIdle(Duration.ofSeconds(30));
    assertEquals(List.of(), executions(flow), "not before its time");

    Instant firstMinute = fireAt(Duration.ofSeconds(1));
    dispatcher.runUntilIdle(Duration.ofSeconds(30));
    List<ExecutionsItem> once = executions(flow);
    assertEquals(1, once.size(), "once for its time, and the disabled schedule not at all");
    ExecutionsItem first = once.get(0);
    assertEquals(
        "schedule_" + scheduleId.replace("-", "") + "_" + firstMinute.toEpochMilli(),
        first.getName());
    assertEquals("{\"k\":1}", first.getInput());
    assertEquals("Succeeded", first.getStatus());
    assertEquals("{\"k\":1,\"a\":1}", first.getOutput());

    // Down for three and a half minutes: one late fire, then on from now.
    Instant late = fireAt(Duration.ofMinutes(3).plusSeconds(30));
    assertEquals(2, executions(flow).size(), "the missed times fire once, late");
    fireAt(Duration.ZERO);
    assertEquals(3, executions(flow).size());
    assertTrue(late.isAfter(firstMinute));

    // Disabled: no more fires; enabled again: fires from the next time on.
    call(
            "UpdateSchedule",
            params("FlowName", flow, "ScheduleName", "every_minute", "Enable", false))
        .statusCode(200);
    fireAt(Duration.ZERO);
    assertEquals(3, executions(flow).size(), "a disabled schedule does not fire");
    call(
            "UpdateSchedule",
            params(
                "FlowName",
                flow,
                "ScheduleName",
                "every_minute",
                "Enable",
                true,
                "Payload",
                "{\"k\":2}"))
        .statusCode(200);
    fireAt(Duration.ZERO);
    List<ExecutionsItem> after = executions(flow);
    assertEquals(4, after.size());
    assertEquals("{\"k\":2}", after.get(3).getInput(), "the payload as it is at the fire");
  }

  @Test
  void aFireRunAgainForTheSameTimeFindsTheExecutionItStarted() throws Exception {
    String flow = flow();
    call(
            "CreateSchedule",
            params("FlowName", flow, "ScheduleName", "again", "CronExpression", EVERY_MINUTE))
        .statusCode(200);
    FlowSchedule schedule = repository.findSchedule(flow, "again").orElseThrow();
    Instant fireTime = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    // As if its server died after starting the execution and before letting go of the schedule.
    firer.fire(schedule, fireTime);
    firer.fire(schedule, fireTime);
    dispatcher.runUntilIdle(Duration.ofSeconds(30));
    assertEquals(1, executions(flow).size());
  }

  @Test
  void twoDispatchersOverOneStoreFireEachTimeOnce() throws Exception {
    String flow = flow();
    call(
            "CreateSchedule",
            params("FlowName", flow, "ScheduleName", "shared", "CronExpression", EVERY_MINUTE))
        .statusCode(200);
    Dispatcher other =
        new Dispatcher(
            store, clock, new TestDispatchConfig(Duration.ofSeconds(30), 4), List.of(firer));
    ExecutorService both = Executors.newFixedThreadPool(2);
    try {
      for (int minute = 0; minute < 3; minute++) {
        Instant next = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        clock.set(next);
        Callable<Integer> here = () -> dispatcher.runUntilIdle(Duration.ofSeconds(30));
        Callable<Integer> there = () -> other.runUntilIdle(Duration.ofSeconds(30));
        List<Future<Integer>> runs = both.invokeAll(List.of(here, there));
        for (Future<Integer> run : runs) {
          run.get();
        }
      }
      dispatcher.runUntilIdle(Duration.ofSeconds(30));
      List<ExecutionsItem> started = executions(flow);
      assertEquals(3, started.size(), "one execution per scheduled time, whoever fired it");
      assertEquals(3, started.stream().map(ExecutionsItem::getName).distinct().count());
    } finally {
      both.shutdownNow();
    }
  }

  @Test
  void deletingAFlowTakesItsSchedulesWithItAndANewFlowOfTheNameHasNone() throws Exception {
    String flow = flow();
    call(
            "CreateSchedule",
            params("FlowName", flow, "ScheduleName", "old", "CronExpression", EVERY_MINUTE))
        .statusCode(200);
    call("DeleteFlow", params("Name", flow)).statusCode(200);
    assertEquals(
        "FlowNotExists",
        rejected("DescribeSchedule", params("FlowName", flow, "ScheduleName", "old")).getErrCode());
    call("CreateFlow", params("Name", flow, "Definition", ECHO, "ExecutionMode", "Standard"))
        .statusCode(200);
    assertEquals(
        List.of(),
        ok(ListSchedulesResponse.class, "ListSchedules", params("FlowName", flow)).getSchedules());
    assertEquals(
        "ScheduleNotExists",
        rejected("DescribeSchedule", params("FlowName", flow, "ScheduleName", "old")).getErrCode());
    fireAt(Duration.ZERO);
    assertEquals(List.of(), executions(flow), "the old flow's schedule fires no more");
    String newId =
        ok(
                CreateScheduleResponse.class,
                "CreateSchedule",
                params("FlowName", flow, "ScheduleName", "old", "CronExpression", EVERY_MINUTE))
            .getScheduleId();
    call("DescribeSchedule", params("FlowName", flow, "ScheduleName", "old"))
        .statusCode(200)
        .body("ScheduleId", equalTo(newId));
    assertNotEquals(null, newId);
  }

  @Test
  void aFlowThatSchedulesItselfStopsFiveSchedulesDeep() throws Exception {
    String flow = unique("selfsched");
    createFlow(
        flow,
        "Standard",
        "{\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Task\","
            + "\"Resource\":\"taskfn:function:CreateSchedule\",\"Parameters\":{"
            + "\"FlowName\":\""
            + flow
            + "\",\"ScheduleName.$\":\"$$.Execution.Name\",\"CronExpression\":\""
            + EVERY_MINUTE
            + "\"},\"End\":true}}}");
    call("StartExecution", params("FlowName", flow, "ExecutionName", "root")).statusCode(200);
    dispatcher.runUntilIdle(Duration.ofSeconds(30));
    // Before: each fire started at depth 0, so every run made one more schedule, for good.
    for (int fire = 1; fire <= 5; fire++) {
      fireAt(Duration.ofSeconds(1));
    }
    List<ExecutionsItem> all = executions(flow);
    List<ExecutionsItem> failed = all.stream().filter(e -> e.getStatus().equals("Failed")).toList();
    assertEquals(1, failed.size(), "only the run five schedules deep fails");
    call("ListExecutions", params("FlowName", flow, "Status", "Failed"))
        .statusCode(200)
        .body("Executions[0].ErrorCode", equalTo("taskfn.CreateSchedule.InvalidArgument"))
        .body("Executions[0].ErrorMessage", org.hamcrest.Matchers.containsString("at most 5 deep"));
    for (int fire = 6; fire <= 7; fire++) {
      fireAt(Duration.ofSeconds(1));
    }
    List<ExecutionsItem> later = executions(flow);
    assertTrue(
        later.stream().filter(e -> e.getStatus().equals("Failed")).count() > 1,
        "the schedules five deep go on failing, starting nothing");
  }

  @Test
  void aFlowThatMakesAScheduledJobOfItselfStopsFiveRunsDeep() throws Exception {
    String flow = unique("selfjob");
    String namespace = JobsApi.namespaceWithGroup("g");
    createFlow(
        flow,
        "Express",
        "{\"StartAt\":\"J\",\"States\":{\"J\":{\"Type\":\"Task\","
            + "\"Resource\":\"taskfn:function:CreateJob\",\"Parameters\":{"
            + "\"Namespace\":\""
            + namespace
            + "\",\"GroupId\":\"g\",\"Name.$\":\"$$.Execution.Name\","
            + "\"JobType\":\"flow\",\"TimeType\":3,\"TimeExpression\":\"60\","
            + "\"XAttrs\":\"{\\\"flowName\\\":\\\""
            + flow
            + "\\\"}\"},\"End\":true}}}");
    call("StartSyncExecution", params("FlowName", flow))
        .statusCode(200)
        .body("Status", equalTo("Succeeded"));
    // Before: each fire queued its instance at depth 0, so every run made one more job, for good.
    for (int fire = 1; fire <= 6; fire++) {
      clock.set(clock.instant().plus(Duration.ofSeconds(61)));
      dispatcher.runUntilIdle(Duration.ofSeconds(30));
    }
    List<Integer> jobIds =
        call("ListJobs", params("Namespace", namespace, "GroupId", "g", "PageSize", 100))
            .statusCode(200)
            .extract()
            .path("Data.Jobs.JobId");
    List<String> failures = new java.util.ArrayList<>();
    for (int jobId : jobIds) {
      List<String> results =
          call(
                  "GetJobInstanceList",
                  params(
                      "Namespace",
                      namespace,
                      "GroupId",
                      "g",
                      "JobId",
                      jobId,
                      "PageSize",
                      100,
                      "Status",
                      5))
              .statusCode(200)
              .extract()
              .path("Data.JobInstanceDetails.Result");
      failures.addAll(results);
    }
    assertTrue(!failures.isEmpty(), jobIds.size() + " jobs, no failed instance");
    assertTrue(failures.stream().allMatch(r -> r.contains("at most 5 deep")), failures.toString());
  }
}
