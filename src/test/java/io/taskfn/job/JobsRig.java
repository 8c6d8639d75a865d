package io.taskfn.job;

import io.taskfn.dispatch.Dispatcher;
import io.taskfn.http.OutboundHttp;
import io.taskfn.job.JobRequests.CreateAppGroup;
import io.taskfn.job.JobRequests.CreateNamespace;
import io.taskfn.job.JobRequests.ExecuteJob;
import io.taskfn.job.JobRequests.InstanceRef;
import io.taskfn.job.JobRequests.JobSpec;
import io.taskfn.store.StoreBackend;
import io.taskfn.support.MutableClock;
import io.taskfn.support.TestDispatchConfig;
import java.time.Duration;
import java.util.List;

/** The jobs family wired by hand over a given store and clock, without Quarkus. */
final class JobsRig implements AutoCloseable {

  static final String NS = "ns-test";
  static final String GROUP = "group.test";
  static final Duration LEASE = Duration.ofSeconds(30);
  static final OutboundHttp HTTP = new OutboundHttp(Duration.ofSeconds(10), 1 << 20);

  final StoreBackend store;
  final MutableClock clock;
  final JobRepository jobRepository;
  final JobInstanceRepository instanceRepository;
  final Dispatcher dispatcher;
  final JobService service;

  JobsRig(StoreBackend store, MutableClock clock) {
    this.store = store;
    this.clock = clock;
    this.jobRepository = new JobRepository(store);
    this.instanceRepository = new JobInstanceRepository(store);
    ConcurrencySlots slots = new ConcurrencySlots(store);
    this.dispatcher =
        new Dispatcher(
            store,
            clock,
            new TestDispatchConfig(LEASE, 8),
            List.of(
                new JobScheduleFirer(jobRepository, instanceRepository, clock),
                new JobInstanceRunner(
                    jobRepository,
                    instanceRepository,
                    slots,
                    List.of(new HttpJobRunner(HTTP)),
                    clock)));
    this.service =
        new JobService(
            jobRepository, instanceRepository, dispatcher, clock, List.of(new HttpJobRunner(HTTP)));
  }

  void createNamespaceAndGroup() {
    service.createNamespace(new CreateNamespace("test", NS, null, null));
    service.createAppGroup(
        new CreateAppGroup(NS, GROUP, "app", null, null, null, null, null, null));
  }

  static String xAttrs(String url) {
    return "{\"url\":\"" + url + "\",\"method\":\"POST\",\"timeout\":10}";
  }

  long createHttpJob(
      String url, int timeType, String expression, int maxConcurrency, int maxAttempt) {
    return service
        .createJob(
            new JobSpec(
                null,
                NS,
                GROUP,
                null,
                null,
                "job-" + System.nanoTime(),
                null,
                "http",
                null,
                null,
                null,
                xAttrs(url),
                timeType,
                expression,
                null,
                null,
                null,
                "p=job",
                maxConcurrency,
                maxAttempt,
                10,
                null,
                null,
                null,
                null))
        .jobId();
  }

  long execute(long jobId, String instanceParameters) {
    return service
        .executeJob(
            new ExecuteJob(
                jobId, GROUP, NS, null, null, instanceParameters, null, null, null, null))
        .jobInstanceId();
  }

  JobResponses.JobInstanceDetail instance(long jobId, long instanceId) {
    return service
        .getJobInstance(new InstanceRef(jobId, instanceId, null, NS, GROUP, null, null))
        .jobInstanceDetail();
  }

  void runDueWork() throws InterruptedException {
    dispatcher.runUntilIdle(Duration.ofSeconds(30));
  }

  @Override
  public void close() {
    store.close();
  }
}
