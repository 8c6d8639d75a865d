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
import java.util.List;
import java.util.Optional;

/**
 * Runs a task: while calls are allowed it queues waiting numbers for their calls, up to {@code
 * Concurrency} queued at once; otherwise it is due again when they are next allowed (the window
 * opens, a forbidden range ends, a re-ring's interval is over). It finishes the task when every
 * number has its final outcome (unless {@code FinishWhenListEnd} is false: then it waits for more
 * numbers) or when {@code EndTime} passes.
 *
 * <p>A call that ends queues the next number itself ({@link CallRunner}), so a task keeps its calls
 * going without its pacer; the pacer looks again at least every {@link #TICK}.
 */
@Singleton
public class TaskPacer extends LeasedHandler<CallTask> {

  static final Duration TICK = Duration.ofMinutes(1);

  private final CallTaskStore store;
  private final Clock clock;
  private final ZoneId zone;

  @Inject
  public TaskPacer(CallTaskStore store, Clock clock, CallTaskConfig config) {
    this(store, clock, config.zone());
  }

  TaskPacer(CallTaskStore store, Clock clock, ZoneId zone) {
    super(store.taskRecords());
    this.store = store;
    this.clock = clock;
    this.zone = zone;
  }

  @Override
  protected boolean isFinished(CallTask task) {
    return task.state().isFinal();
  }

  /** A pacer that failed leaves the task as it is and looks again a tick later. */
  @Override
  protected CallTask failed(CallTask task, RuntimeException cause) {
    return task;
  }

  @Override
  protected Instant dueAfterFailure(CallTask task) {
    return task.state() == TaskState.RUNNING ? clock.instant().plus(TICK) : null;
  }

  @Override
  protected void handle(HeldRecord<CallTask> held) {
    CallTask task = held.value();
    Instant now = clock.instant();
    if (task.state() != TaskState.RUNNING) {
      held.release(task, null);
      return;
    }
    if (now.isAfter(task.endTime())) {
      finish(held, task, now, "EndTime passed");
      return;
    }
    Optional<Instant> allowed = task.window(zone).nextAllowed(now);
    if (allowed.isEmpty()) {
      finish(held, task, now, "no time before EndTime is outside ForbidTimeList");
      return;
    }
    if (allowed.get().isAfter(now)) {
      held.release(task, allowed.get());
      return;
    }
    String id = task.taskOpenId();
    long waiting = store.countNumbers(id, CallNumber.State.WAITING);
    long queued = store.countNumbers(id, CallNumber.State.QUEUED);
    if (waiting == 0 && queued == 0) {
      if (task.finishWhenListEnd()) {
        finish(held, task, now, "every number has its final outcome");
      } else {
        held.release(task, task.endTime().plusMillis(1));
      }
      return;
    }
    long free = task.concurrency() - queued;
    Instant ready = now.minus(Duration.ofMinutes(task.ringAgainInterval()));
    if (free > 0) {
      for (Versioned<CallNumber> number : store.waiting(id, (int) Math.min(free, 1_000))) {
        if (!isReady(number.value(), ready)) {
          break;
        }
        store.queue(number, now);
      }
    }
    held.release(task, nextLook(task, now, ready));
  }

  static boolean isReady(CallNumber number, Instant readyBefore) {
    return number.lastCallEnd() == null || !number.lastCallEnd().isAfter(readyBefore);
  }

  /** A tick from now, or sooner when the first waiting number's re-ring falls due or time ends. */
  private Instant nextLook(CallTask task, Instant now, Instant readyBefore) {
    Instant next = now.plus(TICK);
    List<Versioned<CallNumber>> head = store.waiting(task.taskOpenId(), 1);
    if (!head.isEmpty() && !isReady(head.get(0).value(), readyBefore)) {
      Instant due =
          head.get(0).value().lastCallEnd().plus(Duration.ofMinutes(task.ringAgainInterval()));
      next = due.isBefore(next) ? due : next;
    }
    Instant afterEnd = task.endTime().plusMillis(1);
    return afterEnd.isBefore(next) ? afterEnd : next;
  }

  private void finish(HeldRecord<CallTask> held, CallTask task, Instant now, String reason) {
    TaskState.TRANSITIONS.check(task.taskOpenId(), task.state(), TaskState.FINISHED);
    held.release(task.withState(TaskState.FINISHED, now, reason), null);
    store.releaseRunningSlot(task.taskOpenId());
  }
}
