package io.taskfn.job;

import java.time.Duration;

/** Runs one attempt of a job of one JobType, as described by the job's XAttrs. */
public interface JobTypeRunner {

  /** The JobType this runner runs ("http", "flow"). */
  String jobType();

  /**
   * Checks a job's XAttrs for this type.
   *
   * @throws io.taskfn.api.BadInputException naming XAttrs when they are wrong
   */
  void validate(String xAttrs);

  Outcome run(Job job, JobInstance instance, Duration timeout) throws InterruptedException;

  /** What one attempt came to: success or not, and the text kept as the instance's result. */
  record Outcome(boolean success, String result) {}
}
