package io.taskfn.mail;

import io.taskfn.api.ApiException;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.store.StoreException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts a run of a mail task, manual or scheduled. The task record is the lock: one
 * compare-and-set names the run that holds it, so of any number of concurrent starts, across
 * threads and servers, one wins; the run is written after, and holds the task while it is
 * PROCESSING. A server that dies between the two writes leaves the task held for {@link
 * #START_GRACE} only.
 */
@ApplicationScoped
public class RunStarter {

  /** How long a task stays held by a run that was never written (its server died). */
  static final Duration START_GRACE = Duration.ofMinutes(1);

  static final String MANUAL = "MANUAL";
  static final String SCHEDULE = "SCHEDULE";

  private final MailRepository mails;
  private final MailConfig.ManualRuns limit;
  private final Clock clock;
  private final Runnable dueNow;

  @Inject
  public RunStarter(MailRepository mails, MailConfig config, Clock clock, Dispatcher dispatcher) {
    this(mails, config.manualRuns(), clock, dispatcher::wakeUp);
  }

  RunStarter(MailRepository mails, MailConfig.ManualRuns limit, Clock clock, Runnable dueNow) {
    this.mails = mails;
    this.limit = limit;
    this.clock = clock;
    this.dueNow = dueNow;
  }

  /**
   * Starts a manual run.
   *
   * @return the run's TaskId
   * @throws ApiException {@code MailTask.Already.Running}, {@code MailApi.Beyond.ScheduleLimit},
   *     {@code Mail.Not.Found}, {@code Timer.Schedule.Task}
   */
  String manual(MailTask task) {
    Instant now = clock.instant();
    return start(
        task,
        MANUAL,
        now,
        t -> {
          if (holds(t, now)) {
            throw QuickBiErrors.alreadyRunning();
          }
          List<Instant> recent = recentManualRuns(t, now);
          if (limit.max() > 0 && recent.size() >= limit.max()) {
            throw QuickBiErrors.beyondScheduleLimit(
                minutesUntil(recent.get(0).plus(limit.window()), now));
          }
          Optional<Instant> nextAllowed = nextAllowed(t);
          if (nextAllowed.isPresent() && now.isBefore(nextAllowed.get())) {
            throw QuickBiErrors.beyondScheduleLimit(minutesUntil(nextAllowed.get(), now));
          }
          recent.add(now);
          return recent;
        });
  }

  /**
   * Starts a scheduled run, unless the task is held or ran too recently.
   *
   * @return what the fire did, for the task's description
   */
  String scheduled(MailTask task, Instant fireTime) {
    Instant now = clock.instant();
    try {
      String taskId =
          start(
              task,
              SCHEDULE,
              now,
              t -> {
                if (t.paused()) {
                  throw new Skipped("the task is paused");
                }
                if (holds(t, now)) {
                  throw new Skipped("run " + t.runningTaskId() + " was still running");
                }
                Optional<Instant> nextAllowed = nextAllowed(t);
                if (nextAllowed.isPresent() && now.isBefore(nextAllowed.get())) {
                  throw new Skipped(
                      "the last run started less than "
                          + t.minIntervalMinutes()
                          + " minutes before");
                }
                return recentManualRuns(t, now);
              });
      return "the fire of " + fireTime + " started run " + taskId;
    } catch (Skipped skipped) {
      return "the fire of " + fireTime + " was skipped: " + skipped.getMessage();
    }
  }

  private static final class Skipped extends RuntimeException {
    Skipped(String why) {
      super(why, null, false, false);
    }
  }

  private interface Admission {
    /** Refuses by throwing; else the task's manual run times as they are to be kept. */
    List<Instant> admit(MailTask current);
  }

  private String start(MailTask task, String trigger, Instant now, Admission admission) {
    long number = mails.nextTaskNumber();
    String taskId = Long.toString(number);
    MailTask held =
        mails
            .updateTask(
                task.organizationId(), task.mailId(), t -> t.with(taskId, now, admission.admit(t)))
            .orElseThrow(QuickBiErrors::mailNotFound);
    try {
      mails.insertRun(MailRun.started(taskId, number, held, trigger, now));
    } catch (StoreException e) {
      letGo(held, taskId);
      throw QuickBiErrors.timerScheduleTask();
    }
    dueNow.run();
    return taskId;
  }

  /** Gives the task back after its run could not be written; if that fails too, the grace does. */
  private void letGo(MailTask task, String taskId) {
    try {
      mails.updateTask(
          task.organizationId(),
          task.mailId(),
          t -> taskId.equals(t.runningTaskId()) ? t.with(null, null, t.manualRunTimes()) : t);
    } catch (StoreException ignored) {
      // the grace time lets the task go
    }
  }

  /** Whether a run holds the task now. */
  boolean holds(MailTask t, Instant now) {
    if (t.runningTaskId() == null) {
      return false;
    }
    Optional<MailRun> run = mails.run(t.organizationId(), t.runningTaskId());
    if (run.isPresent()) {
      return !run.get().status().isFinal();
    }
    return t.runStartTime() != null && now.isBefore(t.runStartTime().plus(START_GRACE));
  }

  private List<Instant> recentManualRuns(MailTask t, Instant now) {
    List<Instant> recent = new ArrayList<>();
    for (Instant at : MailRequests.orEmpty(t.manualRunTimes())) {
      if (at.plus(limit.window()).isAfter(now)) {
        recent.add(at);
      }
    }
    return recent;
  }

  private static Optional<Instant> nextAllowed(MailTask t) {
    if (t.minIntervalMinutes() == null || t.runStartTime() == null) {
      return Optional.empty();
    }
    return Optional.of(t.runStartTime().plus(Duration.ofMinutes(t.minIntervalMinutes())));
  }

  /** Whole minutes to wait, at least one. */
  private static long minutesUntil(Instant when, Instant now) {
    long seconds = Duration.between(now, when).toSeconds();
    return Math.max(1, (seconds + 59) / 60);
  }
}
