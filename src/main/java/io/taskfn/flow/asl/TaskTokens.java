package io.taskfn.flow.asl;

/**
 * Issues the task tokens of Task states that wait for one ({@code .waitForTaskToken}), so that a
 * report naming the token (ReportTaskSucceeded, ReportTaskFailed) can find the execution again,
 * however long after and on whichever server.
 */
public interface TaskTokens {

  /**
   * A new token for the Task state {@code stateName}, entered as event {@code enteredEventId},
   * known to the store before the state's resource is called with it.
   */
  String issue(String stateName, long enteredEventId);
}
