package io.taskfn.calltask;

import io.taskfn.dispatch.HeldRecord;
import io.taskfn.dispatch.LeasedHandler;
import io.taskfn.store.Versioned;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Places the call of a queued number. Right before dialling it checks, with the task as it is now,
 * that the task runs, that a call is allowed at this instant, that the number's re-ring interval is
 * over and re-rings remain, that the number is not on the do-not-call list, and takes one of the
 * task's {@code Concurrency} slots (a compare-and-set shared by every server). A number that may
 * not be called now goes back to waiting, its calls uncounted. After the call: the call record, the
 * number's outcome (answered numbers are done; unanswered ones wait {@code RingAgainInterval} for a
 * re-ring while {@code RingAgainTimes} allows), the record to {@code CallRecordPostUrl}, and the
 * next waiting number queued in its place. A call of a task that StopTask stops ends at once
 * ({@link CallsInFlight}).
 */
@Singleton
public class CallRunner extends LeasedHandler<CallNumber> {

  private static final Logger LOG = Logger.getLogger(CallRunner.class);

  /** How many waiting numbers a finished call looks through for one to queue next. */
  static final int SUCCESSOR_SCAN = 8;

  private final CallTaskStore store;
  private final Dialer dialer;
  private final Clock clock;
  private final ZoneId zone;
  private final Duration play;
  private final CallsInFlight inFlight;

  @Inject
  public CallRunner(
      CallTaskStore store,
      Dialer dialer,
      Clock clock,
      CallTaskConfig config,
      CallsInFlight inFlight) {
    this(store, dialer, clock, config.zone(), config.dialer().playDuration(), inFlight);
  }

  CallRunner(
      CallTaskStore store,
      Dialer dialer,
      Clock clock,
      ZoneId zone,
      Duration play,
      CallsInFlight inFlight) {
    super(store.numberRecords());
    this.store = store;
    this.dialer = dialer;
    this.clock = clock;
    this.zone = zone;
    this.play = play;
    this.inFlight = inFlight;
  }

  @Override
  protected boolean isFinished(CallNumber number) {
    return number.state() != CallNumber.State.QUEUED;
  }

  /** A number whose call broke this handler waits for a re-ring, as after an unanswered call. */
  @Override
  protected CallNumber failed(CallNumber number, RuntimeException cause) {
    return number.in(CallNumber.State.WAITING);
  }

  @Override
  protected void handle(HeldRecord<CallNumber> held) throws InterruptedException {
    CallNumber number = held.value();
    CompletableFuture<Void> hangUp = inFlight.begin(number.taskOpenId());
    try {
      place(held, number, hangUp);
    } finally {
      inFlight.end(number.taskOpenId(), hangUp);
    }
  }

  private void place(HeldRecord<CallNumber> held, CallNumber number, CompletableFuture<Void> hangUp)
      throws InterruptedException {
    Instant now = clock.instant();
    Optional<CallTask> found = store.task(number.taskOpenId());
    if (found.isEmpty() || found.get().state() != TaskState.RUNNING) {
      held.release(number.in(CallNumber.State.WAITING), null);
      return;
    }
    CallTask task = found.get();
    if (!task.window(zone).allows(now)) {
      held.release(number.in(CallNumber.State.WAITING), null);
      store.wakePacer(task.taskOpenId(), now);
      return;
    }
    if (!TaskPacer.isReady(number, now.minus(Duration.ofMinutes(task.ringAgainInterval())))) {
      // RingAgainInterval was raised after the number was queued for its re-ring.
      held.release(number.in(CallNumber.State.WAITING), null);
      store.wakePacer(task.taskOpenId(), now);
      return;
    }
    if (number.calls() > task.ringAgainTimes()) {
      // RingAgainTimes was lowered below the calls this number already had.
      held.release(number.in(CallNumber.State.UNANSWERED), null);
      queueNext(task);
      return;
    }
    if (store.onDoNotCallList(number.phone())) {
      skip(held, task, number, now);
      return;
    }
    String numberId = held.key().id();
    if (!store.takeCallSlot(task.taskOpenId(), numberId, task.concurrency(), now)) {
      held.release(number.in(CallNumber.State.WAITING), null);
      return;
    }
    long seq = store.nextId("callrecord");
    Instant begin = now;
    Dialer.Outcome outcome;
    try {
      if (hangUp.isDone()) {
        // Stopped since the task was read: no call is placed.
        held.release(number.in(CallNumber.State.WAITING), null);
        return;
      }
      outcome = dial(task, number, seq, begin, hangUp);
    } finally {
      store.releaseCallSlot(task.taskOpenId(), numberId);
    }
    CallRecord record = store.insertRecord(record(task, number, seq, begin, outcome), seq);
    // The task as it is after the call: an update meanwhile applies to this outcome.
    CallTask after = store.task(task.taskOpenId()).orElse(task);
    CallNumber.State next;
    if (!outcome.result().isUnanswered()) {
      next = CallNumber.State.ANSWERED;
    } else if (number.calls() + 1 <= after.ringAgainTimes()) {
      next = CallNumber.State.WAITING;
    } else {
      next = CallNumber.State.UNANSWERED;
    }
    held.release(number.called(outcome.result(), outcome.endTime(), next), null);
    store.post(after, record, seq, clock.instant());
    queueNext(after);
  }

