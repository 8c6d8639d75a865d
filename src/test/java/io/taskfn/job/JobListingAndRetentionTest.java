package io.taskfn.job;

import static io.taskfn.job.JobsRig.GROUP;
import static io.taskfn.job.JobsRig.NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskfn.api.ApiException;
import io.taskfn.dispatch.RetentionSweeper;
import io.taskfn.job.JobRequests.GetJobInstanceList;
import io.taskfn.job.JobRequests.InstanceRef;
import io.taskfn.job.JobResponses.InstanceList;
import io.taskfn.job.JobResponses.JobInstanceDetail;
import io.taskfn.store.InMemoryStoreBackend;
import io.taskfn.support.MutableClock;
import io.taskfn.support.TestDispatchConfig;
import io.taskfn.support.TestRetention;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobListingAndRetentionTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-07-01T00:00:00Z"));
  private JobsRig rig;

  @BeforeEach
  void open() {
    rig = new JobsRig(new InMemoryStoreBackend(), clock);
    rig.createNamespaceAndGroup();
  }

  @AfterEach
  void close() {
    rig.close();
  }

  private InstanceList list(long jobId, Integer status, int pageNum, int pageSize) {
    return rig.service.getJobInstanceList(
        new GetJobInstanceList(
            jobId, NS, GROUP, status, null, null, pageNum, pageSize, null, null));
  }

  private static List<Long> ids(InstanceList list) {
    return list.jobInstanceDetails().stream().map(JobInstanceDetail::instanceId).toList();
  }

  @Test
  void theTenThousandAndFirstInstanceIsOnPageOneWithTheRightTotal() {
    long jobId = rig.createHttpJob("http://127.0.0.1:9/none", 100, null, 1, 0);
    long last = 0;
    for (int i = 0; i < 10_001; i++) {
      last = rig.execute(jobId, "n=" + i);
    }
    InstanceList first = list(jobId, null, 1, 10);
    assertEquals(10_001, first.total());
    assertEquals(last, ids(first).get(0), "newest first");
    assertEquals(10, ids(first).size());
    InstanceList second = list(jobId, null, 2, 10);
    assertEquals(ids(first).get(9) - 1, ids(second).get(0), "pages follow on");
    InstanceList deep = list(jobId, null, 1001, 10);
    assertEquals(List.of(ids(first).get(0) - 10_000), ids(deep), "the oldest, alone on its page");
    assertEquals(10_001, list(jobId, 1, 1, 10).total(), "all waiting");
    assertEquals(0, list(jobId, 4, 1, 10).total());
  }

  @Test
  void finishedInstancesAndFireMarksExpireAfterTheRetentionAge() {
    long jobId = rig.createHttpJob("http://127.0.0.1:9/none", 100, null, 1, 0);
    long stopped = rig.execute(jobId, "to stop");
    long waiting = rig.execute(jobId, "still waiting");
    rig.service.stopInstance(new InstanceRef(jobId, null, stopped, NS, GROUP, null, null));
    long cron = rig.createHttpJob("http://127.0.0.1:9/none", 1, "0 0 * * * ?", 1, 0);
    clock.set(Instant.parse("2026-07-01T01:00:00Z"));
    rig.instanceRepository.insertScheduledFire(
        JobInstance.waiting(
            rig.instanceRepository.nextInstanceId(),
            rig.jobRepository.find(cron).orElseThrow().value(),
            TriggerType.SCHEDULE,
            clock.instant(),
            null,
            null,
            null,
            null));
    RetentionSweeper sweeper =
        new RetentionSweeper(
            rig.store, clock, TestRetention.DEFAULT, new TestDispatchConfig(JobsRig.LEASE, 1));

    assertEquals(0, sweeper.sweep(Duration.ofSeconds(5)), "nothing is old enough yet");
    clock.advance(Duration.ofDays(90).plusMinutes(1));
    assertEquals(2, sweeper.sweep(Duration.ofSeconds(5)), "the stopped instance and the fire mark");
    ApiException gone = assertThrows(ApiException.class, () -> rig.instance(jobId, stopped));
    assertEquals(404, gone.httpStatus());
    assertEquals(1, rig.instance(jobId, waiting).status(), "unfinished work is kept");
    assertEquals(1, list(jobId, null, 1, 10).total());
    assertEquals(0, list(jobId, 5, 1, 10).total());
    assertTrue(
        rig.instanceRepository.insertScheduledFire(
            JobInstance.waiting(
                rig.instanceRepository.nextInstanceId(),
                rig.jobRepository.find(cron).orElseThrow().value(),
                TriggerType.SCHEDULE,
                Instant.parse("2026-07-01T01:00:00Z"),
                null,
                null,
                null,
                null)),
        "the fire mark is gone");
  }
}
