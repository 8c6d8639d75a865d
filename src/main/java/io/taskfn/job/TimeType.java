package io.taskfn.job;

import io.taskfn.api.BadInputException;
import java.util.Arrays;

/** How a job is scheduled, with the SchedulerX codes; taskfn runs the four below. */
public enum TimeType {
  CRON(1),
  FIXED_RATE(3),
  ONE_TIME(5),
  API(100);

  private final int code;

  TimeType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static TimeType fromCode(int code) {
    return Arrays.stream(values())
        .filter(t -> t.code == code)
        .findFirst()
        .orElseThrow(
            () ->
                BadInputException.of(
                    "TimeType",
                    "The parameter TimeType must be 1 (cron), 3 (fixed rate), 5 (one time) or 100"
                        + " (api), not "
                        + code
                        + "."));
  }
}
