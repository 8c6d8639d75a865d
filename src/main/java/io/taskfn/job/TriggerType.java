package io.taskfn.job;

/** What started a job instance, with the SchedulerX codes. */
public enum TriggerType {
  SCHEDULE(1),
  RERUN(2),
  API(3);

  private final int code;

  TriggerType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
