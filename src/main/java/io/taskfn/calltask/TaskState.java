package io.taskfn.calltask;

import io.taskfn.api.Transitions;
import java.util.Locale;

/**
 * A call task's state, with the code answers show and every change allowed. A state allowed to
 * become itself accepts changes in place (UpdateTask, BatchAppend); stopped and finished tasks
 * accept none.
 */
public enum TaskState {
  NOT_STARTED(0),
  RUNNING(1),
  PAUSED(2),
  STOPPED(3),
  FINISHED(4);

  public static final Transitions<TaskState> TRANSITIONS =
      Transitions.of(
              TaskState.class,
              "task",
              s -> s.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " (state " + s.code + ")")
          .allow(NOT_STARTED, NOT_STARTED, RUNNING, STOPPED)
          .allow(RUNNING, RUNNING, PAUSED, STOPPED, FINISHED)
          // A paused task whose EndTime passed finishes when it is resumed.
          .allow(PAUSED, PAUSED, RUNNING, STOPPED, FINISHED)
          .allow(STOPPED)
          .allow(FINISHED)
          .build();

  private final int code;

  TaskState(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public boolean isFinal() {
    return this == STOPPED || this == FINISHED;
  }
}
