package io.taskfn.mail;

import static io.taskfn.store.TypedRepository.numericId;

import io.taskfn.store.DuplicateRecordException;
import io.taskfn.store.IndexSlot;
import io.taskfn.store.RecordShape;
import io.taskfn.store.RetentionConfig;
import io.taskfn.store.Scan;
import io.taskfn.store.Sequences;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.TypedRepository;
import io.taskfn.store.Versioned;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Mail tasks, their runs and their schedules' fires, each under its organization. Tasks are indexed
 * by whether they are paused and by owner (both counted, so a listing's total costs one read); runs
 * by task in run order, and expire the retention age after they end.
 */
@ApplicationScoped
public class MailRepository {

  static final String TASK_KIND = "mailtask";
  static final String RUN_KIND = "mailrun";
  static final String FIRE_KIND = "mailfire";

  private final TypedRepository<MailTask> tasks;
  private final TypedRepository<MailRun> runs;
  private final TypedRepository<MailFire> fires;
  private final Sequences taskNumbers;

  public MailRepository(StoreBackend store, RetentionConfig retention) {
    Duration kept = retention.finishedAge();
    this.tasks =
        new TypedRepository<>(
            store,
            TASK_KIND,
            MailTask.class,
            RecordShape.<MailTask>plain()
                .index1(t -> pausedKey(t.paused()))
                .index2(t -> ownerKey(t.ownerUserId(), t.paused()))
                .counted(IndexSlot.INDEX1, IndexSlot.INDEX2));
    this.runs =
        new TypedRepository<>(
            store,
            RUN_KIND,
            MailRun.class,
            RecordShape.<MailRun>plain()
                .index1(r -> runKey(r.mailId(), r.taskNumber()))
                .expiresAt(r -> r.finishTime() == null ? null : r.finishTime().plus(kept)));
    this.fires = new TypedRepository<>(store, FIRE_KIND, MailFire.class);
    this.taskNumbers = new Sequences(store, 32);
  }

  static String pausedKey(boolean paused) {
    return paused ? "1" : "0";
  }

  /** The owner's tasks, unpaused before paused: a prefix of {@code ownerKey(owner, *)}. */
  static String ownerKey(String ownerUserId, Boolean paused) {
    return ownerUserId + "\n" + (paused == null ? "" : pausedKey(paused));
  }

  private static String runKey(String mailId, long taskNumber) {
    return mailId + "/" + numericId(taskNumber);
  }

  TypedRepository<MailRun> runRecords() {
    return runs;
  }

  TypedRepository<MailFire> fireRecords() {
    return fires;
  }

  // Tasks

  Optional<MailTask> task(String org, String mailId) {
    return tasks.find(org, mailId).map(Versioned::value);
  }

  void insertTask(MailTask task) {
    tasks.insert(task.organizationId(), task.mailId(), task, null);
  }

  Optional<MailTask> updateTask(String org, String mailId, UnaryOperator<MailTask> change) {
    return tasks.update(org, mailId, change).map(Versioned::value);
  }

  boolean deleteTask(String org, String mailId, java.util.function.Consumer<MailTask> check) {
    boolean deleted = tasks.delete(org, mailId, check);
    fires.delete(org, mailId, fire -> {});
    return deleted;
  }

  long countTasks(String org, IndexSlot slot, String value) {
    return tasks.count(org, slot, value);
  }

  List<Versioned<MailTask>> taskRecordsPage(Scan scan) {
    return tasks.scan(scan);
  }

  // Runs

  long nextTaskNumber() {
    return taskNumbers.next(RUN_KIND);
  }

  void insertRun(MailRun run) {
    runs.insert(run.organizationId(), run.taskId(), run, run.execTime());
  }

  Optional<MailRun> run(String org, String taskId) {
    return runs.find(org, taskId).map(Versioned::value);
  }

  /** The task's latest run, if one is kept. */
  Optional<MailRun> latestRun(String org, String mailId) {
    List<Versioned<MailRun>> newest =
        runs.scan(Scan.withPrefix(RUN_KIND, org, IndexSlot.INDEX1, mailId + "/", 1).newestFirst());
    return newest.stream().findFirst().map(Versioned::value);
  }

  // Fires

  /** Makes the task's next fire due at {@code next} (none: the task does not fire). */
  void scheduleFire(MailTask task, Instant next) {
    String org = task.organizationId();
    if (fires.updateAndLetGo(org, task.mailId(), f -> f, f -> next).isPresent()) {
      return;
    }
    if (next == null) {
      return;
    }
    try {
      fires.insert(org, task.mailId(), new MailFire(task.mailId(), org, null), next);
    } catch (DuplicateRecordException raced) {
      fires.updateAndLetGo(org, task.mailId(), f -> f, f -> next);
    }
  }

  Optional<Instant> nextFire(String org, String mailId) {
    return fires.find(org, mailId).map(v -> v.record().dueAt());
  }

  Optional<MailFire> fire(String org, String mailId) {
    return fires.find(org, mailId).map(Versioned::value);
  }
}
