package io.taskfn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskfn.support.RecordingEndpoint;
import io.taskfn.support.ServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged servers over one shared store, as a fleet: work sent to either is run by one of them
 * exactly once, cron fires happen once per time, and a server killed mid-attempt leaves its work
 * (job instances, a Standard flow execution) to the other. Each store's test says how to make a
 * new, empty store and how a server opens it.
 */
abstract class FleetChecks {

  @TempDir Path logs;

  /** A new, empty store named after {@code name}, as the servers' properties will name it. */
  protected abstract String newStore(String name) throws Exception;

  /** The properties that open {@code store}. */
  protected abstract Map<String, String> storeProperties(String store);

  /**
   * How long a claim holds: short, so that the test sees a dead server's work taken over in
   * seconds, yet longer than a store round trip on a loaded machine.
   */
  protected String lease() {
    return "4s";
  }

  /** How many instances the burst test sends. */
  protected abstract int instances();

  private ServerProcess server(String store) throws Exception {
    Map<String, String> properties = new HashMap<>(storeProperties(store));
    properties.put("taskfn.dispatch.lease", lease());
    String workers = System.getProperty("fleet.workers");
    if (workers != null) {
      properties.put("taskfn.dispatch.workers", workers);
    }
    return ServerProcess.start(logs, properties);
  }

  private static long createJob(
      ServerProcess server, String name, int timeType, String cron, String url) throws Exception {
    Map<String, Object> spec = new HashMap<>();
    spec.putAll(
        Map.of(
            "Namespace",
            "fleet",
            "GroupId",
            "g",
            "Name",
            name,
            "JobType",
            "http",
            "TimeType",
            timeType,
            "MaxConcurrency",
            1000,
            "MaxAttempt",
            1,
            "AttemptInterval",
            1,
            "XAttrs",
            "{\"url\":\"" + url + "\"}"));
    if (cron != null) {
      spec.put("TimeExpression", cron);
    }
    return server.call("CreateJob", spec).path("Data").path("JobId").asLong();
  }

  /** Time allowed to send the burst and again to finish it: 5 minutes, more for big bursts. */
  private static long minutesFor(int instances) {
    return Math.max(5, instances / 1_000);
  }

  private static long total(ServerProcess server, long jobId, int status) throws Exception {
    JsonNode list =
        server.call(
            "GetJobInstanceList",
            Map.of(
                "Namespace",
                "fleet",
                "GroupId",
                "g",
                "JobId",
                jobId,
                "Status",
                status,
                "PageSize",
                1));
    return list.path("Data").path("Total").asLong();
  }

  private static String statuses(ServerProcess server, long jobId) throws Exception {
    StringBuilder out = new StringBuilder("by status:");
    for (int status : List.of(1, 3, 4, 5, 9)) {
      out.append(' ').append(status).append('=').append(total(server, jobId, status));
    }
    return out.toString();
  }

  private static void namespace(ServerProcess server) throws Exception {
    server.call("CreateNamespace", Map.of("Name", "fleet", "Uid", "fleet"));
    server.call("CreateAppGroup", Map.of("Namespace", "fleet", "GroupId", "g", "AppName", "g"));
  }

  @Test
  void twoServersRunEveryInstanceOnceAndFireEachCronTimeOnce() throws Exception {
    String store = newStore("fleet_once");
    try (RecordingEndpoint endpoint = new RecordingEndpoint();
        ServerProcess first = server(store);
        ServerProcess second = server(store)) {
      namespace(first);
      long jobId = createJob(first, "burst", 100, null, endpoint.url());
      int instances = instances();
      long started = System.nanoTime();
      ExecutorService callers = Executors.newFixedThreadPool(8);
      List<Future<?>> calls = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        ServerProcess target = c % 2 == 0 ? first : second;
        calls.add(
            callers.submit(
                () -> {
                  for (int i = 0; i < instances / 8; i++) {
                    target.call(
                        "ExecuteJob", Map.of("Namespace", "fleet", "GroupId", "g", "JobId", jobId));
                  }
                  return null;
                }));
      }
      for (Future<?> call : calls) {
        call.get(minutesFor(instances), TimeUnit.MINUTES);
      }
      callers.shutdown();
      double sent = (System.nanoTime() - started) / 1e9;
      long cron = createJob(second, "every-second", 1, "* * * * * ?", endpoint.url());

      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutesFor(instances));
      while (total(first, jobId, 4) < instances && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      double done = (System.nanoTime() - started) / 1e9;
      assertEquals(
          instances,
          total(second, jobId, 4),
          "every instance succeeded; " + statuses(second, jobId));
      System.out.printf(
          "%s: %d ExecuteJob calls to two servers answered in %.1f s (%.0f/s), all instances"
              + " succeeded after %.1f s (%.0f/s)%n",
          getClass().getSimpleName(), instances, sent, instances / sent, done, instances / done);
      while (total(first, cron, 4) < 3 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      second.call("DisableJob", Map.of("Namespace", "fleet", "GroupId", "g", "JobId", cron));

      Map<String, Long> runsPerInstance =
          endpoint.received().stream()
              .filter(r -> r.headers().get("schedulerx-jobid").equals(Long.toString(jobId)))
              .collect(
                  Collectors.groupingBy(
                      r -> r.headers().get("schedulerx-jobinstanceid"), Collectors.counting()));
      assertEquals(instances, runsPerInstance.size(), "none lost");
      assertTrue(runsPerInstance.values().stream().allMatch(n -> n == 1), "none ran twice");
      Map<String, Long> firesPerTime =
          endpoint.received().stream()
              .filter(r -> r.headers().get("schedulerx-jobid").equals(Long.toString(cron)))
              .collect(
                  Collectors.groupingBy(
                      r -> r.headers().get("schedulerx-scheduletimestamp"), Collectors.counting()));
      assertTrue(firesPerTime.size() >= 3, "the cron job fired: " + firesPerTime);
      assertTrue(
          firesPerTime.values().stream().allMatch(n -> n == 1),
          "each scheduled time fired once across both servers: " + firesPerTime);
    }
  }

