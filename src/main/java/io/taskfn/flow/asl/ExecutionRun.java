package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/** What one execution shares across its states and branches: time, tasks, history, limits. */
public final class ExecutionRun {

  /** The largest state output Step Functions accepts (256 KiB). */
  public static final int MAX_PAYLOAD_BYTES = 262_144;

  /**
   * How deep a payload may nest. The JSON library reads and writes 1,000 levels, and a payload is
   * written inside what holds it (a history event in a page of events): a loop that wraps its data
   * one level more at each state would otherwise make values that can not be written.
   */
  public static final int MAX_PAYLOAD_NESTING = 900;

  /** Whether a value can be a payload: its size and its nesting within their limits. */
  public static boolean isPayload(JsonNode value) {
    return Payloads.within(value, MAX_PAYLOAD_BYTES);
  }

  /** Step Functions' quota of events in one execution's history. */
  public static final int MAX_HISTORY_EVENTS = 25_000;

  /**
   * How many bytes of state data the history of one execution holds, as written out: past this its
   * events keep their names but not their data ({@code truncated}), so that 25,000 events can not
   * hold (and write to the store) 25,000 payloads of 256 KiB.
   */
  public static final long HISTORY_DATA_BYTES = 8L * 1024 * 1024;

  /** The role an execution runs as, in its context object and its ExecutionStarted event. */
  static final String ROLE_ARN = "arn:aws:iam::000000000000:role/taskfn";

  static final String HISTORY_FULL =
      "The execution reached the maximum number of history events (" + MAX_HISTORY_EVENTS + ").";

  final Clock clock;
  final Sleeper sleeper;
  final TaskInvoker tasks;
  private final String executionArn;
  private final String executionName;
  private final String stateMachineArn;
  private final String stateMachineName;
  private final JsonNode input;
  private final Instant startTime;
  private ObjectNode executionContext;
  private final List<RecordedEvent> history = new ArrayList<>();
  private long historyDataLeft = HISTORY_DATA_BYTES;
  private long rootCursor;
  private volatile Measured lastMeasured;
  private volatile boolean stopped;
  private volatile Instant deadline;
  private ExecutionRun caller;
  private int callDepth;
  private long maxTransitions = Long.MAX_VALUE;
  private long transitions;
  private Checkpoints checkpoints;
  ExecutorService branches;
  private Duration suspendAfter;
  private Instant resumedWaitUntil;
  private TaskTokens taskTokens;
  private TaskReport resumedTaskReport;
  private TaskWaitSuspended.RetryState resumedRetries;

