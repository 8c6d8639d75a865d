package io.taskfn.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.taskfn.api.ApiException;
import io.taskfn.mail.MailRequests.MailTaskRef;
import io.taskfn.mail.MailRequests.MailTaskSpec;
import io.taskfn.mail.MailRequests.ManualRunMailTask;
import io.taskfn.store.InMemoryStoreBackend;
import io.taskfn.support.MutableClock;
import io.taskfn.support.TestRetention;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The service's rules that need a deployment other than the tests' application: a store that
 * refuses writes, a caller fixed by configuration, a failure that is no rejection.
 */
class MailRulesTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T08:00:00Z"));
  private final RefusingStore store = new RefusingStore(new InMemoryStoreBackend());

  record TestCaller(boolean fromRequest, Optional<String> organizationId, Optional<String> userId)
      implements MailConfig.Caller {}

  record TestManualRuns(int max, Duration window) implements MailConfig.ManualRuns {}

  record Config(TestCaller caller) implements MailConfig {
    @Override
    public Optional<String> organizationsFile() {
      return Optional.empty();
    }

    @Override
    public String senderAddress() {
      return "reports@taskfn.local";
    }

    @Override
    public MailConfig.ManualRuns manualRuns() {
      return new TestManualRuns(10, Duration.ofHours(1));
    }

    @Override
    public Duration deliveryCheckInterval() {
      return Duration.ofSeconds(5);
    }

    @Override
    public Duration dataTimeout() {
      return Duration.ofSeconds(5);
    }

    @Override
    public int maxRows() {
      return 100;
    }

    @Override
    public int maxRenderedLength() {
      return 10_000;
    }
  }

  private MailService service(TestCaller caller) throws Exception {
    Directory directory = new Directory(store);
    directory.apply(
        OrganizationsFile.parse(
            new ByteArrayInputStream(
                """
                organizations:
                  - id: acme
                    edition: professional
                    expires: 2099-01-01T00:00:00Z
                    users:
                      - {id: alice, email: alice@acme.test, admin: true}
                """
                    .getBytes(StandardCharsets.UTF_8))));
    MailRepository mails = new MailRepository(store, TestRetention.DEFAULT);
    Config config = new Config(caller);
    return new MailService(
        mails,
        directory,
        new RunStarter(mails, config.manualRuns(), clock, () -> {}),
        config,
        new ReportTemplates(config.maxRenderedLength()),
        clock);
  }

  private static MailTaskSpec spec(String org, String user, MailTask.Schedule schedule) {
    return new MailTaskSpec(
        org,
        user,
        null,
        "Daily",
        null,
        new MailTask.Recipients(List.of("ann@example.org"), null),
        "{name}",
        "<p>{rowCount}</p>",
        new MailTask.Report("[{\"a\":1}]", null, null, null),
        schedule,
        null,
        null,
        null);
  }

  private static String code(Runnable call) {
    return assertThrows(ApiException.class, call::run).vendorCode();
  }

  @Test
  void aResumeBesideAPauseLeavesTheResumedTaskWithItsNextFire() throws Exception {
    MailService mails = service(new TestCaller(true, Optional.empty(), Optional.empty()));
    MailTask.Schedule daily = new MailTask.Schedule("daily", "09:00", null, null, null, null);
    String mailId = mails.create(spec("acme", "alice", daily)).result().mailId();
    MailRepository repository = new MailRepository(store, TestRetention.DEFAULT);
    Instant due = repository.nextFire("acme", mailId).orElseThrow();
    MailTaskRef ref = new MailTaskRef("acme", "alice", mailId);

    // PauseMailTask has paused the task and is about to take its fire away when
    // ResumeMailTask runs whole: the task ends resumed, so it must end with its fire.
    store.onceBeforeReplaceOf(MailRepository.FIRE_KIND, () -> mails.pause(ref, false));
    mails.pause(ref, true);

    assertEquals(false, repository.task("acme", mailId).orElseThrow().paused());
    assertEquals(Optional.of(due), repository.nextFire("acme", mailId));
  }

  @Test
  void aRunOrScheduleTheStoreRefusesIsTimerScheduleTaskAndLeavesTheTaskFree() throws Exception {
    MailService mails = service(new TestCaller(true, Optional.empty(), Optional.empty()));
    String mailId = mails.create(spec("acme", "alice", null)).result().mailId();

    store.refuseInsertsOf(MailRepository.RUN_KIND);
    ManualRunMailTask run = new ManualRunMailTask("acme", "alice", mailId);
    assertEquals("Timer.Schedule.Task", code(() -> mails.manualRun(run)));
    store.refuseInsertsOf(null);
    assertEquals(true, mails.manualRun(run).result(), "the failed start left the task free");

    store.refuseInsertsOf(MailRepository.FIRE_KIND);
    MailTask.Schedule daily = new MailTask.Schedule("daily", "09:00", null, null, null, null);
    assertEquals("Timer.Schedule.Task", code(() -> mails.create(spec("acme", "alice", daily))));
  }

  @Test
  void aDeploymentThatTurnsCallersInRequestsOffUsesItsOwnCallerAndRefusesNamedOnes()
      throws Exception {
    MailService mails = service(new TestCaller(false, Optional.of("acme"), Optional.of("alice")));
    String mailId = mails.create(spec(null, null, null)).result().mailId();
    assertEquals(
        "Daily", mails.describe(new MailTaskRef(null, null, mailId)).result().subscribeName());
    ApiException named =
        assertThrows(ApiException.class, () -> mails.create(spec("acme", "alice", null)));
    assertEquals("Invalid.Parameter.Error", named.vendorCode());
    assertEquals(
        "The parameter is invalid:CallerOrganizationId may not be given: this deployment does not"
            + " take the caller from the request.",
        named.getMessage());
  }

  @Test
  void aFailureThatIsNoRejectionIsInternalSystemError() throws Exception {
    MailFunctions functions = new MailFunctions();
    functions.mails = service(new TestCaller(true, Optional.empty(), Optional.empty()));
    store.failReads();
    ApiException e =
        assertThrows(
            ApiException.class,
            () ->
                functions.getMailTaskList(
                    new MailRequests.GetMailTaskList("acme", "alice", 1, 10, null, null)));
    assertEquals("Internal.System.Error", e.vendorCode());
    assertEquals("An internal system error occurred.", e.getMessage());
  }

  @Test
  void schedulesAreTheQuartzExpressionsTheyStandFor() {
    assertEquals(
        "0 30 7 * * ?",
        MailSchedule.of(new MailTask.Schedule("daily", "07:30", null, null, null, null)).cron());
    assertEquals(
        "0 0 9 ? * MON,FRI,SUN",
        MailSchedule.of(
                new MailTask.Schedule("Weekly", "09:00", List.of(7, 5, 1, 5), null, null, null))
            .cron());
    MailSchedule monthly =
        MailSchedule.of(
            new MailTask.Schedule("monthly", "08:00", null, List.of(31, 1), null, "Europe/Berlin"));
    assertEquals("0 0 8 1,31 * ?", monthly.cron());
    assertEquals(
        Instant.parse("2026-03-31T06:00:00Z"),
        monthly.nextFireAfter(Instant.parse("2026-03-01T07:00:00Z")).orElseThrow(),
        "the 31st in summer time, skipping none of the month's dates");
    assertEquals(
        Instant.parse("2026-05-01T06:00:00Z"),
        monthly.nextFireAfter(Instant.parse("2026-04-01T07:00:00Z")).orElseThrow(),
        "April has no 31st");
    ApiException never =
        assertThrows(
            ApiException.class,
            () ->
                MailSchedule.of(
                        new MailTask.Schedule("cron", null, null, null, "0 0 0 30 2 ?", null))
                    .requireFireAfter(Instant.parse("2026-01-01T00:00:00Z")));
    assertEquals("Invalid.Parameter.Error", never.vendorCode());
  }
}
