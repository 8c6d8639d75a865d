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
import io.taskfn.support.RequestOf;
import io.taskfn.support.TestDispatchConfig;
import io.taskfn.support.TestRetention;
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

  private final List<JobTypeRunner> runners;

  JobsRig(StoreBackend store, MutableClock clock) {
    this(store, clock, List.of(new HttpJobRunner(HTTP)));
  }

  JobsRig(StoreBackend store, MutableClock clock, List<JobTypeRunner> runners) {
    this.store = store;
    this.clock = clock;
    this.runners = runners;
    this.jobRepository = new JobRepository(store);
    this.instanceRepository = new JobInstanceRepository(store, TestRetention.DEFAULT);
    this.dispatcher = newDispatcher(LEASE, 8);
    this.service = new JobService(jobRepository, instanceRepository, dispatcher, clock, runners);
  }

  /** Another dispatcher over the same store, as a second server would run. */
  Dispatcher newDispatcher(Duration lease, int workers) {
    return new Dispatcher(
        store,
        clock,
        new TestDispatchConfig(lease, workers),
        List.of(
            new JobScheduleFirer(jobRepository, instanceRepository, clock),
            new JobInstanceRunner(
                jobRepository, instanceRepository, new ConcurrencySlots(store), runners, clock)));
  }

  void createNamespaceAndGroup() {
    service.createNamespace(new CreateNamespace("test", NS, null, null));
    service.createAppGroup(
        RequestOf.of(CreateAppGroup.class, "Namespace", NS, "GroupId", GROUP, "AppName", "app"));
  }

  static String xAttrs(String url) {
    return "{\"url\":\"" + url + "\",\"method\":\"POST\",\"timeout\":10}";
  }

  long createHttpJob(
      String url, int timeType, String expression, int maxConcurrency, int maxAttempt) {
    return createJob("http", xAttrs(url), timeType, expression, maxConcurrency, maxAttempt);
  }

  long createJob(
      String jobType,
      String xAttrs,
      int timeType,
      String expression,
      int maxConcurrency,
      int maxAttempt) {
    return service
        .createJob(
            RequestOf.of(
                JobSpec.class,
                "Namespace",
                NS,
                "GroupId",
                GROUP,
                "Name",
                "job-" + System.nanoTime(),
                "JobType",
                jobType,
                "XAttrs",
                xAttrs,
                "TimeType",
                timeType,
                "TimeExpression",
                expression,
                "Parameters",
                "p=job",
                "MaxConcurrency",
                maxConcurrency,
                "MaxAttempt",
                maxAttempt,
                "AttemptInterval",
                10))
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

  /** Every instance of a job, oldest first. */
  List<JobInstance> instances(long jobId) {
    List<JobInstance> all =
        new java.util.ArrayList<>(instanceRepository.newestFirst(jobId, null, null, 10_000));
    java.util.Collections.reverse(all);
    return all;
  }

  void runDueWork() throws InterruptedException {
    dispatcher.runUntilIdle(Duration.ofSeconds(30));
  }

  @Override
  public void close() {
    store.close();
  }
}