  @Test
  void whenAServerIsKilledMidAttemptTheOtherFinishesItsWork() throws Exception {
    String store = newStore("fleet_crash");
    try (RecordingEndpoint endpoint = new RecordingEndpoint();
        ServerProcess doomed = server(store);
        ServerProcess survivor = server(store)) {
      namespace(doomed);
      long jobId = createJob(doomed, "held", 100, null, endpoint.url());
      endpoint.hold();
      int instances = 12;
      for (int i = 0; i < instances; i++) {
        (i % 2 == 0 ? doomed : survivor)
            .call("ExecuteJob", Map.of("Namespace", "fleet", "GroupId", "g", "JobId", jobId));
      }
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (endpoint.inFlight() < instances && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(instances, endpoint.inFlight(), "both servers are in their HTTP calls");
      doomed.kill();
      endpoint.release();

      while (total(survivor, jobId, 4) < instances && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(instances, total(survivor, jobId, 4), "every instance succeeded");
      Map<String, Long> attempts =
          endpoint.received().stream()
              .collect(
                  Collectors.groupingBy(
                      r -> r.headers().get("schedulerx-jobinstanceid"), Collectors.counting()));
      assertEquals(instances, attempts.size());
      // At least once: an attempt whose server died before writing its outcome runs again.
      Map<Long, Long> byCount =
          attempts.values().stream()
              .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      assertTrue(byCount.getOrDefault(2L, 0L) > 0, "the dead server's attempts ran again");
      assertTrue(attempts.values().stream().allMatch(n -> n <= 2), byCount.toString());
    }
  }

  @Test
  void aStandardExecutionResumesOnTheOtherServerAfterACrash() throws Exception {
    String store = newStore("fleet_flow");
    try (RecordingEndpoint endpoint = new RecordingEndpoint();
        ServerProcess doomed = server(store)) {
      doomed.call(
          "CreateFlow",
          Map.of(
              "Name",
              "resumed",
              "ExecutionMode",
              "Standard",
              "Definition",
              "{\"StartAt\":\"Before\",\"States\":{"
                  + "\"Before\":{\"Type\":\"Pass\",\"Result\":{\"step\":1},\"Next\":\"Call\"},"
                  + "\"Call\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::http:invoke\","
                  + "\"Parameters\":{\"ApiEndpoint\":\""
                  + endpoint.url()
                  + "\",\"Method\":\"POST\"},\"ResultSelector\":{\"code.$\":\"$.ResponseBody.code\"},"
                  + "\"End\":true}}}"));
      endpoint.hold();
      doomed.call(
          "StartExecution", Map.of("FlowName", "resumed", "ExecutionName", "e1", "Input", "{}"));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (endpoint.inFlight() < 1 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(1, endpoint.inFlight(), "the execution is in its HTTP task");
      try (ServerProcess survivor = server(store)) {
        doomed.kill();
        endpoint.release();
        JsonNode execution = describe(survivor);
        while (!"Succeeded".equals(execution.path("Status").asText())
            && System.nanoTime() < deadline) {
          execution = describe(survivor);
        }
        assertEquals("Succeeded", execution.path("Status").asText(), execution.toString());
        assertEquals("{\"code\":\"ok\"}", execution.path("Output").asText());
        // The task the dead server was in runs again (at least once); the Pass before it does not.
        assertEquals(2, endpoint.received().size());
      }
    }
  }

  private static JsonNode describe(ServerProcess server) throws Exception {
    return server.call("DescribeExecution", Map.of("FlowName", "resumed", "ExecutionName", "e1"));
  }
}
