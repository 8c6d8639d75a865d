package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A top-level Task of a run that issues task tokens ({@link ExecutionRun#taskTokens}) has called
 * its resource with a token and now waits for the token's report: rather than hold a thread, the
 * run ends here, to be resumed in this state with this input and these variables once the report
 * comes or at {@code until}, when the Task times out. {@code retries} is where its Retry stood.
 */
public class TaskWaitSuspended extends RuntimeException {

  private final String stateName;
  private final JsonNode input;
  private final Map<String, JsonNode> variables;
  private final String token;
  private final Instant until;
  private RetryState retries = RetryState.NONE;

  TaskWaitSuspended(
      String stateName,
      JsonNode input,
      Map<String, JsonNode> variables,
      String token,
      Instant until) {
    super("waiting for task token", null, false, false);
    this.stateName = stateName;
    this.input = input;
    this.variables = variables;
    this.token = token;
    this.until = until;
  }

  /** How far a state's Retry had gone: attempts and the last interval of each retrier. */
  public record RetryState(List<Integer> attempts, List<Double> intervals, int retries) {
    static final RetryState NONE = new RetryState(List.of(), List.of(), 0);
  }

  TaskWaitSuspended retries(RetryState state) {
    this.retries = state;
    return this;
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

  public String token() {
    return token;
  }

  public Instant until() {
    return until;
  }

  public RetryState retryState() {
    return retries;
  }
}
