package io.taskfn.calltask;

import static io.taskfn.store.TypedRepository.numericId;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.store.DuplicateRecordException;
import io.taskfn.store.IndexSlot;
import io.taskfn.store.RecordShape;
import io.taskfn.store.RetentionConfig;
import io.taskfn.store.Scan;
import io.taskfn.store.Sequences;
import io.taskfn.store.Slots;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoreProducer;
import io.taskfn.store.TypedRepository;
import io.taskfn.store.Versioned;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The records of call tasks, in the family's own words. Numbers are indexed by task and state
 * (counted: a task's progress costs the same however many numbers it has) and, while waiting, by
 * task and the end of their last call, so the numbers ready to call are read first. Call records
 * are indexed by task, counted, and expire the retention age after they end.
 */
@ApplicationScoped
public class CallTaskStore {

  static final String TENANT = StoreProducer.DEFAULT_TENANT;
  static final String TASK_KIND = "calltask";
  static final String NUMBER_KIND = "callnumber";
  static final String RECORD_KIND = "callrecord";
  static final String DO_NOT_CALL_KIND = "calldnc";
  static final String POST_KIND = "callpost";

  /** A number on the account's do-not-call list. */
  @RegisterForReflection
  public record DoNotCall(String phone, Instant createTime) {}

  private final TypedRepository<CallTask> tasks;
  private final TypedRepository<CallNumber> numbers;
  private final TypedRepository<CallRecord> records;
  private final TypedRepository<DoNotCall> doNotCall;
  private final TypedRepository<CallRecordPost> posts;
  private final Sequences ids;
  private final Slots callSlots;
  private final Slots runningTasks;
  private final StoreBackend store;
  private final Runnable dueNow;

  @Inject
  public CallTaskStore(StoreBackend store, RetentionConfig retention, Dispatcher dispatcher) {
    this(store, retention, dispatcher::wakeUp);
  }

  /**
   * @param dueNow told whenever work was made due at once (a task to pace, a number to call), so
   *     the dispatcher takes it now rather than at its next poll
   */
  CallTaskStore(StoreBackend store, RetentionConfig retention, Runnable dueNow) {
    this.store = store;
    this.dueNow = dueNow;
    Duration kept = retention.finishedAge();
    this.tasks = new TypedRepository<>(store, TASK_KIND, CallTask.class);
    this.numbers =
        new TypedRepository<>(
            store,
            NUMBER_KIND,
            CallNumber.class,
            RecordShape.<CallNumber>plain()
                .index1(n -> byState(n.taskOpenId(), n.state()))
                .index2(n -> n.state() == CallNumber.State.WAITING ? waitingOrder(n) : null)
                .counted(IndexSlot.INDEX1));
    this.records =
        new TypedRepository<>(
            store,
            RECORD_KIND,
            CallRecord.class,
            RecordShape.<CallRecord>plain()
                .index1(CallRecord::taskOpenId)
                .counted(IndexSlot.INDEX1)
                .expiresAt(r -> Instant.ofEpochMilli(r.endTime()).plus(kept)));
    this.doNotCall = new TypedRepository<>(store, DO_NOT_CALL_KIND, DoNotCall.class);
    this.posts =
        new TypedRepository<>(
            store,
            POST_KIND,
            CallRecordPost.class,
            RecordShape.<CallRecordPost>plain()
                .expiresAt(p -> p.isDone() ? p.endTime().plus(kept) : null));
    this.ids = new Sequences(store, 64);
    this.callSlots = new Slots(store, "callslots", TENANT);
    this.runningTasks = new Slots(store, "callrunning", TENANT);
  }

  private static String byState(String taskOpenId, CallNumber.State state) {
    return taskOpenId + "/" + state.letter;
  }

  /** Waiting numbers of a task, those whose last call ended longest ago (or never) first. */
  private static String waitingOrder(CallNumber n) {
    long lastEnd = n.lastCallEnd() == null ? 0 : n.lastCallEnd().toEpochMilli();
    return n.taskOpenId() + "/" + String.format("%015d", lastEnd) + "/" + numericId(n.seq());
  }

  StoreBackend backend() {
    return store;
  }

  TypedRepository<CallTask> taskRecords() {
    return tasks;
  }

  TypedRepository<CallNumber> numberRecords() {
    return numbers;
  }

  long nextId(String sequence) {
    return ids.next(sequence);
  }

  // Tasks

  Optional<CallTask> task(String taskOpenId) {
    return tasks.find(TENANT, taskOpenId).map(Versioned::value);
  }

  void insertTask(CallTask task, Instant due) {
    tasks.insert(TENANT, task.taskOpenId(), task, due);
    if (due != null) {
      dueNow.run();
    }
  }

  /**
   * Changes a task; a running task is then due for its pacer at once, so the change applies to the
   * next calls. Any pacer's hold on the task ends: a pacer that read the task before the change
   * must not write it back.
   */
  Optional<CallTask> changeTask(String taskOpenId, UnaryOperator<CallTask> change, Instant now) {
    Optional<CallTask> changed =
        tasks
            .updateAndLetGo(
                TENANT, taskOpenId, change, t -> t.state() == TaskState.RUNNING ? now : null)
            .map(Versioned::value);
    dueNow.run();
    return changed;
  }

  /** Has the pacer look at the task now. */
  void wakePacer(String taskOpenId, Instant now) {
    tasks.updateAndLetGo(
        TENANT, taskOpenId, UnaryOperator.identity(), t -> t.state().isFinal() ? null : now);
    dueNow.run();
  }

  // Numbers

  /**
   * Adds a number, waiting; with {@code unique} its id is the number itself, so adding it twice
   * fails.
   *
   * @return false if the task already has the number and wants each once
   */
  boolean insertNumber(CallNumber number, boolean unique) {
    String id =
        number.taskOpenId() + (unique ? "/p/" + number.phone() : "/" + numericId(number.seq()));
    try {
      numbers.insert(TENANT, id, number, null);
      return true;
    } catch (DuplicateRecordException alreadyThere) {
      return false;
    }
  }

  long countNumbers(String taskOpenId, CallNumber.State state) {
    return numbers.count(TENANT, IndexSlot.INDEX1, byState(taskOpenId, state));
  }

  /** Up to {@code limit} waiting numbers of a task, longest since their last call first. */
  List<Versioned<CallNumber>> waiting(String taskOpenId, int limit) {
    return numbers.scan(
        Scan.withPrefix(NUMBER_KIND, TENANT, IndexSlot.INDEX2, taskOpenId + "/", limit));
  }

  /**
   * Queues a waiting number for its call, due now, unless another took it meanwhile.
   *
   * @return whether this caller queued it
   */
  boolean queue(Versioned<CallNumber> waiting, Instant now) {
    try {
      boolean queued =
          numbers
              .update(
                  TENANT,
                  waiting.record().id(),
                  n -> {
                    if (n.state() != CallNumber.State.WAITING
                        || !Objects.equals(n.lastCallEnd(), waiting.value().lastCallEnd())) {
                      throw TAKEN;
                    }
                    return n.in(CallNumber.State.QUEUED);
                  },
                  n -> now)
              .isPresent();
      if (queued) {
        dueNow.run();
      }
      return queued;
    } catch (Taken taken) {
      return false;
    }
  }

  /** Another pacer or runner queued the number first: nothing is written. */
  private static final class Taken extends RuntimeException {
    Taken() {
      super(null, null, false, false);
    }
  }

  private static final Taken TAKEN = new Taken();

  // Call records

  CallRecord insertRecord(CallRecord record, long seq) {
    records.insert(TENANT, record.taskOpenId() + "/" + numericId(seq), record, null);
    return record;
  }

  TypedRepository<CallRecordPost> postRecords() {
    return posts;
  }

  /** Has the record sent to the task's CallRecordPostUrl, if it has one. */
  void post(CallTask task, CallRecord record, long seq, Instant now) {
    if (task.callRecordPostUrl() == null) {
      return;
    }
    posts.insert(
        TENANT,
        record.taskOpenId() + "/" + numericId(seq),
        new CallRecordPost(task.callRecordPostUrl(), record, 0, null, null),
        now);
    dueNow.run();
  }

  long countRecords(String taskOpenId) {
    return records.count(TENANT, IndexSlot.INDEX1, taskOpenId);
  }

  /** A page of a task's call records, newest first, after the position of {@code after}. */
  List<Versioned<CallRecord>> recordsNewestFirst(
      String taskOpenId, Scan.Position after, int limit) {
    Scan scan = Scan.exact(RECORD_KIND, TENANT, IndexSlot.INDEX1, taskOpenId, limit).newestFirst();
    return records.scan(after == null ? scan : scan.after(after));
  }

  // Do-not-call list

  boolean onDoNotCallList(String phone) {
    return doNotCall.find(TENANT, phone).isPresent();
  }

  boolean addDoNotCall(String phone, Instant now) {
    try {
      doNotCall.insert(TENANT, phone, new DoNotCall(phone, now), null);
      return true;
    } catch (DuplicateRecordException alreadyThere) {
      return false;
    }
  }

  boolean removeDoNotCall(String phone) {
    return doNotCall.delete(TENANT, phone, entry -> {});
  }

  List<Versioned<DoNotCall>> doNotCallPage(String afterPhone, int limit) {
    Scan scan = Scan.all(DO_NOT_CALL_KIND, TENANT, limit);
    return doNotCall.scan(
        afterPhone == null ? scan : scan.after(new Scan.Position(null, afterPhone)));
  }

  // Caps

  /** A slot among the task's {@code Concurrency} calls in flight, across servers. */
  boolean takeCallSlot(String taskOpenId, String numberId, int concurrency, Instant now) {
    return callSlots
        .tryAcquire(
            taskOpenId,
            numberId,
            concurrency,
            holder ->
                numbers
                    .find(TENANT, holder)
                    .map(
                        v ->
                            v.value().state() == CallNumber.State.QUEUED
                                && v.record().leaseUntil() != null
                                && v.record().leaseUntil().isAfter(now))
                    .orElse(false))
        .isPresent();
  }

  void releaseCallSlot(String taskOpenId, String numberId) {
    callSlots.release(taskOpenId, numberId);
  }

  /** One of the account's running tasks, across servers. */
  boolean takeRunningSlot(String taskOpenId, int max) {
    return runningTasks.tryAcquire(TENANT, taskOpenId, max, this::isRunning).isPresent();
  }

  /** Whether {@link #takeRunningSlot} would succeed now, for a dry run. */
  boolean hasRunningSlot(String taskOpenId, int max) {
    return runningTasks.hasRoom(TENANT, taskOpenId, max, this::isRunning);
  }

  private boolean isRunning(String taskOpenId) {
    return task(taskOpenId).map(t -> t.state() == TaskState.RUNNING).orElse(false);
  }

  void releaseRunningSlot(String taskOpenId) {
    runningTasks.release(TENANT, taskOpenId);
  }
}
