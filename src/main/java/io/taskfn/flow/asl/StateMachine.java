package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed state machine (or a branch of one): immutable, its transitions linked to the state
 * objects at parse time, so running it never looks a name up.
 */
public final class StateMachine {

  private static final String PREFIX = "An error occurred while executing the state '";

  /**
   * How deep Map and Parallel states may nest in one definition. Running a nested state recurses,
   * so a bound keeps the deepest definition well inside a thread's stack.
   */
  static final int MAX_NESTING = 32;

  private final State start;
  private final Map<String, State> states;
  private final Integer timeoutSeconds;

  private StateMachine(State start, Map<String, State> states, Integer timeoutSeconds) {
    this.start = start;
    this.states = states;
    this.timeoutSeconds = timeoutSeconds;
  }

  /**
   * Parses and checks a definition.
   *
   * @throws AslDefinitionException naming the state and field of the first mistake
   */
  public static StateMachine parse(JsonNode definition, TaskInvoker invoker) {
    checkNesting(definition, "Definition", 0);
    Fields f = new Fields(definition, "Definition");
    f.allowOnly(
        Set.of("StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage"));
    f.optString("Version");
    f.optString("Comment");
    Integer timeout = f.optInteger("TimeoutSeconds", 1);
    QueryLanguage language =
        f.has("QueryLanguage")
            ? QueryLanguage.parse(f.string("QueryLanguage"), f.where("QueryLanguage"))
            : QueryLanguage.JSONPATH;
    return parse(f, f.where("States"), language, timeout, invoker);
  }

  /** Fails when Map and Parallel states nest deeper than {@link #MAX_NESTING}. */
  private static void checkNesting(JsonNode machine, String location, int depth) {
    if (depth > MAX_NESTING) {
      throw new AslDefinitionException(
          location, "Map and Parallel states nest more than " + MAX_NESTING + " deep");
    }
    Iterator<Map.Entry<String, JsonNode>> states = machine.path("States").fields();
    while (states.hasNext()) {
      Map.Entry<String, JsonNode> state = states.next();
      String here = location + ".States." + state.getKey();
      for (String field : List.of("ItemProcessor", "Iterator")) {
        if (state.getValue().has(field)) {
          checkNesting(state.getValue().get(field), here + "." + field, depth + 1);
        }
      }
      JsonNode branches = state.getValue().path("Branches");
      for (int i = 0; branches.isArray() && i < branches.size(); i++) {
        checkNesting(branches.get(i), here + ".Branches[" + i + "]", depth + 1);
      }
    }
  }

  static StateMachine parseBranch(
      JsonNode definition, String location, QueryLanguage inherited, TaskInvoker invoker) {
    Fields f = new Fields(definition, location);
    f.allowOnly(Set.of("StartAt", "States", "Comment", "ProcessorConfig", "QueryLanguage"));
    QueryLanguage language =
        f.has("QueryLanguage")
            ? QueryLanguage.parse(f.string("QueryLanguage"), f.where("QueryLanguage"))
            : inherited;
    if (f.has("ProcessorConfig")) {
      Fields config = new Fields(f.get("ProcessorConfig"), f.where("ProcessorConfig"));
      config.allowOnly(Set.of("Mode", "ExecutionType"));
      String mode = config.optString("Mode");
      if (mode != null && !mode.equals("INLINE") && !mode.equals("DISTRIBUTED")) {
        throw new AslDefinitionException(config.where("Mode"), "must be INLINE or DISTRIBUTED");
      }
    }
    return parse(f, location + ".States", language, null, invoker);
  }

