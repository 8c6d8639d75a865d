package io.taskfn.api;

import java.time.Duration;

/**
 * Runs a flow to its end and waits for it: how another family (a job of type {@code flow}) starts
 * flows without depending on the flows family, which provides the implementation.
 */
public interface FlowLauncher {

  /**
   * @param executionName the execution's name, unique for the flow
   * @param input the execution's input: a JSON object, as text
   * @param bound how long the run may take; past it the run is stopped and times out
   * @param callDepth how many flows deep the work that runs it was queued ({@link CallDepth})
   * @throws ApiException when the flow can not be run (it does not exist, or flows have started
   *     flows too deep)
   */
  FlowRun run(String flowName, String executionName, String input, Duration bound, int callDepth)
      throws InterruptedException;

  /**
   * How the run ended.
   *
   * @param status the execution's final status, as the flows family names it
   * @param output the output as JSON text when it succeeded, else null
   */
  record FlowRun(
      boolean succeeded, String status, String output, String errorCode, String errorMessage) {}
}