  private Dialer.Outcome dial(
      CallTask task, CallNumber number, long seq, Instant begin, CompletableFuture<Void> hangUp)
      throws InterruptedException {
    Dialer.Call call =
        new Dialer.Call(
            callId(seq),
            task.taskOpenId(),
            task.callerFor(number.calls() + number.seq()),
            number.phone(),
            task.resource(),
            task.type(),
            number.phoneParam(),
            Duration.ofSeconds(task.maxRingDuration()),
            play,
            hangUp);
    try {
      return dialer.dial(call);
    } catch (RuntimeException e) {
      LOG.warnf("call %s to %s could not be placed: %s", call.callId(), call.callee(), e);
      Instant end = clock.instant();
      return new Dialer.Outcome(
          CallResult.UNREACHABLE, null, null, end.isBefore(begin) ? begin : end);
    }
  }

  private void skip(HeldRecord<CallNumber> held, CallTask task, CallNumber number, Instant now) {
    long seq = store.nextId("callrecord");
    CallRecord record =
        store.insertRecord(
            record(
                task,
                number,
                seq,
                now,
                new Dialer.Outcome(CallResult.DO_NOT_CALL, null, null, now)),
            seq);
    held.release(
        new CallNumber(
            number.taskOpenId(),
            number.seq(),
            number.phone(),
            number.phoneParam(),
            number.ext(),
            CallNumber.State.SKIPPED,
            number.calls(),
            number.lastCallEnd(),
            CallResult.DO_NOT_CALL.code()),
        null);
    store.post(task, record, seq, now);
    queueNext(task);
  }

  static String callId(long seq) {
    return "call-" + seq;
  }

  private static CallRecord record(
      CallTask task, CallNumber number, long seq, Instant begin, Dialer.Outcome outcome) {
    int seconds =
        outcome.startTime() == null
            ? 0
            : (int) Duration.between(outcome.startTime(), outcome.endTime()).toSeconds();
    return new CallRecord(
        callId(seq),
        task.taskOpenId(),
        task.callerFor(number.calls() + number.seq()),
        number.phone(),
        begin.toEpochMilli(),
        millis(outcome.ringTime()),
        millis(outcome.startTime()),
        outcome.endTime().toEpochMilli(),
        Math.max(0, seconds),
        outcome.result().code(),
        number.ext());
  }

  private static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  /**
   * Queues the next waiting number that is ready, so the task's calls keep going; when there is
   * none (or calls are not allowed now), the pacer decides what comes next.
   */
  private void queueNext(CallTask task) {
    Instant now = clock.instant();
    if (task.state() != TaskState.RUNNING) {
      return;
    }
    if (task.window(zone).allows(now)) {
      Instant ready = now.minus(Duration.ofMinutes(task.ringAgainInterval()));
      for (Versioned<CallNumber> waiting : store.waiting(task.taskOpenId(), SUCCESSOR_SCAN)) {
        if (!TaskPacer.isReady(waiting.value(), ready)) {
          break;
        }
        if (store.queue(waiting, now)) {
          return;
        }
      }
    }
    store.wakePacer(task.taskOpenId(), now);
  }
}
