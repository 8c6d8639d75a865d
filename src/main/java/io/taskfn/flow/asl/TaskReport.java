package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What became of a task token a suspended Task waits for: its output (ReportTaskSucceeded), its
 * error and cause (ReportTaskFailed), or nothing yet when the Task's time ran out.
 */
public record TaskReport(JsonNode output, String error, String cause) {

  public static final TaskReport NONE = new TaskReport(null, null, null);

  public boolean succeeded() {
    return output != null;
  }

  public boolean failed() {
    return output == null && error != null;
  }
}
