package io.taskfn.flow;

import io.taskfn.api.Transitions;

/** An execution's status, named as the vendor names it, with every transition allowed. */
public enum ExecutionStatus {
  Running,
  Succeeded,
  Failed,
  TimedOut,
  Stopped;

  public static final Transitions<ExecutionStatus> TRANSITIONS =
      Transitions.of(ExecutionStatus.class, "execution", Enum::name)
          .allow(Running, Succeeded, Failed, TimedOut, Stopped)
          .allow(Succeeded)
          .allow(Failed)
          .allow(TimedOut)
          .allow(Stopped)
          .build();

  public boolean isFinal() {
    return this != Running;
  }
}
