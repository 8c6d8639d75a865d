package io.taskfn.api;

/** The API families; each keeps its vendor's error envelope. */
public enum Family {
  /** SchedulerX 2019-04-30. */
  JOBS,
  /** Serverless Workflow (fnf) 2019-03-15. */
  FLOWS,
  /** taskfn's own functions, such as the dispatcher. */
  TASKFN;

  public static Family fromName(String name) {
    try {
      return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown family '" + name + "', expected one of " + java.util.Arrays.toString(values()),
          e);
    }
  }
}
