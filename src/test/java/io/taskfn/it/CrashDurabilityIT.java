package io.taskfn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskfn.support.ServerProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
  private static final int THREADS = 8;
  private static final int ACKNOWLEDGED_BEFORE_KILL = 1_200;
  private static final String PASS_FLOW =
      "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";

  @TempDir Path store;

  /** One answered write, and the read that must find it after the restart. */
  private record Acknowledged(String action, Map<String, Object> lookup, String readAction) {}

  @Test
  void everyAnsweredWriteSurvivesAKillNine() throws Exception {
    int port = ServerProcess.freePort();
    Map<String, String> onStore = Map.of("taskfn.store.path", store.resolve("data").toString());
    ServerProcess server = ServerProcess.start(store, port, onStore);
    ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
    try {
      server.call("CreateNamespace", Map.of("Name", "crash", "Uid", "crash"));
      server.call("CreateAppGroup", Map.of("Namespace", "crash", "GroupId", "g", "AppName", "g"));
      long jobId =
          server
              .call(
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
      server.call(
          "CreateFlow",
          Map.of("Name", "express", "Definition", PASS_FLOW, "ExecutionMode", "Express"));
      server.call(
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
                      acknowledged.add(write(server, n, jobId));
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
      server.kill();
      killed.set(true);
      writers.shutdown();
      for (Future<?> loop : loops) {
        loop.get(1, TimeUnit.MINUTES);
      }
    } finally {
      server.close();
    }

    assertTrue(
        acknowledged.size() >= 1_000, "writes answered before the kill: " + acknowledged.size());
    try (ServerProcess restarted = ServerProcess.start(store, port, onStore)) {
      List<String> lost = new ArrayList<>();
      for (Acknowledged write : acknowledged) {
        HttpResponse<String> found = restarted.post(write.readAction(), write.lookup());
        if (found.statusCode() != 200) {
          lost.add(write.action() + " " + write.lookup() + " -> " + found.body());
        }
      }
      System.out.printf(
          "kill -9: %d answered writes before the kill, %d lost%n",
          acknowledged.size(), lost.size());
      assertEquals(List.of(), lost.subList(0, Math.min(lost.size(), 3)), lost.size() + " lost");
    }
  }

  /** The n-th write: four kinds in turn, both families. */
  private static Acknowledged write(ServerProcess server, int n, long jobId)
      throws IOException, InterruptedException {
    switch (n % 4) {
      case 0 -> {
        long instanceId =
            server
                .call(
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
        server.call(
            "CreateFlow",
            Map.of("Name", name, "Definition", PASS_FLOW, "ExecutionMode", "Express"));
        return new Acknowledged("CreateFlow", Map.of("Name", name), "DescribeFlow");
      }
      case 2 -> {
        String name = "e" + n;
        server.call("StartExecution", Map.of("FlowName", "standard", "ExecutionName", name));
        return new Acknowledged(
            "StartExecution",
            Map.of("FlowName", "standard", "ExecutionName", name),
            "DescribeExecution");
      }
      default -> {
        String name =
            server
                .call("StartSyncExecution", Map.of("FlowName", "express", "ExecutionName", "s"))
                .path("Name")
                .asText();
        return new Acknowledged(
            "StartSyncExecution",
            Map.of("FlowName", "express", "ExecutionName", name),
            "DescribeExecution");
      }
    }
  }
}
