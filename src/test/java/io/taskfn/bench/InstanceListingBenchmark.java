package io.taskfn.bench;

import io.taskfn.dispatch.Dispatcher;
import io.taskfn.http.OutboundHttp;
import io.taskfn.job.HttpJobRunner;
import io.taskfn.job.Job;
import io.taskfn.job.JobInstance;
import io.taskfn.job.JobInstanceRepository;
import io.taskfn.job.JobRepository;
import io.taskfn.job.JobRequests.CreateAppGroup;
import io.taskfn.job.JobRequests.CreateNamespace;
import io.taskfn.job.JobRequests.GetJobInstanceList;
import io.taskfn.job.JobRequests.JobSpec;
import io.taskfn.job.JobService;
import io.taskfn.job.TriggerType;
import io.taskfn.store.EmbeddedStoreBackend;
import io.taskfn.store.StoreBackend;
import io.taskfn.support.RequestOf;
import io.taskfn.support.TestDispatchConfig;
import io.taskfn.support.TestRetention;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GetJobInstanceList on the embedded store with a job of 1,000 and of 1,000,000 instances: p50 and
 * p99 of the first page, unfiltered and by status. Run by bench/instance-listing.sh; not a test.
 */
public final class InstanceListingBenchmark {

  private static final int WARM_UP = 2_000;
  private static final int MEASURED = 5_000;

  private InstanceListingBenchmark() {}

  public static void main(String[] args) throws Exception {
    long[] sizes =
        args.length == 0
            ? new long[] {1_000, 1_000_000}
            : Arrays.stream(args).mapToLong(Long::parseLong).toArray();
    System.out.println("| instances of the job | load time s | listing | p50 µs | p99 µs |");
    System.out.println("|---|---|---|---|---|");
    for (long size : sizes) {
      run(size);
    }
  }

  private static void run(long size) throws Exception {
    Path directory = Files.createTempDirectory("taskfn-listing");
    Clock clock = Clock.systemUTC();
    try (StoreBackend store = EmbeddedStoreBackend.open(directory)) {
      JobRepository jobs = new JobRepository(store);
      JobInstanceRepository instances = new JobInstanceRepository(store, TestRetention.DEFAULT);
      Dispatcher idle =
          new Dispatcher(
              store, clock, new TestDispatchConfig(Duration.ofSeconds(60), 1), List.of());
      JobService service =
          new JobService(
              jobs,
              instances,
              idle,
              clock,
              List.of(new HttpJobRunner(new OutboundHttp(Duration.ofSeconds(10), 1 << 20))));
      service.createNamespace(new CreateNamespace("bench", "bench", null, null));
      service.createAppGroup(
          RequestOf.of(CreateAppGroup.class, "Namespace", "bench", "GroupId", "g", "AppName", "g"));
      long jobId =
          service
              .createJob(
                  RequestOf.of(
                      JobSpec.class,
                      "Namespace",
                      "bench",
                      "GroupId",
                      "g",
                      "Name",
                      "listed",
                      "JobType",
                      "http",
                      "XAttrs",
                      "{\"url\":\"http://127.0.0.1:9/\"}",
                      "TimeType",
                      100))
              .jobId();
      Job job = jobs.find(jobId).orElseThrow().value();
      long loadStart = System.nanoTime();
      load(instances, job, size, clock);
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
      report(size, loadSeconds, "page 1 of 10, all", service, listing(jobId, null));
      report(size, loadSeconds, "page 1 of 10, Status 1", service, listing(jobId, 1));
    } finally {
      try (var files = Files.walk(directory)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static GetJobInstanceList listing(long jobId, Integer status) {
    return new GetJobInstanceList(jobId, "bench", "g", status, null, null, 1, 10, null, null);
  }

  /** Inserts the instances from 4 threads, as concurrent ExecuteJob calls would. */
  private static void load(JobInstanceRepository instances, Job job, long size, Clock clock)
      throws Exception {
    ExecutorService loaders = Executors.newFixedThreadPool(4);
    AtomicLong left = new AtomicLong(size);
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      running.add(
          loaders.submit(
              () -> {
                while (left.getAndDecrement() > 0) {
                  JobInstance instance =
                      JobInstance.waiting(
                          instances.nextInstanceId(),
                          job,
                          TriggerType.API,
                          clock.instant(),
                          "p",
                          null,
                          null,
                          null);
                  // Not due: the benchmark reads listings, nothing runs them.
                  instances.insertWaiting(instance, null);
                }
                return null;
              }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    loaders.shutdown();
  }

  private static void report(
      long size, double loadSeconds, String what, JobService service, GetJobInstanceList request) {
    for (int i = 0; i < WARM_UP; i++) {
      service.getJobInstanceList(request);
    }
    long[] micros = new long[MEASURED];
    for (int i = 0; i < MEASURED; i++) {
      long start = System.nanoTime();
      var page = service.getJobInstanceList(request);
      micros[i] = (System.nanoTime() - start) / 1_000;
      if (page.total() != size || page.jobInstanceDetails().size() != 10) {
        throw new IllegalStateException("wrong page: total " + page.total());
      }
    }
    Arrays.sort(micros);
    System.out.printf(
        "| %,d | %.0f | %s | %d | %d |%n",
        size, loadSeconds, what, micros[MEASURED / 2], micros[MEASURED * 99 / 100]);
  }
}