  public ExecutionRun(
      Clock clock,
      Sleeper sleeper,
      TaskInvoker tasks,
      String executionArn,
      String executionName,
      String stateMachineArn,
      String stateMachineName,
      JsonNode input) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.tasks = tasks;
    this.executionArn = executionArn;
    this.executionName = executionName;
    this.stateMachineArn = stateMachineArn;
    this.stateMachineName = stateMachineName;
    this.input = input;
    this.startTime = clock.instant();
  }

  /** The Execution and StateMachine parts of the context object, built when first read. */
  synchronized ObjectNode executionContext() {
    if (executionContext == null) {
      ObjectNode context = Json.object();
      ObjectNode execution = context.putObject("Execution");
      execution.put("Id", executionArn);
      execution.set("Input", input);
      execution.put("Name", executionName);
      execution.put("RoleArn", ROLE_ARN);
      execution.put("StartTime", Timestamps.format(startTime));
      execution.put("RedriveCount", 0);
      ObjectNode machine = context.putObject("StateMachine");
      machine.put("Id", stateMachineArn);
      machine.put("Name", stateMachineName);
      executionContext = context;
    }
    return executionContext;
  }

  /**
   * The ARN of a distributed Map's run: the state machine's, its resource {@code
   * mapRun:<machine>/<label>:<id>}.
   */
  String mapRunArn(String label) {
    String[] parts = stateMachineArn.split(":", 7);
    String prefix =
        parts.length == 7 ? String.join(":", java.util.Arrays.copyOf(parts, 5)) : stateMachineArn;
    return prefix + ":mapRun:" + stateMachineName + "/" + label + ":" + java.util.UUID.randomUUID();
  }

  /** Marks the start of a new execution in its history. */
  public ExecutionRun started() {
    ObjectNode started = Json.object();
    started.set("input", input);
    started.set("inputDetails", notTruncated());
    started.put("roleArn", ROLE_ARN);
    // Step Functions' first state event follows no event (0), not ExecutionStarted.
    record("ExecutionStarted", null, started, 0);
    return this;
  }

  private static final ObjectNode NOT_TRUNCATED = Json.object().put("truncated", false);

  /**
   * The {@code …Details} object of a payload the history keeps whole: one shared node, which no one
   * changes (a cut payload gets a new {@code …Details} node), since every event has one.
   */
  public static ObjectNode notTruncated() {
    return NOT_TRUNCATED;
  }

  /**
   * Continues the history of an execution resumed after a restart; the states it entered count
   * against {@link #maxTransitions}.
   */
  public synchronized ExecutionRun continuing(List<HistoryEvent> earlier) {
    history.clear();
    earlier.forEach(e -> history.add(RecordedEvent.of(e)));
    transitions = earlier.stream().filter(e -> e.type().endsWith("StateEntered")).count();
    // A run resumes after a top-level state (or at a Wait it entered): its last event.
    rootCursor = earlier.size() > 1 ? earlier.get(earlier.size() - 1).id() : 0;
    return this;
  }

  /**
   * Top-level Wait states longer than {@code threshold} end the run with {@link WaitSuspended}
   * instead of holding a thread: for Standard executions, which the dispatcher resumes later.
   */
  public ExecutionRun suspendWaitsLongerThan(Duration threshold) {
    this.suspendAfter = threshold;
    return this;
  }

  /** The run resumes at a Wait state whose wait ends at {@code until} (not counted afresh). */
  public ExecutionRun resumingWaitUntil(Instant until) {
    this.resumedWaitUntil = until;
    return this;
  }

  /** Whether the run resumes at a Wait state it entered before (and so enters it no more). */
  synchronized boolean resumesWait() {
    return resumedWaitUntil != null;
  }

  /** The end of the wait the run resumed in, once; null afterwards or when there is none. */
  synchronized Instant takeResumedWait() {
    Instant until = resumedWaitUntil;
    resumedWaitUntil = null;
    return until;
  }

  /**
   * Lets top-level Task states wait for a task token ({@code .waitForTaskToken}) without holding a
   * thread: they end the run with {@link TaskWaitSuspended}. For Standard executions, which the
   * dispatcher resumes when the token is reported; without it such a Task fails.
   */
  public ExecutionRun taskTokens(TaskTokens issuer) {
    this.taskTokens = issuer;
    return this;
  }

  TaskTokens taskTokens() {
    return taskTokens;
  }

  /**
   * The run resumes in the top-level Task that waited for a task token, with what became of the
   * token and where the Task's Retry stood.
   */
  public ExecutionRun resumingTask(TaskReport report, TaskWaitSuspended.RetryState retries) {
    this.resumedTaskReport = report;
    this.resumedRetries = retries;
    return this;
  }

  /** Whether the run resumes in a Task that waited for a token (and so enters it no more). */
  synchronized boolean resumesTask() {
    return resumedTaskReport != null;
  }

  /** What became of the token the run resumed for, once; null afterwards or when there is none. */
  synchronized TaskReport takeResumedTask() {
    TaskReport report = resumedTaskReport;
    resumedTaskReport = null;
    return report;
  }

  /** Where the resumed Task's Retry stood, once; null afterwards or when there is none. */
  synchronized TaskWaitSuspended.RetryState takeResumedRetries() {
    TaskWaitSuspended.RetryState retries = resumedRetries;
    resumedRetries = null;
    return retries;
  }

  /** Whether a wait this long is suspended (never one that the run's deadline cuts short). */
  boolean suspends(Duration delay) {
    Instant end = deadline();
    return suspendAfter != null
        && delay.compareTo(suspendAfter) > 0
        && (end == null || !clock.instant().plus(delay).isAfter(end));
  }

  /** Lets branches and iterations that call tasks run at once, on this pool. */
  public ExecutionRun branchPool(ExecutorService pool) {
    this.branches = pool;
    return this;
  }

  /** Called after each top-level state, so a Standard execution can resume from there. */
  public interface Checkpoints {
    void completed(String nextState, JsonNode output, Map<String, JsonNode> variables);
  }

  public ExecutionRun checkpoints(Checkpoints listener) {
    this.checkpoints = listener;
    return this;
  }

  boolean hasCheckpoints() {
    return checkpoints != null;
  }

  void checkpoint(String nextState, JsonNode output, Map<String, JsonNode> variables) {
    if (checkpoints != null) {
      checkpoints.completed(nextState, output, variables);
    }
  }

  public Instant now() {
    return clock.instant();
  }

  /**
   * Records an event and returns its id.
   *
   * @param stateName the state the event belongs to (fnf's StepName), or null
   * @param previousEventId the event this one follows, as Step Functions links them
   * @throws ExecutionLimitExceeded when the history is full: the one event left is the execution's
   *     closing one ({@link #recordClosing})
   */
  public long record(String type, String stateName, ObjectNode details, long previousEventId) {
    return record(type, stateName, details, previousEventId, false);
  }

  /**
   * {@link #record}, and with {@code topLevel} the root cursor moves to the event under the same
   * lock: the execution's closing event, recorded from another thread when a run is stopped,
   * follows either the event before or this one, never a cursor left behind.
   */
  synchronized long record(
      String type, String stateName, ObjectNode details, long previousEventId, boolean topLevel) {
    requireRoom();
    return movingRoot(append(type, stateName, details, previousEventId), topLevel);
  }

  /**
   * Records the event that ends the execution, which always has its place in the history; it
   * follows the last event of the execution's top level.
   */
  public synchronized long recordClosing(String type, ObjectNode details) {
    return append(type, null, details, rootCursor);
  }

  private long append(String type, String stateName, ObjectNode details, long previousEventId) {
    long id = history.size() + 1;
    history.add(
        RecordedEvent.of(
            new HistoryEvent(
                id, previousEventId, type, clock.instant(), keptData(details), stateName)));
    return id;
  }

  /**
   * Records an event of a state that carries its data and returns its id: its details name the
   * state and hold {@code payload} as {@code payloadField} and, when not null, the variables the
   * state assigned; the same details {@link #record} would keep, built when the history is read.
   *
   * @param payloadField {@code input}, {@code output} or {@code parameters}
   * @param payload null when the event carries none
   * @param topLevel whether the event is of the top level, which the next top-level event follows
   *     ({@link #rootCursor})
   * @throws ExecutionLimitExceeded when the history is full, as {@link #record}
   */
  synchronized long recordState(
      String type,
      String stateName,
      String payloadField,
      JsonNode payload,
      ObjectNode assignedVariables,
      long previousEventId,
      boolean topLevel) {
    requireRoom();
    // In the order record() measures the fields of the details it is given.
    boolean payloadKept = payload == null || keepsData(payload);
    boolean assignedKept = assignedVariables == null || keepsData(assignedVariables);
    long id = history.size() + 1;
    history.add(
        new RecordedEvent.OfState(
            id,
            previousEventId,
            type,
            clock.instant(),
            stateName,
            payload == null ? null : payloadField,
            payloadKept ? payload : null,
            !payloadKept,
            assignedKept ? assignedVariables : null,
            !assignedKept));
    return movingRoot(id, topLevel);
  }

  /** Keeps the last place free for the execution's closing event ({@link #recordClosing}). */
  private void requireRoom() {
    if (history.size() >= MAX_HISTORY_EVENTS - 1) {
      throw new ExecutionLimitExceeded(ErrorNames.RUNTIME, HISTORY_FULL);
    }
  }

  /** The event {@code id}, which a top-level event makes what the next top-level one follows. */
  private long movingRoot(long id, boolean topLevel) {
    if (topLevel) {
      rootCursor = id;
    }
    return id;
  }

  /** The last event of the top level, which the next top-level event follows. */
  synchronized long rootCursor() {
    return rootCursor;
  }

  synchronized void rootCursor(long eventId) {
    rootCursor = eventId;
  }

  /** The event {@code previousEventId} of the event {@code id}; 0 when there is none. */
  synchronized long previousOf(long id) {
    return id >= 1 && id <= history.size() ? history.get((int) id - 1).previousEventId : 0;
  }

  /**
   * The details with their data while the history's budget lasts; after, each payload is left out
   * and its {@code …Details} says {@code truncated}, as Step Functions marks a cut payload.
   */
  private ObjectNode keptData(ObjectNode details) {
    if (details == null) {
      return null;
    }
    ObjectNode kept = null;
    var fields = details.fields();
    while (fields.hasNext()) {
      var field = fields.next();
      if (field.getKey().endsWith("Details") || keepsData(field.getValue())) {
        continue;
      }
      if (kept == null) {
        kept = Json.object();
        kept.setAll(details);
      }
      kept.remove(field.getKey());
      kept.putObject(field.getKey() + "Details").put("truncated", true);
    }
    return kept == null ? details : kept;
  }

  /**
   * Whether the history keeps a value of an event's details: always when it is not data (a number,
   * a flag, a short text); data while the history's budget lasts, which it is counted against.
   */
  private boolean keepsData(JsonNode value) {
    boolean data = value.isContainerNode() || value.isTextual() && value.textValue().length() > 80;
    if (!data) {
      return true;
    }
    // Once the budget is spent, later events keep no data: none is measured again.
    long bytes = historyDataLeft < 0 ? -1 : measuredBytes(value);
    historyDataLeft =
        bytes >= 0
            ? (bytes <= historyDataLeft ? historyDataLeft - bytes : -1)
            : Payloads.bytesAtMost(value, historyDataLeft);
    return historyDataLeft >= 0;
  }

  /** A value's size written as JSON, or -1 when it is over the payload limit. */
  private record Measured(JsonNode value, long bytes) {}

  /** Whether a value fits the payload limit. */
  boolean fitsPayload(JsonNode value) {
    return measuredBytes(value) >= 0;
  }

  /**
   * A value's size written as JSON, or -1 when it is over the payload limit. A value is never
   * changed once passed on, and states mostly pass on what they were given (a state's output is
   * checked, written to its exit event, then to the next state's entry), so the last size is kept
   * for the same value.
   */
  private long measuredBytes(JsonNode value) {
    Measured last = lastMeasured;
    if (last != null && last.value() == value) {
      return last.bytes();
    }
    long left = Payloads.bytesAtMost(value, MAX_PAYLOAD_BYTES);
    long bytes = left < 0 ? -1 : MAX_PAYLOAD_BYTES - left;
    lastMeasured = new Measured(value, bytes);
    return bytes;
  }

  public synchronized List<HistoryEvent> history() {
    return historyFrom(0);
  }

  /** The events from index {@code first} on (0-based): what a checkpoint has not yet written. */
  public synchronized List<HistoryEvent> historyFrom(int first) {
    return history.subList(Math.min(first, history.size()), history.size()).stream()
        .map(RecordedEvent::event)
        .toList();
  }

  /**
   * Bounds the run: a wait that would pass the deadline waits until it and then fails the run with
   * {@link ExecutionTimedOut}.
   */
  public void deadline(Instant until) {
    this.deadline = until;
  }

  /**
   * Makes this run part of {@code callerRun} (a flow that called this one and waits for it): it
   * stops when the caller stops, ends by the caller's deadline, and is one call deeper.
   */
  public ExecutionRun calledFrom(ExecutionRun callerRun) {
    this.caller = callerRun;
    this.callDepth = callerRun.callDepth + 1;
    return this;
  }

  /** Sets how deep this run is in a chain of flows started by flows (0: started by a client). */
  public ExecutionRun atCallDepth(int depth) {
    this.callDepth = depth;
    return this;
  }

  public int callDepth() {
    return callDepth;
  }

  /** At most this many states are entered (nested ones included) before the execution fails. */
  public ExecutionRun maxTransitions(long limit) {
    this.maxTransitions = limit;
    return this;
  }

  /** Counts a state entered against {@link #maxTransitions}. */
  synchronized void enteredState() {
    if (++transitions > maxTransitions) {
      throw new ExecutionLimitExceeded(
          ErrorNames.RUNTIME,
          "The execution reached the maximum number of state transitions ("
              + maxTransitions
              + ").");
    }
  }

  /** Stops the run: every state checks before it starts, and waits are interrupted. */
  public void stop() {
    stopped = true;
  }

  public boolean isStopped() {
    return stopped || caller != null && caller.isStopped();
  }

  /** The earliest of this run's deadline and its callers'. */
  Instant deadline() {
    Instant own = deadline;
    Instant callers = caller == null ? null : caller.deadline();
    return own == null || callers != null && callers.isBefore(own) ? callers : own;
  }

  void checkNotStopped() throws InterruptedException {
    if (isStopped() || Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("execution stopped");
    }
    checkDeadline();
  }

  /**
   * What work that can not wait calls often (expression evaluation): ends the run at once when it
   * was stopped or its deadline passed.
   */
  void checkRunning() {
    if (isStopped() || Thread.currentThread().isInterrupted()) {
      throw new ExecutionStopped();
    }
    checkDeadline();
  }

  private void checkDeadline() {
    Instant until = deadline();
    if (until != null && clock.instant().isAfter(until)) {
      throw new ExecutionTimedOut();
    }
  }

  void sleep(Duration duration) throws InterruptedException {
    checkNotStopped();
    Instant until = deadline();
    if (until != null && clock.instant().plus(duration).isAfter(until)) {
      sleeper.sleep(Duration.between(clock.instant(), until));
      throw new ExecutionTimedOut();
    }
    sleeper.sleep(duration);
    checkNotStopped();
  }
}
