package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * A top-level Wait of a run that may be suspended ({@link ExecutionRun#suspendWaitsLongerThan}):
 * rather than hold a thread, the run ends here, to be resumed at this state with this input and
 * these variables once {@code until} has come.
 */
public class WaitSuspended extends RuntimeException {

  private final String stateName;
  private final JsonNode input;
  private final Map<String, JsonNode> variables;
  private final Instant until;

  WaitSuspended(String stateName, JsonNode input, Map<String, JsonNode> variables, Instant until) {
    super("waiting until " + until, null, false, false);
    this.stateName = stateName;
    this.input = input;
    this.variables = variables;
    this.until = until;
  }

  public String stateName() {
    return stateName;
  }

  public JsonNode input() {
    return input;
  }

  public Map<String, JsonNode> variables() {
    return variables;
  }

  public Instant until() {
    return until;
  }
}
