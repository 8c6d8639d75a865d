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
  private final boolean silent;
  private long cursor;
  private String stateName;
  private long enteredEventId;
  private long enteredPrevious;
  private Map<String, JsonNode> assigned;
  private boolean stateFailurePending;
  private Instant enteredTime;
  private int retryCount;
  private boolean retries;
  private ObjectNode contextCache;
  private String taskToken;

  Frame(ExecutionRun run, Frame parent, ObjectNode mapContext) {
    this(run, parent, mapContext, false, parent == null ? run.rootCursor() : parent.cursor);
  }

  private Frame(
      ExecutionRun run, Frame parent, ObjectNode mapContext, boolean silent, long cursor) {
    this.run = run;
    this.parent = parent;
    this.mapContext = mapContext;
    this.silent = silent;
    this.cursor = cursor;
  }

  /** Whether this is the execution's own frame, not a Map iteration's or a branch's. */
  boolean isTopLevel() {
    return parent == null;
  }

  /** A Map iteration's or a Parallel branch's frame, whose first event follows {@code after}. */
  Frame child(ObjectNode newMapContext, long after) {
    return new Frame(run, this, newMapContext, silent, after);
  }

  /**
   * The frame of an item of a distributed Map: its events belong to the map run's child executions,
   * not to this history, so they are not recorded.
   */
  Frame silentChild(ObjectNode newMapContext) {
    return new Frame(run, this, newMapContext, true, cursor);
  }

  void enter(String name, boolean retries) {
    stateName = name;
    this.retries = retries;
    enteredTime = run.now();
    retryCount = 0;
    taskToken = null;
    contextCache = null;
    assigned = null;
    stateFailurePending = false;
  }

  // ---- history: each frame is a chain of events, each following the one before ----

  /** The last event of this frame's chain, which its next event follows. */
  long cursor() {
    return cursor;
  }

  void cursor(long eventId) {
    cursor = eventId;
    if (parent == null) {
      run.rootCursor(eventId);
    }
  }

  /** Records an event of the current state after the last one of this frame, and moves on. */
  long record(String type, ObjectNode details) {
    if (silent) {
      return cursor;
    }
    cursor = run.record(type, stateName, details, cursor, isTopLevel());
    return cursor;
  }

  /**
   * Records an event of the current state that carries its data (its entry, a task's parameters or
   * result: {@code input}, {@code parameters} or {@code output}, {@code payload} null for none)
   * after the last one of this frame, and moves on.
   */
  long recordWithPayload(String type, String payloadField, JsonNode payload) {
    return recordState(type, payloadField, payload, null);
  }

  /** Records the exit of the current state with its output and what it assigned, and moves on. */
  long recordExit(String type, JsonNode output) {
    ObjectNode assignedVariables = null;
    if (assigned != null) {
      assignedVariables = Json.object();
      assigned.forEach(assignedVariables::set);
    }
    return recordState(type, "output", output, assignedVariables);
  }

  private long recordState(
      String type, String payloadField, JsonNode payload, ObjectNode assignedVariables) {
    if (silent) {
      return cursor;
    }
    // The run moves its root cursor along with a top-level event, under the one lock.
    cursor =
        run.recordState(
            type, stateName, payloadField, payload, assignedVariables, cursor, isTopLevel());
    return cursor;
  }

  /** Records an event of the current state after {@code previous}; the frame does not move on. */
  long recordAfter(String type, ObjectNode details, long previous) {
    return silent ? previous : run.record(type, stateName, details, previous);
  }

  /** The event that entered the current state: its id, and the event that one followed. */
  void entered(long eventId, long previous) {
    enteredEventId = eventId;
    enteredPrevious = previous;
  }

  long enteredEventId() {
    return enteredEventId;
  }

  long enteredPrevious() {
    return enteredPrevious;
  }

  /**
   * The current state failed in a way Step Functions closes with its own failed event
   * (MapStateFailed, ParallelStateFailed), written once the failure is not retried.
   */
  void stateFailurePending(boolean pending) {
    stateFailurePending = pending;
  }

  boolean stateFailurePending() {
    return stateFailurePending;
  }

  /** The task token of the current Task state, for {@code $$.Task.Token}. */
  void taskToken(String token) {
    taskToken = token;
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
      if (taskToken != null) {
        context.putObject("Task").put("Token", taskToken);
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
    if (assigned == null) {
      assigned = new LinkedHashMap<>();
    }
    assigned.putAll(values);
    if (!values.isEmpty()) {
      variables.putAll(values);
    }
  }
}
