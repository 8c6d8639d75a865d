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
  private final List<HistoryEvent> history = new ArrayList<>();
  private volatile boolean stopped;
  private volatile Instant deadline;
  private Checkpoints checkpoints;
  ExecutorService branches;
  private Duration suspendAfter;
  private Instant resumedWaitUntil;

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
      execution.put("RoleArn", "arn:aws:iam::000000000000:role/taskfn");
      execution.put("StartTime", Timestamps.format(startTime));
      execution.put("RedriveCount", 0);
      ObjectNode machine = context.putObject("StateMachine");
      machine.put("Id", stateMachineArn);
      machine.put("Name", stateMachineName);
      executionContext = context;
    }
    return executionContext;
  }

  /** Marks the start of a new execution in its history. */
  public ExecutionRun started() {
    ObjectNode started = Json.object();
    started.set("input", input);
    record("ExecutionStarted", started);
    return this;
  }

  /** Continues the history of an execution resumed after a restart. */
  public synchronized ExecutionRun continuing(List<HistoryEvent> earlier) {
    history.clear();
    history.addAll(earlier);
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

  /** The end of the wait the run resumed in, once; null afterwards or when there is none. */
  synchronized Instant takeResumedWait() {
    Instant until = resumedWaitUntil;
    resumedWaitUntil = null;
    return until;
  }

  /** Whether a wait this long is suspended (never one that the run's deadline cuts short). */
  boolean suspends(Duration delay) {
    Instant end = deadline;
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

  /** Records an event and returns its id. */
  public synchronized long record(String type, ObjectNode details) {
    long id = history.size() + 1;
    history.add(new HistoryEvent(id, id - 1, type, clock.instant(), details));
    return id;
  }

  public synchronized List<HistoryEvent> history() {
    return List.copyOf(history);
  }

  /**
   * Bounds the run: a wait that would pass the deadline waits until it and then fails the run with
   * {@link ExecutionTimedOut}.
   */
  public void deadline(Instant until) {
    this.deadline = until;
  }

  /** Stops the run: every state checks before it starts, and waits are interrupted. */
  public void stop() {
    stopped = true;
  }

  public boolean isStopped() {
    return stopped;
  }

  void checkNotStopped() throws InterruptedException {
    if (stopped || Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("execution stopped");
    }
  }

  void sleep(Duration duration) throws InterruptedException {
    checkNotStopped();
    Instant until = deadline;
    if (until != null && clock.instant().plus(duration).isAfter(until)) {
      sleeper.sleep(Duration.between(clock.instant(), until));
      throw new ExecutionTimedOut();
    }
    sleeper.sleep(duration);
    checkNotStopped();
  }
}
