package io.taskfn.job;

import static io.taskfn.job.JobsRig.GROUP;
import static io.taskfn.job.JobsRig.NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskfn.api.ApiException;
import io.taskfn.api.BadInputException;
import io.taskfn.api.IllegalTransitionException;
import io.taskfn.job.JobRequests.ExecuteJob;
import io.taskfn.job.JobRequests.InstanceRef;
import io.taskfn.job.JobRequests.JobRef;
import io.taskfn.job.JobRequests.JobSpec;
import io.taskfn.store.InMemoryStoreBackend;
import io.taskfn.store.StoredRecord;
import io.taskfn.support.Claims;
import io.taskfn.support.MutableClock;
import io.taskfn.support.RecordingEndpoint;
import io.taskfn.support.RequestOf;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobExecutionTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:30Z"));
  private RecordingEndpoint endpoint;
  private JobsRig rig;

  @BeforeEach
  void setUp() {
    endpoint = new RecordingEndpoint();
    rig = new JobsRig(new InMemoryStoreBackend(), clock);
    rig.createNamespaceAndGroup();
  }

  @AfterEach
  void tearDown() {
    endpoint.close();
    rig.close();
  }

  @Test
  void twoExecutionsInTheSameSecondAreTwoInstancesThatEachCarryTheirParameters() throws Exception {
    long jobId = rig.createHttpJob(endpoint.url(), 100, null, 2, 0);
    long first = rig.execute(jobId, "run=1");
    long second = rig.execute(jobId, "run=2");
    assertNotEquals(first, second);
    assertEquals(1, rig.instance(jobId, first).status());

    rig.runDueWork();

    for (long id : List.of(first, second)) {
      JobResponses.JobInstanceDetail detail = rig.instance(jobId, id);
      assertEquals(4, detail.status(), "instance " + id + ": " + detail.result());
      assertEquals(1, detail.attempt());
      assertEquals(3, detail.triggerType());
    }
    Set<String> parameters =
        endpoint.received().stream()
            .map(r -> r.params().get("instanceParameters"))
            .collect(Collectors.toSet());
    assertEquals(Set.of("run=1", "run=2"), parameters);
    RecordingEndpoint.Received request = endpoint.received().get(0);
    assertEquals("POST", request.method());
    assertEquals("p=job", request.params().get("jobParameters"));
    assertEquals(Long.toString(jobId), request.headers().get("schedulerx-jobid"));
  }

  @Test
  void aFailingEndpointRetriesMaxAttemptTimesThenFails() throws Exception {
    endpoint.answer(500, "boom");
    long jobId = rig.createHttpJob(endpoint.url(), 100, null, 1, 2);
    long instanceId = rig.execute(jobId, "x");

    rig.runDueWork();
    assertEquals(1, rig.instance(jobId, instanceId).status(), "waits for its retry");
    assertEquals(1, endpoint.received().size());
    rig.runDueWork();
    assertEquals(1, endpoint.received().size(), "no retry before AttemptInterval");

    clock.advance(Duration.ofSeconds(10));
    rig.runDueWork();
    clock.advance(Duration.ofSeconds(10));
    rig.runDueWork();

    JobResponses.JobInstanceDetail detail = rig.instance(jobId, instanceId);
    assertEquals(5, detail.status());
    assertEquals(3, detail.attempt(), "one attempt and MaxAttempt=2 retries");
    assertEquals(3, endpoint.received().size());
    assertTrue(detail.result().contains("HTTP 500"), detail.result());
  }

  @Test
  void aRefusedConnectionIsSaidInWordsNotAsAJavaClass() throws Exception {
    long jobId = rig.createHttpJob("http://127.0.0.1:9/", 100, null, 1, 0);
    long instanceId = rig.execute(jobId, "p");
    rig.runDueWork();
    JobResponses.JobInstanceDetail detail = rig.instance(jobId, instanceId);
    assertEquals(5, detail.status());
    assertTrue(
        detail.result().endsWith("failed: the connection was refused or could not be made"),
        detail.result());
  }

  @Test
  void anAnswerWithoutTheExpectedKeyValueFails() throws Exception {
    endpoint.answer(200, "{\"code\":\"nope\"}");
    String xAttrs =
        "{\"url\":\""
            + endpoint.url()
            + "\",\"method\":\"GET\",\"respKey\":\"code\",\"respValue\":\"ok\"}";
    long jobId =
        rig.service
            .createJob(
                RequestOf.of(
                    JobSpec.class,
                    "Namespace",
                    NS,
                    "GroupId",
                    GROUP,
                    "Name",
                    "checked",
                    "JobType",
                    "http",
                    "XAttrs",
                    xAttrs,
                    "TimeType",
                    100))
            .jobId();
    long instanceId = rig.execute(jobId, "q");
    rig.runDueWork();
    assertEquals(5, rig.instance(jobId, instanceId).status());
    assertEquals("GET", endpoint.received().get(0).method());
    assertEquals("q", endpoint.received().get(0).params().get("instanceParameters"));
  }

  @Test
  void theJobNameGoesUrlEncodedAsSchedulerxSendsItAndAFragmentStaysOffTheQuery() throws Exception {
    String name = "日报 job+1";
    String xAttrs = "{\"url\":\"" + endpoint.url() + "#part\",\"method\":\"GET\"}";
    long jobId =
        rig.service
            .createJob(
                RequestOf.of(
                    JobSpec.class,
                    "Namespace",
                    NS,
                    "GroupId",
                    GROUP,
                    "Name",
                    name,
                    "JobType",
                    "http",
                    "XAttrs",
                    xAttrs,
                    "TimeType",
                    100,
                    "Parameters",
                    "p=job"))
            .jobId();
    long instanceId = rig.execute(jobId, "day=1");
    rig.runDueWork();
    assertEquals(4, rig.instance(jobId, instanceId).status());
    RecordingEndpoint.Received request = endpoint.received().get(0);
    String sent = request.headers().get("schedulerx-jobname");
    assertEquals("%E6%97%A5%E6%8A%A5+job%2B1", sent);
    assertEquals(name, URLDecoder.decode(sent, StandardCharsets.UTF_8));
    assertEquals("day=1", request.params().get("instanceParameters"));
    assertEquals("p=job", request.params().get("jobParameters"));
  }

  @Test
  void aCronJobFiresOnScheduleUnderATestClock() throws Exception {
    long jobId = rig.createHttpJob(endpoint.url(), 1, "0 * * * * ?", 1, 0);
    rig.runDueWork();
    assertEquals(0, endpoint.received().size(), "not before 10:01:00");

    clock.set(Instant.parse("2026-03-01T10:01:00Z"));
    rig.runDueWork();
    List<JobInstance> instances = rig.instances(jobId);
    assertEquals(1, instances.size());
    assertEquals(Instant.parse("2026-03-01T10:01:00Z"), instances.get(0).scheduleTime());
    assertEquals(TriggerType.SCHEDULE, instances.get(0).triggerType());
    assertEquals(InstanceStatus.SUCCESS, instances.get(0).status());

    // Down from 10:01 to 10:03:30: the missed fire runs once, late, and the schedule goes on.
    clock.set(Instant.parse("2026-03-01T10:03:30Z"));
    rig.runDueWork();
    instances = rig.instances(jobId);
    assertEquals(2, instances.size());
    assertEquals(Instant.parse("2026-03-01T10:02:00Z"), instances.get(1).scheduleTime());
    assertEquals(
        Instant.parse("2026-03-01T10:04:00Z"),
        rig.jobRepository.find(jobId).orElseThrow().record().dueAt());
  }

  @Test
  void aDisabledJobStopsFiringAndCheckJobStatusRejectsIt() throws Exception {
    long jobId = rig.createHttpJob(endpoint.url(), 3, "5", 1, 0);
    rig.service.setEnabled(new JobRef(jobId, null, NS, GROUP, null, null), false);
    clock.advance(Duration.ofSeconds(60));
    rig.runDueWork();
    assertEquals(0, endpoint.received().size());
    ApiException e =
        assertThrows(
            ApiException.class,
            () ->
                rig.service.executeJob(
                    new ExecuteJob(jobId, GROUP, NS, null, null, null, true, null, null, null)));
    assertEquals(400, e.httpStatus());
    rig.execute(jobId, "without CheckJobStatus it runs");
    rig.runDueWork();
    assertEquals(1, endpoint.received().size());
  }

  @Test
  void stoppingARunningInstanceFailsItAndDropsItsLateOutcome() throws Exception {
    endpoint.hold();
    long jobId = rig.createHttpJob(endpoint.url(), 100, null, 1, 0);
    long instanceId = rig.execute(jobId, "slow");
    rig.dispatcher.dispatchOnce();
    while (endpoint.received().isEmpty()) {
      Thread.onSpinWait();
    }
    assertEquals(3, rig.instance(jobId, instanceId).status());
    rig.service.stopInstance(new InstanceRef(jobId, null, instanceId, NS, GROUP, null, null));
    endpoint.release();
    rig.dispatcher.awaitIdle(Duration.ofSeconds(10));
    JobResponses.JobInstanceDetail detail = rig.instance(jobId, instanceId);
    assertEquals(5, detail.status());
    assertEquals("stopped by StopInstance", detail.result());
  }

  @Test
  void retryJobInstanceRunsAFailedInstanceAgain() throws Exception {
    endpoint.answer(503, "down");
    long jobId = rig.createHttpJob(endpoint.url(), 100, null, 1, 0);
    long instanceId = rig.execute(jobId, "again");
    rig.runDueWork();
    assertEquals(5, rig.instance(jobId, instanceId).status());
    assertThrows(
        IllegalTransitionException.class,
        () ->
            rig.service.stopInstance(
                new InstanceRef(jobId, null, instanceId, NS, GROUP, null, null)));

    endpoint.answer(200, "{}");
    rig.service.retryJobInstance(new InstanceRef(jobId, instanceId, null, NS, GROUP, null, null));
    rig.runDueWork();
    JobResponses.JobInstanceDetail detail = rig.instance(jobId, instanceId);
    assertEquals(4, detail.status());
    assertEquals(2, detail.triggerType(), "a rerun");
    assertEquals(2, endpoint.received().size());
  }

  @Test
  void anInstanceWhoseDispatcherDiedRunsAfterItsLeaseExpires() throws Exception {
    long jobId = rig.createHttpJob(endpoint.url(), 100, null, 1, 0);
    long instanceId = rig.execute(jobId, "orphan");
    Instant now = clock.instant();
    List<StoredRecord> taken =
        Claims.claimDue(
            rig.store,
            JobInstanceRepository.INSTANCE_KIND,
            now,
            "dead-server",
            now.plusSeconds(30),
            10);
    assertEquals(1, taken.size());
    rig.runDueWork();
    assertEquals(0, endpoint.received().size(), "the lease still holds");

    clock.advance(Duration.ofSeconds(31));
    rig.runDueWork();
    assertEquals(4, rig.instance(jobId, instanceId).status());
    assertEquals(1, endpoint.received().size());
  }

  @Test
  void badJobDefinitionsAreRejectedNamingTheParameter() {
    BadInputException cron =
        assertThrows(
            BadInputException.class,
            () -> rig.createHttpJob(endpoint.url(), 1, "not a cron", 1, 0));
    assertEquals("TimeExpression", cron.target());
    BadInputException concurrency =
        assertThrows(
            BadInputException.class, () -> rig.createHttpJob(endpoint.url(), 100, null, 0, 0));
    assertEquals("MaxConcurrency", concurrency.target());
    BadInputException url =
        assertThrows(BadInputException.class, () -> rig.createHttpJob("ftp://x", 100, null, 1, 0));
    assertEquals("XAttrs", url.target());
    BadInputException type =
        assertThrows(
            BadInputException.class,
            () ->
                rig.service.createJob(
                    RequestOf.of(
                        JobSpec.class,
                        "Namespace",
                        NS,
                        "GroupId",
                        GROUP,
                        "Name",
                        "j",
                        "JobType",
                        "java",
                        "TimeType",
                        100)));
    assertEquals("JobType", type.target());
    assertTrue(
        rig.service
            .listJobs(RequestOf.of(JobRequests.ListJobs.class, "Namespace", NS, "GroupId", GROUP))
            .jobs()
            .isEmpty());
  }

  @Test
  void unknownGroupsAndJobsGetTheVendorsMessages() {
    ApiException group =
        assertThrows(
            ApiException.class,
            () ->
                rig.service.executeJob(
                    new ExecuteJob(1L, "nope", NS, null, null, null, null, null, null, null)));
    assertEquals("groupid not exist groupId: nope namespace: " + NS, group.getMessage());
    ApiException job = assertThrows(ApiException.class, () -> rig.execute(999, null));
    assertEquals(404, job.httpStatus());
    BadInputException missing =
        assertThrows(
            BadInputException.class,
            () ->
                rig.service.executeJob(
                    new ExecuteJob(null, GROUP, NS, null, null, null, null, null, null, null)));
    assertEquals("JobId", missing.target());
  }
}
