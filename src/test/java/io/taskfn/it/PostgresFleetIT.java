package io.taskfn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskfn.support.PostgresServer;
import io.taskfn.support.RecordingEndpoint;
import io.taskfn.support.ServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged servers over one real PostgreSQL, as a fleet: work sent to either is run by one of
 * them exactly once, cron fires happen once per time, and a server killed mid-attempt leaves its
 * work to the other.
 */
class PostgresFleetIT {

  private static PostgresServer postgres;

  @TempDir Path logs;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  private ServerProcess server(String jdbcUrl) throws Exception {
    return ServerProcess.start(
        logs,
        Map.of(
            "taskfn.store", "postgresql",
            "quarkus.datasource.active", "true",
            "quarkus.datasource.jdbc.url", jdbcUrl,
            "quarkus.datasource.username", postgres.user(),
            // A short lease, so that the test sees a dead server's work taken over in seconds.
            "taskfn.dispatch.lease", "4s"));
  }

  private static long createJob(
      ServerProcess server, String name, int timeType, String cron, String url) throws Exception {
    Map<String, Object> spec = new java.util.HashMap<>();
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
    String url = postgres.createDatabase("fleet_once");
    try (RecordingEndpoint endpoint = new RecordingEndpoint();
        ServerProcess first = server(url);
        ServerProcess second = server(url)) {
      namespace(first);
      long jobId = createJob(first, "burst", 100, null, endpoint.url());
      int instances = Integer.getInteger("fleet.instances", 2_000);
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
        call.get(5, TimeUnit.MINUTES);
      }
      callers.shutdown();
      double sent = (System.nanoTime() - started) / 1e9;
      long cron = createJob(second, "every-second", 1, "* * * * * ?", endpoint.url());

      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (total(first, jobId, 4) < instances && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(
          instances,
          total(second, jobId, 4),
          "every instance succeeded; " + statuses(second, jobId));
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
    String url = postgres.createDatabase("fleet_crash");
    try (RecordingEndpoint endpoint = new RecordingEndpoint();
        ServerProcess doomed = server(url);
        ServerProcess survivor = server(url)) {
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
}
