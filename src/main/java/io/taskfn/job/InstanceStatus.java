package io.taskfn.job;

import io.taskfn.api.Transitions;
import java.util.Locale;

/** A job instance's status, with the SchedulerX codes and every transition allowed. */
public enum InstanceStatus {
  WAITING(1),
  RUNNING(3),
  SUCCESS(4),
  FAILED(5),
  REJECTED(9);

  public static final Transitions<InstanceStatus> TRANSITIONS =
      Transitions.of(
              InstanceStatus.class,
              "job instance",
              s -> s.name().toLowerCase(Locale.ROOT) + " (status " + s.code() + ")")
          .allow(WAITING, RUNNING, REJECTED, FAILED)
          // RUNNING -> RUNNING: a worker died and another took the instance over.
          // RUNNING -> WAITING: the attempt failed and a retry is due later.
          .allow(RUNNING, RUNNING, SUCCESS, FAILED, WAITING)
          .allow(SUCCESS, WAITING)
          // FAILED/REJECTED -> SUCCESS: SetJobInstanceSuccess.
          .allow(FAILED, WAITING, SUCCESS)
          .allow(REJECTED, WAITING, SUCCESS)
          .build();

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

  public static InstanceStatus fromCode(int code) {
    for (InstanceStatus s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("no instance status " + code);
  }
}
