package io.taskfn.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskfn.dispatch.Dispatcher;
import io.taskfn.store.EmbeddedStoreBackend;
import io.taskfn.support.MutableClock;
import io.taskfn.support.RecordingEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two dispatchers over one store, as two servers: no work lost, none run twice at once. */
class TwoDispatchersTest {

  @TempDir Path storeDirectory;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T08:00:00Z"));

  /**
   * A job type run inside the test: counts each instance's runs, notices one run twice at once, and
   * breaks (throws) for the parameters "boom".
   */
  static final class Probe implements JobTypeRunner {
    final Map<Long, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    final Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
    final AtomicInteger overlaps = new AtomicInteger();

    @Override
    public String jobType() {
      return "probe";
    }

    @Override
    public void validate(String xAttrs) {}

    @Override
    public Outcome run(Job job, JobInstance instance, Duration timeout) {
      long id = instance.instanceId();
      runs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      AtomicInteger running = inFlight.computeIfAbsent(id, k -> new AtomicInteger());
      if (running.incrementAndGet() > 1) {
        overlaps.incrementAndGet();
      }
      try {
        if ("boom".equals(instance.instanceParameters())) {
          throw new IllegalStateException("the probe broke");
        }
        return new Outcome(true, "ok");
      } finally {
        running.decrementAndGet();
      }
    }
  }

  private JobsRig rig(Probe probe) {
    JobsRig rig =
        new JobsRig(
            EmbeddedStoreBackend.open(storeDirectory),
            clock,
            List.of(probe, new HttpJobRunner(JobsRig.HTTP)));
    rig.createNamespaceAndGroup();
    return rig;
  }

  @Test
  void twoDispatchersRunTenThousandInstancesEachOnceAndNeverTwiceAtOnce() throws Exception {
    Probe probe = new Probe();
    try (JobsRig rig = rig(probe)) {
      List<Long> jobs = new ArrayList<>();
      for (int j = 0; j < 10; j++) {
        jobs.add(rig.createJob("probe", null, 100, null, 100, 0));
      }
      ExecutorService callers = Executors.newFixedThreadPool(4);
      List<Future<?>> calls = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        int caller = c;
        calls.add(
            callers.submit(
                () -> {
                  for (int i = 0; i < 2_500; i++) {
                    rig.execute(jobs.get((caller * 2_500 + i) % jobs.size()), "run " + i);
                  }
                  return null;
                }));
      }
      for (Future<?> call : calls) {
        call.get(5, TimeUnit.MINUTES);
      }
      callers.shutdown();

      Dispatcher first = rig.newDispatcher(JobsRig.LEASE, 8);
      Dispatcher second = rig.newDispatcher(JobsRig.LEASE, 8);
      ExecutorService servers = Executors.newFixedThreadPool(2);
      int[] claimed = new int[2];
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (finished(rig, jobs) < 10_000 && System.nanoTime() < deadline) {
        Future<Integer> a = servers.submit(() -> first.runUntilIdle(Duration.ofMinutes(1)));
        Future<Integer> b = servers.submit(() -> second.runUntilIdle(Duration.ofMinutes(1)));
        claimed[0] += a.get();
        claimed[1] += b.get();
      }
      servers.shutdown();

      assertEquals(10_000, finished(rig, jobs), "every instance reached a final state");
      for (long job : jobs) {
        assertEquals(
            1_000,
            rig.instanceRepository.count(job, InstanceStatus.SUCCESS),
            "job "
                + job
                + ": failed "
                + rig.instanceRepository.count(job, InstanceStatus.FAILED)
                + ", rejected "
                + rig.instanceRepository.count(job, InstanceStatus.REJECTED));
      }
      assertEquals(0, probe.overlaps.get(), "no instance ran twice at once");
      assertEquals(10_000, probe.runs.size());
      assertTrue(probe.runs.values().stream().allMatch(n -> n.get() == 1), "each ran once");
      assertTrue(
          claimed[0] > 0 && claimed[1] > 0,
          "both servers took work: " + claimed[0] + "/" + claimed[1]);
    }
  }

  private static long finished(JobsRig rig, List<Long> jobs) {
    long done = 0;
    for (long job : jobs) {
      for (InstanceStatus status :
          List.of(InstanceStatus.SUCCESS, InstanceStatus.FAILED, InstanceStatus.REJECTED)) {
        done += rig.instanceRepository.count(job, status);
      }
    }
    return done;
  }

  @Test
  void aDispatcherThatDiesInTheHttpCallLeavesTheInstanceToTheOther() throws Exception {
    try (JobsRig rig = rig(new Probe());
        RecordingEndpoint endpoint = new RecordingEndpoint()) {
      long jobId = rig.createHttpJob(endpoint.url(), 100, null, 1, 1);
      long instanceId = rig.execute(jobId, "stranded?");
      // The doomed server's lease is long, so no heartbeat of its can run during the test.
      Dispatcher doomed = rig.newDispatcher(Duration.ofHours(1), 2);
      Dispatcher survivor = rig.newDispatcher(JobsRig.LEASE, 2);
      endpoint.hold();
      assertEquals(1, doomed.dispatchOnce());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (endpoint.inFlight() == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(1, endpoint.inFlight(), "the doomed server is in the HTTP call");
      assertEquals(3, rig.instance(jobId, instanceId).status(), "running");

      // The doomed server is never heard from again; its lease runs out.
      clock.advance(Duration.ofHours(1).plusSeconds(1));
      survivor.runUntilIdle(Duration.ofSeconds(30));
      JobResponses.JobInstanceDetail abandoned = rig.instance(jobId, instanceId);
      assertEquals(1, abandoned.status(), "the abandoned attempt failed; a retry waits");
      assertTrue(abandoned.result().contains("abandoned"), abandoned.result());

      // The doomed server's call comes back late: its outcome is dropped.
      endpoint.release();
      assertTrue(doomed.awaitIdle(Duration.ofSeconds(30)));
      assertEquals(1, rig.instance(jobId, instanceId).status());

      clock.advance(Duration.ofSeconds(11));
      survivor.runUntilIdle(Duration.ofSeconds(30));
      JobResponses.JobInstanceDetail done = rig.instance(jobId, instanceId);
      assertEquals(4, done.status());
      assertEquals(2, endpoint.received().size());
    }
  }

  @Test
  void aRunnerThatThrowsFailsTheAttemptWithItsReason() throws Exception {
    Probe probe = new Probe();
    try (JobsRig rig = rig(probe)) {
      long jobId = rig.createJob("probe", null, 100, null, 1, 1);
      long instanceId = rig.execute(jobId, "boom");
      rig.runDueWork();
      JobResponses.JobInstanceDetail retrying = rig.instance(jobId, instanceId);
      assertEquals(1, retrying.status(), "the failed attempt is retried");
      assertTrue(retrying.result().contains("the probe broke"), retrying.result());

      clock.advance(Duration.ofSeconds(11));
      rig.runDueWork();
      JobResponses.JobInstanceDetail failed = rig.instance(jobId, instanceId);
      assertEquals(5, failed.status());
      assertTrue(failed.result().contains("the probe broke"), failed.result());
      assertEquals(2, probe.runs.get(instanceId).get(), "MaxAttempt 1: two attempts");
    }
  }
}
