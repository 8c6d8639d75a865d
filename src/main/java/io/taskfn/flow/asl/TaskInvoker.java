package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/** Runs a Task state's resource. Failures are {@link FlowFailure}s with the error to match. */
public interface TaskInvoker {

  /** Whether the resource names something this invoker can run (checked when parsing). */
  boolean supports(String resource);

  /**
   * Runs the resource for a Task state of {@code caller}, whose deadline, stop and call depth what
   * it starts inherits.
   */
  JsonNode invoke(String resource, JsonNode parameters, Duration timeout, ExecutionRun caller)
      throws InterruptedException;

  TaskInvoker NONE =
      new TaskInvoker() {
        @Override
        public boolean supports(String resource) {
          return false;
        }

        @Override
        public JsonNode invoke(
            String resource, JsonNode parameters, Duration timeout, ExecutionRun caller) {
          throw new FlowFailure(ErrorNames.TASK_FAILED, "no task resources are available");
        }
      };
}