  private static StateMachine parse(
      Fields f, String location, QueryLanguage language, Integer timeout, TaskInvoker invoker) {
    String startAt = f.string("StartAt");
    JsonNode statesNode = f.get("States");
    if (statesNode == null || !statesNode.isObject() || statesNode.isEmpty()) {
      throw new AslDefinitionException(f.where("States"), "must be a non-empty object of states");
    }
    Map<String, State> states = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = statesNode.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      if (name.length() > 80) {
        throw new AslDefinitionException(
            location + "." + name, "a state name has at most 80 characters");
      }
      states.put(
          name,
          parseState(name, new Fields(e.getValue(), location + "." + name), language, invoker));
    }
    for (State state : states.values()) {
      state.link(states, location);
    }
    State start = states.get(startAt);
    if (start == null) {
      throw new AslDefinitionException(f.where("StartAt"), "no state is named '" + startAt + "'");
    }
    checkReachable(start, states, location);
    return new StateMachine(start, Map.copyOf(states), timeout);
  }

  private static State parseState(
      String name, Fields f, QueryLanguage language, TaskInvoker invoker) {
    String type = f.string("Type");
    return switch (type) {
      case "Pass" -> new PassState(name, f, language);
      case "Task" -> new TaskState(name, f, language, invoker);
      case "Choice" -> new ChoiceState(name, f, language);
      case "Wait" -> new WaitState(name, f, language);
      case "Succeed" -> new SucceedState(name, f, language);
      case "Fail" -> new FailState(name, f, language);
      case "Parallel" -> new ParallelState(name, f, language, invoker);
      case "Map" -> new MapState(name, f, language, invoker);
      default ->
          throw new AslDefinitionException(f.where("Type"), "unknown state type '" + type + "'");
    };
  }

  private static void checkReachable(State start, Map<String, State> states, String location) {
    Set<State> seen = new HashSet<>();
    Deque<State> pending = new ArrayDeque<>();
    pending.add(start);
    boolean canEnd = false;
    while (!pending.isEmpty()) {
      State s = pending.poll();
      if (!seen.add(s)) {
        continue;
      }
      canEnd |= s.isEnd();
      pending.addAll(s.successors());
    }
    for (State s : states.values()) {
      if (!seen.contains(s)) {
        throw new AslDefinitionException(
            location + "." + s.name, "the state can not be reached from StartAt");
      }
    }
    if (!canEnd) {
      throw new AslDefinitionException(
          location, "no state ends the execution (End, Succeed or Fail)");
    }
  }

  public Integer timeoutSeconds() {
    return timeoutSeconds;
  }

  /** What running one state alone gave: its output and the state it would go to next. */
  public record SingleStep(JsonNode output, String nextState) {}

  /**
   * Runs one state alone, as the TestState API does: the state named (at any depth), with the given
   * variables in scope; its Next is reported, not followed.
   *
   * @throws IllegalArgumentException if the machine has no such state
   */
  public SingleStep runState(
      ExecutionRun run, String stateName, JsonNode input, Map<String, JsonNode> variables)
      throws InterruptedException {
    State state = find(stateName);
    if (state == null) {
      throw new IllegalArgumentException("no state named " + stateName);
    }
    Frame frame = new Frame(run, null, null);
    frame.assign(variables);
    frame.enter(state.name, state.canRetry());
    long previous = frame.cursor();
    frame.entered(frame.recordWithPayload(state.enteredEvent(), "input", input), previous);
    try {
      Step step = state.execute(frame, input);
      return new SingleStep(step.output(), step.next() == null ? null : step.next().name);
    } catch (FlowFailure failure) {
      throw failed(frame, state, failure);
    }
  }

  private State find(String stateName) {
    State here = states.get(stateName);
    if (here != null) {
      return here;
    }
    for (State s : states.values()) {
      for (StateMachine nested : s.nestedMachines()) {
        State found = nested.find(stateName);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /**
   * A machine of one state given alone (the TestState form): every state it may go to becomes a
   * placeholder Succeed state, so the definition links.
   */
  public static StateMachine ofSingleState(JsonNode stateDefinition, TaskInvoker invoker) {
    ObjectNode machine = Json.object();
    String name = "TestedState";
    machine.put("StartAt", name);
    ObjectNode states = machine.putObject("States");
    states.set(name, stateDefinition);
    List<String> targets = new ArrayList<>();
    targets.add(stateDefinition.path("Next").asText(null));
    targets.add(stateDefinition.path("Default").asText(null));
    stateDefinition.path("Choices").forEach(c -> targets.add(c.path("Next").asText(null)));
    stateDefinition.path("Catch").forEach(c -> targets.add(c.path("Next").asText(null)));
    for (String target : targets) {
      if (target != null && !target.equals(name)) {
        states.putObject(target).put("Type", "Succeed");
      }
    }
    return parse(machine, invoker);
  }

  /** Whether any state, nested branches included, calls a task (and so waits on I/O). */
  boolean callsTasks() {
    return states.values().stream().anyMatch(State::callsTasks);
  }

  /** Runs the machine from its StartAt state to the end, in the execution {@code run}. */
  public JsonNode run(ExecutionRun run, JsonNode input) throws InterruptedException {
    return run(new Frame(run, null, null), start, input, true);
  }

  /**
   * Continues an execution at a top-level state with the data and variables it had there.
   *
   * @throws IllegalArgumentException if the machine has no such state
   */
  public JsonNode resume(
      ExecutionRun run, String stateName, JsonNode input, Map<String, JsonNode> variables)
      throws InterruptedException {
    State state = states.get(stateName);
    if (state == null) {
      throw new IllegalArgumentException("no state named " + stateName);
    }
    Frame frame = new Frame(run, null, null);
    frame.assign(variables);
    return run(frame, state, input, true);
  }

  JsonNode run(Frame frame, JsonNode input) throws InterruptedException {
    return run(frame, start, input, false);
  }

  private JsonNode run(Frame frame, State first, JsonNode input, boolean topLevel)
      throws InterruptedException {
    ExecutionRun run = frame.run;
    State state = first;
    JsonNode data = input;
    // A Standard execution resumed at a Wait it had entered (and suspended in) enters it no more.
    // So is a Task that waited for a task token.
    boolean reentering =
        topLevel
            && (first instanceof WaitState && run.resumesWait()
                || first instanceof TaskState && run.resumesTask());
    while (state != null) {
      run.checkNotStopped();
      frame.enter(state.name, state.canRetry());
      long previous = frame.cursor();
      long entered;
      if (reentering) {
        entered = previous;
        previous = run.previousOf(entered);
        reentering = false;
      } else {
        run.enteredState();
        entered = frame.recordWithPayload(state.enteredEvent(), "input", data);
      }
      frame.entered(entered, previous);
      Step step;
      try {
        step = state.execute(frame, data);
      } catch (FlowFailure failure) {
        throw failed(frame, state, failure);
      } catch (JsonPathExpr.NoResult e) {
        throw failed(frame, state, FlowFailure.runtime(e.getMessage()));
      }
      frame.recordExit(state.exitedEvent(), step.output());
      data = step.output();
      state = step.next();
      if (topLevel && run.hasCheckpoints()) {
        run.checkpoint(state == null ? null : state.name, data, frame.allVariables());
      }
    }
    return data;
  }

  /** The failure of a state as it leaves the state, its EvaluationFailed event recorded. */
  private static FlowFailure failed(Frame frame, State state, FlowFailure failure) {
    FlowFailure located = locate(failure, state, frame.enteredEventId());
    if (!failure.evaluationFailedRecorded()) {
      recordEvaluationFailed(frame, state, located);
    }
    return located.evaluationFailedRecorded(true);
  }

  /**
   * Records the EvaluationFailed event Step Functions writes when an expression of a state fails
   * (States.QueryEvaluationError). It follows the event before the state's entry, or, for a Wait
   * state, the entry itself, as AWS links them.
   */
  static void recordEvaluationFailed(Frame frame, State state, FlowFailure failure) {
    FlowFailure located = locate(failure, state, frame.enteredEventId());
    ObjectNode details = Json.object();
    details.put("cause", located.cause());
    details.put("error", located.error());
    if (located.location() != null) {
      details.put("location", located.location());
    }
    details.put("state", state.name);
    long previous = state instanceof WaitState ? frame.cursor() : frame.enteredPrevious();
    frame.cursor(frame.recordAfter("EvaluationFailed", details, previous));
    failure.evaluationFailedRecorded(true);
  }

  static FlowFailure locate(FlowFailure failure, State state, long entered) {
    boolean runtime =
        ErrorNames.RUNTIME.equals(failure.error())
            || ErrorNames.QUERY_EVALUATION_ERROR.equals(failure.error());
    if (!runtime || failure.cause() == null || failure.cause().startsWith(PREFIX)) {
      return failure;
    }
    return new FlowFailure(
            failure.error(),
            PREFIX
                + state.name
                + "' (entered at the event id #"
                + entered
                + "). "
                + failure.cause(),
            failure.location())
        .evaluationFailedRecorded(failure.evaluationFailedRecorded());
  }
}
