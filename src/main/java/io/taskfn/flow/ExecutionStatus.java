package io.taskfn.flow;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** An execution's status, named as the vendor names it, with every transition allowed. */
public enum ExecutionStatus {
  Running,
  Succeeded,
  Failed,
  TimedOut,
  Stopped;

  private static final Map<ExecutionStatus, Set<ExecutionStatus>> ALLOWED =
      Map.of(
          Running, EnumSet.of(Succeeded, Failed, TimedOut, Stopped),
          Succeeded, EnumSet.noneOf(ExecutionStatus.class),
          Failed, EnumSet.noneOf(ExecutionStatus.class),
          TimedOut, EnumSet.noneOf(ExecutionStatus.class),
          Stopped, EnumSet.noneOf(ExecutionStatus.class));

  public boolean canBecome(ExecutionStatus next) {
    return ALLOWED.get(this).contains(next);
  }

  public boolean isFinal() {
    return this != Running;
  }
}
