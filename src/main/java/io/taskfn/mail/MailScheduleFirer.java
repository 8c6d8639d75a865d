package io.taskfn.mail;

import io.taskfn.dispatch.HeldRecord;
import io.taskfn.dispatch.LeasedHandler;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Fires a scheduled mail task whose time has come: starts a run (unless the task is paused, still
 * running or ran too recently), then makes the next fire due. A fire missed while no server ran
 * fires once, late; the schedule goes on from now rather than replaying every missed time.
 */
@Singleton
public class MailScheduleFirer extends LeasedHandler<MailFire> {

  /** A fire that failed (the store refused, say) is tried again this much later. */
  static final Duration RETRY_FAILED_FIRE = Duration.ofMinutes(1);

  private final MailRepository mails;
  private final RunStarter starter;
  private final Clock clock;

  public MailScheduleFirer(MailRepository mails, RunStarter starter, Clock clock) {
    super(mails.fireRecords());
    this.mails = mails;
    this.starter = starter;
    this.clock = clock;
  }

  /** A schedule never finishes: a task that no longer fires is not due. */
  @Override
  protected boolean isFinished(MailFire fire) {
    return false;
  }

  @Override
  protected MailFire failed(MailFire fire, RuntimeException cause) {
    return new MailFire(fire.mailId(), fire.organizationId(), "the fire failed: " + cause);
  }

  @Override
  protected Instant dueAfterFailure(MailFire fire) {
    return clock.instant().plus(RETRY_FAILED_FIRE);
  }

  @Override
  protected void handle(HeldRecord<MailFire> held) {
    MailFire fire = held.value();
    Instant fireTime = held.record().dueAt();
    Optional<MailTask> task = mails.task(fire.organizationId(), fire.mailId());
    if (task.isEmpty() || task.get().schedule() == null || task.get().paused()) {
      held.release(fire, null);
      return;
    }
    String outcome = starter.scheduled(task.get(), fireTime);
    Instant now = clock.instant();
    Instant next =
        MailSchedule.of(task.get().schedule())
            .nextFireAfter(fireTime.isAfter(now) ? fireTime : now)
            .orElse(null);
    held.release(new MailFire(fire.mailId(), fire.organizationId(), outcome), next);
  }
}
