package io.taskfn.mail;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * One run of a mail task: due work for the dispatcher until it is final. Until its messages are
 * handed to the email family {@code deliveries} is empty; then it holds one per recipient and the
 * run waits for their outcome.
 *
 * @param taskNumber the number {@code taskId} is made of, which orders a task's runs
 * @param trigger MANUAL or SCHEDULE
 * @param reason why the run failed or was skipped; null otherwise
 */
@RegisterForReflection
public record MailRun(
    String taskId,
    long taskNumber,
    String mailId,
    String organizationId,
    String trigger,
    RunStatus status,
    Instant execTime,
    Instant finishTime,
    String reason,
    int rowCount,
    List<Delivery> deliveries) {

  /**
   * One recipient's message.
   *
   * @param messageId the email family's id, which GetSendStatus answers for; null if the email
   *     family refused the message
   * @param status the message's GetSendStatus ({@code queued}, {@code outForDelivery}, {@code
   *     dropped}), or {@code rejected} when it was refused
   */
  @RegisterForReflection
  public record Delivery(String recipient, String messageId, String status, String reason) {

    boolean isFinal() {
      return !"queued".equals(status);
    }

    boolean isOut() {
      return "outForDelivery".equals(status);
    }
  }

  static MailRun started(
      String taskId, long taskNumber, MailTask task, String trigger, Instant now) {
    return new MailRun(
        taskId,
        taskNumber,
        task.mailId(),
        task.organizationId(),
        trigger,
        RunStatus.PROCESSING,
        now,
        null,
        null,
        0,
        List.of());
  }

  private MailRun to(
      RunStatus next, Instant finished, String why, int rows, List<Delivery> newDeliveries) {
    RunStatus.TRANSITIONS.check(taskId, status, next);
    return new MailRun(
        taskId,
        taskNumber,
        mailId,
        organizationId,
        trigger,
        next,
        execTime,
        finished,
        why,
        rows,
        newDeliveries);
  }

  /** The messages were handed over; the run waits for their outcome. */
  MailRun handedOver(int rows, List<Delivery> handed) {
    return to(RunStatus.PROCESSING, null, null, rows, handed);
  }

  MailRun checked(List<Delivery> now) {
    return to(RunStatus.PROCESSING, null, null, rowCount, now);
  }

  MailRun sent(Instant now, List<Delivery> done) {
    return to(RunStatus.SENT, now, null, rowCount, done);
  }

  MailRun failed(Instant now, String why, List<Delivery> done) {
    return to(RunStatus.FAILED, now, why, rowCount, done);
  }

  MailRun skipped(Instant now, String why) {
    return to(RunStatus.SKIPPED, now, why, 0, List.of());
  }
}
