package io.taskfn.mail;

import io.taskfn.dispatch.ScheduleFirer;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Fires a scheduled mail task whose time has come: starts a run (unless the task is paused, still
 * running or ran too recently), then makes the next fire due.
 */
@Singleton
public class MailScheduleFirer extends ScheduleFirer<MailFire> {

  private final MailRepository mails;
  private final RunStarter starter;

  public MailScheduleFirer(MailRepository mails, RunStarter starter, Clock clock) {
    super(mails.fireRecords(), clock);
    this.mails = mails;
    this.starter = starter;
  }

  @Override
  protected MailFire failed(MailFire fire, RuntimeException cause) {
    return new MailFire(fire.mailId(), fire.organizationId(), "the fire failed: " + cause);
  }

  @Override
  protected Fired<MailFire> fire(MailFire fire, Instant fireTime) {
    Optional<MailTask> task = mails.task(fire.organizationId(), fire.mailId());
    if (task.isEmpty() || task.get().schedule() == null || task.get().paused()) {
      return Fired.stop(fire);
    }
    String outcome = starter.scheduled(task.get(), fireTime);
    return Fired.goOn(
        new MailFire(fire.mailId(), fire.organizationId(), outcome),
        MailSchedule.of(task.get().schedule()));
  }
}
