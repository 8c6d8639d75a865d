package io.taskfn.job;

import static io.taskfn.job.JobsRig.GROUP;
import static io.taskfn.job.JobsRig.NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskfn.job.JobRequests.JobRef;
import io.taskfn.store.EmbeddedStoreBackend;
import io.taskfn.support.MutableClock;
import io.taskfn.support.RecordingEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jobs family on the embedded (H2) store: many callers at once, and a restart. */
class JobConcurrencyAndDurabilityTest {

  @TempDir Path storeDirectory;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private RecordingEndpoint endpoint;

  @BeforeEach
  void startEndpoint() {
    endpoint = new RecordingEndpoint();
  }

  @AfterEach
  void stopEndpoint() {
    endpoint.close();
  }

  private JobsRig openRig() {
    return new JobsRig(EmbeddedStoreBackend.open(storeDirectory), clock);
  }

  @Test
  void fiftyConcurrentExecuteJobCallsEachGetAnInstanceAndMaxConcurrencyHolds() throws Exception {
    try (JobsRig rig = openRig()) {
      rig.createNamespaceAndGroup();
      int maxConcurrency = 3;
      long jobId = rig.createHttpJob(endpoint.url(), 100, null, maxConcurrency, 0);
      endpoint.hold();

      int callers = 50;
      ExecutorService pool = Executors.newFixedThreadPool(callers);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Long>> calls = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        String parameters = "caller=" + i;
        calls.add(
            pool.submit(
                () -> {
                  start.await();
                  return rig.execute(jobId, parameters);
                }));
      }
      start.countDown();
      Set<Long> instanceIds = ConcurrentHashMap.newKeySet();
      for (Future<Long> call : calls) {
        instanceIds.add(call.get(60, TimeUnit.SECONDS));
      }
      pool.shutdown();
      assertEquals(callers, instanceIds.size(), "every call got its own instance");
      assertEquals(callers, rig.instances(jobId).size(), "none lost");

      // Dispatch until no instance waits: three run (held by the endpoint), the rest are rejected.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (countByStatus(rig, jobId).getOrDefault(InstanceStatus.WAITING, 0L) > 0
          && System.nanoTime() < deadline) {
        rig.dispatcher.dispatchOnce();
      }
      Map<InstanceStatus, Long> whileHeld = countByStatus(rig, jobId);
      assertEquals(maxConcurrency, whileHeld.get(InstanceStatus.RUNNING), whileHeld.toString());
      assertEquals(callers - maxConcurrency, whileHeld.get(InstanceStatus.REJECTED));

      endpoint.release();
      assertTrue(rig.dispatcher.awaitIdle(Duration.ofSeconds(30)));
      Map<InstanceStatus, Long> done = countByStatus(rig, jobId);
      assertEquals(maxConcurrency, done.get(InstanceStatus.SUCCESS), done.toString());
      assertTrue(endpoint.maxInFlight() <= maxConcurrency, "at most MaxConcurrency at once");
      assertEquals(maxConcurrency, endpoint.received().size());
    }
  }

  private static Map<InstanceStatus, Long> countByStatus(JobsRig rig, long jobId) {
    return rig.instances(jobId).stream()
        .collect(Collectors.groupingBy(JobInstance::status, Collectors.counting()));
  }

  @Test
  void aRestartLosesNoJobAndNoInstance() throws Exception {
    long jobId;
    long finished;
    long waiting;
    try (JobsRig before = openRig()) {
      before.createNamespaceAndGroup();
      jobId = before.createHttpJob(endpoint.url(), 1, "0 0 * * * ?", 1, 0);
      finished = before.execute(jobId, "before restart");
      before.runDueWork();
      waiting = before.execute(jobId, "queued at shutdown");
    }

    try (JobsRig after = openRig()) {
      JobResponses.JobConfigInfo job =
          after.service.getJobInfo(new JobRef(jobId, null, NS, GROUP, null, null)).jobConfigInfo();
      assertEquals("0 0 * * * ?", job.timeConfig().timeExpression());
      assertEquals(4, after.instance(jobId, finished).status());
      assertEquals(1, after.instance(jobId, waiting).status());

      after.runDueWork();
      assertEquals(4, after.instance(jobId, waiting).status(), "the queued instance ran");
      Function<RecordingEndpoint.Received, String> params =
          r -> r.params().get("instanceParameters");
      assertEquals(
          List.of("before restart", "queued at shutdown"),
          endpoint.received().stream().map(params).toList());
      assertEquals(2, after.instances(jobId).size());
    }
  }
}
