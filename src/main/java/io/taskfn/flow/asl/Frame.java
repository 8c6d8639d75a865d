package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where states of one branch run: the execution, the variables in scope (a Map iteration or a
 * Parallel branch sees its parent's variables but assigns its own), and the state being run, for
 * the context object.
 */
final class Frame implements Bindings {

  final ExecutionRun run;
  private final Frame parent;
  private final Map<String, JsonNode> variables = new HashMap<>();
  private final ObjectNode mapContext;
  private String stateName;
  private Instant enteredTime;
  private int retryCount;
  private boolean retries;
  private ObjectNode contextCache;

  Frame(ExecutionRun run, Frame parent, ObjectNode mapContext) {
    this.run = run;
    this.parent = parent;
    this.mapContext = mapContext;
  }

  /** Whether this is the execution's own frame, not a Map iteration's or a branch's. */
  boolean isTopLevel() {
    return parent == null;
  }

  Frame child(ObjectNode newMapContext) {
    return new Frame(run, this, newMapContext);
  }

  void enter(String name, boolean retries) {
    stateName = name;
    this.retries = retries;
    enteredTime = run.now();
    retryCount = 0;
    contextCache = null;
  }

  void retried(int count) {
    retryCount = count;
    contextCache = null;
  }

  String stateName() {
    return stateName;
  }

  @Override
  public ObjectNode contextObject() {
    if (contextCache == null) {
      // Shallow: Execution and StateMachine are shared, never changed once the run starts.
      ObjectNode context = Json.object();
      context.setAll(run.executionContext());
      ObjectNode state = context.putObject("State");
      state.put("Name", stateName);
      state.put("EnteredTime", enteredTime == null ? null : Timestamps.format(enteredTime));
      if (retries) {
        state.put("RetryCount", retryCount);
      }
      if (mapContext != null) {
        context.set("Map", mapContext);
      }
      contextCache = context;
    }
    return contextCache;
  }

  @Override
  public JsonNode variable(String name) {
    for (Frame f = this; f != null; f = f.parent) {
      JsonNode value = f.variables.get(name);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** Every variable in scope, inner scopes hiding outer ones. */
  Map<String, JsonNode> allVariables() {
    Map<String, JsonNode> all = parent == null ? new LinkedHashMap<>() : parent.allVariables();
    all.putAll(variables);
    return all;
  }

  void assign(Map<String, JsonNode> values) {
    if (!values.isEmpty()) {
      variables.putAll(values);
    }
  }
}
