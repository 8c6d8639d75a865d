package io.taskfn.job;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** A job instance's status, with the SchedulerX codes and every transition allowed. */
public enum InstanceStatus {
  WAITING(1),
  RUNNING(3),
  SUCCESS(4),
  FAILED(5),
  REJECTED(9);

  private static final Map<InstanceStatus, Set<InstanceStatus>> ALLOWED =
      Map.of(
          WAITING, EnumSet.of(RUNNING, REJECTED, FAILED),
          // RUNNING -> RUNNING: a worker died and another took the instance over.
          // RUNNING -> WAITING: the attempt failed and a retry is due later.
          RUNNING, EnumSet.of(RUNNING, SUCCESS, FAILED, WAITING),
          SUCCESS, EnumSet.of(WAITING),
          FAILED, EnumSet.of(WAITING),
          REJECTED, EnumSet.of(WAITING));

  private final int code;

  InstanceStatus(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public boolean isFinal() {
    return this == SUCCESS || this == FAILED || this == REJECTED;
  }

  public boolean canBecome(InstanceStatus next) {
    return ALLOWED.get(this).contains(next);
  }

  public static InstanceStatus fromCode(int code) {
    for (InstanceStatus s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("no instance status " + code);
  }
}
