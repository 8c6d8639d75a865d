package io.taskfn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An answered request is a promise: the packaged server takes writes from 8 threads across both
 * families (job instances, flows, Standard and synchronous executions), is killed with SIGKILL
 * while they still arrive, and once restarted on the same store finds every write it answered.
 */
class CrashDurabilityIT {

  private static final Path JAR = Path.of("target/taskfn-0.1.0-SNAPSHOT-runner.jar");
  private static final int THREADS = 8;
  private static final int ACKNOWLEDGED_BEFORE_KILL = 1_200;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASS_FLOW =
      "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";

  @TempDir Path store;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One answered write, and the read that must find it after the restart. */
  private record Acknowledged(String action, Map<String, Object> lookup, String readAction) {}

  @Test
  void everyAnsweredWriteSurvivesAKillNine() throws Exception {
    assertTrue(Files.exists(JAR), JAR + " is missing: run this through ./mvnw verify");
    int port = freePort();
    Process server = start(port);
    String base = "http://127.0.0.1:" + port + "/";
    ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
    try {
      call(base, "CreateNamespace", Map.of("Name", "crash", "Uid", "crash"));
      call(base, "CreateAppGroup", Map.of("Namespace", "crash", "GroupId", "g", "AppName", "g"));
      long jobId =
          call(
                  base,
                  "CreateJob",
                  Map.of(
                      "Namespace",
                      "crash",
                      "GroupId",
                      "g",
                      "Name",
                      "j",
                      "JobType",
                      "http",
                      "TimeType",
                      100,
                      "XAttrs",
                      "{\"url\":\"http://127.0.0.1:9/\"}"))
              .path("Data")
              .path("JobId")
              .asLong();
      call(
          base,
          "CreateFlow",
          Map.of("Name", "express", "Definition", PASS_FLOW, "ExecutionMode", "Express"));
      call(
          base,
          "CreateFlow",
          Map.of("Name", "standard", "Definition", PASS_FLOW, "ExecutionMode", "Standard"));

      AtomicBoolean killed = new AtomicBoolean();
      AtomicInteger sequence = new AtomicInteger();
      ExecutorService writers = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> loops = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        loops.add(
            writers.submit(
                () -> {
                  while (!killed.get()) {
                    int n = sequence.incrementAndGet();
                    try {
                      acknowledged.add(write(base, n, jobId));
                    } catch (IOException | IllegalStateException refusedOrCut) {
                      // in flight when the server died: never answered, so never promised
                    }
                  }
                  return null;
                }));
      }
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (acknowledged.size() < ACKNOWLEDGED_BEFORE_KILL && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      new ProcessBuilder("kill", "-9", Long.toString(server.pid())).start().waitFor();
      assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server died");
      killed.set(true);
      writers.shutdown();
      for (Future<?> loop : loops) {
        loop.get(1, TimeUnit.MINUTES);
      }
    } finally {
      server.destroyForcibly();
    }

    assertTrue(
        acknowledged.size() >= 1_000, "writes answered before the kill: " + acknowledged.size());
    Process restarted = start(port);
    try {
      List<String> lost = new ArrayList<>();
      for (Acknowledged write : acknowledged) {
        HttpResponse<String> found = post(base, write.readAction(), write.lookup());
        if (found.statusCode() != 200) {
          lost.add(write.action() + " " + write.lookup() + " -> " + found.body());
        }
      }
      System.out.printf(
          "kill -9: %d answered writes before the kill, %d lost%n",
          acknowledged.size(), lost.size());
      assertEquals(List.of(), lost.subList(0, Math.min(lost.size(), 3)), lost.size() + " lost");
    } finally {
      restarted.destroyForcibly();
      restarted.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** The n-th write: four kinds in turn, both families. */
  private Acknowledged write(String base, int n, long jobId)
      throws IOException, InterruptedException {
    switch (n % 4) {
      case 0 -> {
        long instanceId =
            call(
                    base,
                    "ExecuteJob",
                    Map.of(
                        "Namespace",
                        "crash",
                        "GroupId",
                        "g",
                        "JobId",
                        jobId,
                        "InstanceParameters",
                        "n=" + n))
                .path("Data")
                .path("JobInstanceId")
                .asLong();
        return new Acknowledged(
            "ExecuteJob",
            Map.of(
                "Namespace", "crash", "GroupId", "g", "JobId", jobId, "JobInstanceId", instanceId),
            "GetJobInstance");
      }
      case 1 -> {
        String name = "f" + n;
        call(
            base,
            "CreateFlow",
            Map.of("Name", name, "Definition", PASS_FLOW, "ExecutionMode", "Express"));
        return new Acknowledged("CreateFlow", Map.of("Name", name), "DescribeFlow");
      }
      case 2 -> {
        String name = "e" + n;
        call(base, "StartExecution", Map.of("FlowName", "standard", "ExecutionName", name));
        return new Acknowledged(
            "StartExecution",
            Map.of("FlowName", "standard", "ExecutionName", name),
            "DescribeExecution");
      }
      default -> {
        String name =
            call(base, "StartSyncExecution", Map.of("FlowName", "express", "ExecutionName", "s"))
                .path("Name")
                .asText();
        return new Acknowledged(
            "StartSyncExecution",
            Map.of("FlowName", "express", "ExecutionName", name),
            "DescribeExecution");
      }
    }
  }

  private JsonNode call(String base, String action, Map<String, Object> body)
      throws IOException, InterruptedException {
    HttpResponse<String> response = post(base, action, body);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          action + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> post(String base, String action, Map<String, Object> body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + action))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private Process start(int port) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port,
                "-Dtaskfn.store.path=" + store.resolve("data"),
                "-jar",
                JAR.toString())
            .redirectErrorStream(true)
            .redirectOutput(store.resolve("server-" + System.nanoTime() + ".log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> ready =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return process;
        }
      } catch (IOException notYet) {
        // still starting
      }
      assertTrue(process.isAlive(), "the server exited while starting; see " + store);
      process.waitFor(100, TimeUnit.MILLISECONDS);
    }
    process.destroyForcibly();
    throw new IllegalStateException("the server did not become ready within 60 s");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
