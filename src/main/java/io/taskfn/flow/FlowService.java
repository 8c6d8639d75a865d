package io.taskfn.flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.taskfn.api.ApiException;
import io.taskfn.api.Echo;
import io.taskfn.api.FunctionCatalog;
import io.taskfn.api.Params;
import io.taskfn.api.RequestIds;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.flow.FlowRequests.DescribeExecution;
import io.taskfn.flow.FlowRequests.FlowRef;
import io.taskfn.flow.FlowRequests.FlowSpec;
import io.taskfn.flow.FlowRequests.GetExecutionHistory;
import io.taskfn.flow.FlowRequests.ListExecutions;
import io.taskfn.flow.FlowRequests.ListFlows;
import io.taskfn.flow.FlowRequests.ReportTaskFailed;
import io.taskfn.flow.FlowRequests.ReportTaskSucceeded;
import io.taskfn.flow.FlowRequests.StartExecution;
import io.taskfn.flow.FlowRequests.StopExecution;
import io.taskfn.flow.FlowResponses.Done;
import io.taskfn.flow.FlowResponses.Event;
import io.taskfn.flow.FlowResponses.ExecutionInfo;
import io.taskfn.flow.FlowResponses.ExecutionList;
import io.taskfn.flow.FlowResponses.FlowInfo;
import io.taskfn.flow.FlowResponses.FlowList;
import io.taskfn.flow.FlowResponses.History;
import io.taskfn.flow.FlowResponses.TaskReported;
import io.taskfn.flow.asl.ExecutionRun;
import io.taskfn.flow.asl.HistoryEvent;
import io.taskfn.flow.asl.Json;
import io.taskfn.flow.asl.Sleeper;
import io.taskfn.flow.asl.StateMachine;
import io.taskfn.flow.asl.TaskInvoker;
import io.taskfn.store.DuplicateRecordException;
import io.taskfn.store.Scan;
import io.taskfn.store.Versioned;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** The flows actions: flows, and their executions, Express (synchronous) and Standard. */
@ApplicationScoped
public class FlowService {

  /** Express executions last five minutes at most. */
  static final Duration EXPRESS_LIMIT = Duration.ofMinutes(5);

  /** The largest execution input, as for any state payload (256 KiB). */
  static final int MAX_INPUT_BYTES = ExecutionRun.MAX_PAYLOAD_BYTES;

  static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,127}");
  static final String ACCOUNT = "000000000000";

  /** ListExecutions' Limit: 1 to 100, 60 when not given, as the vendor's. */
  static final int MAX_LIST_EXECUTIONS = 100;

  static final int DEFAULT_LIST_EXECUTIONS = 60;

  /** How many executions one ListExecutions call examines at most for a name prefix. */
  static final int MAX_EXAMINED = 10_000;

  private static final int NAME_FILTER_PAGE = 200;

  /**
   * How deep flows may start flows (through a Task calling StartSyncExecution or StartExecution): a
   * flow started by a client is at depth 0, the flows it starts at 1, and so on to 5.
   */
  static final int MAX_CALL_DEPTH = 5;

  /** How many parsed definitions are kept, and how many characters of definitions at most. */
  static final int PARSED_MACHINES_KEPT = 1000;

  static final long PARSED_CHARS_KEPT = 64L << 20;

  private final java.util.concurrent.atomic.AtomicLong parsedChars =
      new java.util.concurrent.atomic.AtomicLong();

  private final java.util.Map<String, StateMachine> machines =
      new java.util.concurrent.ConcurrentHashMap<>();
  static final String REGION = "local";

  /** The longest RoleArn kept (Alibaba Cloud's RAM role ARNs are far shorter). */
  static final int MAX_ROLE_ARN = 1024;

  /** The latest time a listing's StartedTimeBegin or StartedTimeEnd names: year 9999's end. */
  static final Instant LATEST_START = Instant.parse("9999-12-31T23:59:59.998Z");

  /** The longest Error a ReportTaskFailed names, and the longest Cause kept. */
  static final int MAX_ERROR = 256;

  static final int MAX_CAUSE = 32_768;

  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(FlowService.class);

  /** The longest long poll of DescribeExecution (WaitTimeSeconds), as the vendor's. */
  static final int MAX_WAIT_TIME_SECONDS = 60;

  /** How often a long poll reads the execution again. */
  static final Duration LONG_POLL_INTERVAL = Duration.ofMillis(250);

  /** How many DescribeExecution calls may wait at once, each holding its request thread. */
  static final int MAX_LONG_POLLS = 64;

  private final java.util.concurrent.Semaphore longPolls =
      new java.util.concurrent.Semaphore(MAX_LONG_POLLS);

  /** The longest RequestId a client may choose. */
  static final int MAX_REQUEST_ID = 128;

  private final FlowRepository flows;
  private final TaskInvoker tasks;
  private final FunctionCatalog catalog;
  private final Clock clock;
  private final Sleeper sleeper;
  private final FlowRunner runner;
  private final Dispatcher dispatcher;

  @Inject
  public FlowService(
      FlowRepository flows,
      TaskInvoker tasks,
      FunctionCatalog catalog,
      Clock clock,
      Sleeper sleeper,
      FlowRunner runner,
      Dispatcher dispatcher) {
    this.flows = flows;
    this.tasks = tasks;
    this.catalog = catalog;
    this.clock = clock;
    this.sleeper = sleeper;
    this.runner = runner;
    this.dispatcher = dispatcher;
  }

  // ---- flows ----

  public FlowInfo createFlow(FlowSpec req) {
    String name = name("Name", req.name());
    String definition = required("Definition", req.definition());
    FlowDefinitions.parse(definition, tasks);
    ExecutionMode mode = ExecutionMode.parse(req.executionMode());
    checkFlowOptions(req);
    Instant now = clock.instant();
    Flow flow =
        new Flow(
            name,
            UUID.randomUUID().toString(),
            definition,
            req.description(),
            mode,
            roleArn(req.roleArn()),
            now,
            now);
    try {
      flows.insert(flow);
    } catch (DuplicateRecordException e) {
      throw FlowErrors.flowAlreadyExists(name);
    }
    return FlowInfo.of(flow, answerId(req.requestId()));
  }

  public FlowInfo describeFlow(FlowRef req) {
    return FlowInfo.of(
        requireFlow(required("Name", req.name())).value(), answerId(req.requestId()));
  }

  public FlowInfo updateFlow(FlowSpec req) {
    String name = required("Name", req.name());
    if (req.definition() != null) {
      FlowDefinitions.parse(req.definition(), tasks);
    }
    ExecutionMode mode =
        req.executionMode() == null ? null : ExecutionMode.parse(req.executionMode());
    checkFlowOptions(req);
    String roleArn = roleArn(req.roleArn());
    Flow changed =
        flows
            .update(
                name,
                f ->
                    new Flow(
                        f.name(),
                        f.id(),
                        req.definition() != null ? req.definition() : f.definition(),
                        req.description() != null ? req.description() : f.description(),
                        mode != null ? mode : f.executionMode(),
                        roleArn != null ? roleArn : f.roleArn(),
                        f.createdTime(),
                        clock.instant()))
            .orElseThrow(() -> FlowErrors.flowNotExists(name))
            .value();
    return FlowInfo.of(changed, answerId(req.requestId()));
  }

  public Done deleteFlow(FlowRef req) {
    String name = required("Name", req.name());
    String[] deletedId = new String[1];
    if (!flows.delete(name, flow -> deletedId[0] = flow.id())) {
      throw FlowErrors.flowNotExists(name);
    }
    // The vendor's DeleteFlow refuses no flow for its schedules: they go with it.
    flows.deleteSchedulesOf(name, deletedId[0]);
    return new Done(answerId(req.requestId()));
  }

  public FlowList listFlows(ListFlows req) {
    int limit = limit(req.limit());
    List<Flow> page = flows.list(req.nextToken(), limit + 1);
    boolean more = page.size() > limit;
    List<Flow> shown = more ? page.subList(0, limit) : page;
    return new FlowList(
        answerId(req.requestId()),
        shown.stream().map(f -> FlowInfo.of(f, null)).toList(),
        more ? shown.get(shown.size() - 1).name() : null);
  }

  // ---- executions ----

  public ExecutionInfo startSyncExecution(StartExecution req) throws InterruptedException {
    String flowName = required("FlowName", req.flowName());
    String name = executionName(req.executionName());
    JsonNode input = input(req.input());
    Flow flow = requireFlow(flowName).value();
    if (flow.executionMode() == ExecutionMode.Standard) {
      throw FlowErrors.standardNotSupported();
    }
    String callback = callbackToken(req.callbackFnFTaskToken());
    StateMachine machine = machine(flow.definition());
    CallingTask calling = CallingTask.current();
    callDepth(calling, "StartSyncExecution");
    FlowExecution done =
        runToEnd(
                flow,
                machine,
                name,
                ExecutionMode.Express,
                input,
                syncBound(machine),
                calling,
                0,
                callback)
            .execution();
    reportToCaller(done);
    return ExecutionInfo.ofSync(done, answerId(req.requestId()));
  }

  /** The depth of an execution started by {@code calling}, refused past {@link #MAX_CALL_DEPTH}. */
  private static int callDepth(CallingTask calling, String action) {
    return checkedDepth(calling == null ? 0 : calling.run().callDepth() + 1, action);
  }

  static int checkedDepth(int depth, String action) {
    if (depth > MAX_CALL_DEPTH) {
      throw FlowErrors.invalid(
          "FlowName",
          action
              + " from a flow started by flows "
              + (depth - 1)
              + " deep: flows may start flows at most "
              + MAX_CALL_DEPTH
              + " deep.");
    }
    return depth;
  }

  private record Finished(FlowExecution execution, ExecutionOutcome outcome) {}

  /**
   * Runs an execution in the caller's time and records it once it has ended: nobody can ask for it
   * before, since its name is only known from the answer. Started by a flow's Task ({@code
   * calling}), it runs in that task's thread, as part of the calling run; else on a run thread, as
   * deep in flows started by flows as {@code callDepth} says.
   */
  private Finished runToEnd(
      Flow flow,
      StateMachine machine,
      String name,
      ExecutionMode mode,
      JsonNode input,
      Duration bound,
      CallingTask calling,
      int callDepth,
      String callbackToken)
      throws InterruptedException {
    Instant started = clock.instant();
    ExecutionRun run = newRun(flow, name, input).atCallDepth(callDepth).started();
    Instant deadline = started.plus(bound);
    ExecutionOutcome outcome;
    if (calling == null) {
      run.deadline(deadline);
      outcome = runner.runBounded(run, bound, () -> machine.run(run, input));
    } else {
      run.calledFrom(calling.run());
      run.deadline(calling.deadline().isBefore(deadline) ? calling.deadline() : deadline);
      outcome = FlowRunner.runHere(() -> machine.run(run, input));
    }
    FlowExecution done =
        FlowExecution.running(flow, name, mode, input, started, run.callDepth(), callbackToken)
            .finish(outcome, clock.instant());
    flows.insertHistory(done, closingHistory(run, outcome));
    flows.insert(done, null);
    return new Finished(done, outcome);
  }

  /**
   * The bound of a synchronous run: the smallest of the definition's TimeoutSeconds, the
   * StartSyncExecution timeout in functions.yaml less a margin to answer in, and the Express limit.
   */
  Duration syncBound(StateMachine machine) {
    Duration function = catalog.timeout("StartSyncExecution");
    Duration margin =
        function.dividedBy(10).compareTo(Duration.ofSeconds(1)) < 0
            ? function.dividedBy(10)
            : Duration.ofSeconds(1);
    Duration bound = function.minus(margin);
    if (EXPRESS_LIMIT.compareTo(bound) < 0) {
      bound = EXPRESS_LIMIT;
    }
    if (machine.timeoutSeconds() != null) {
      Duration own = Duration.ofSeconds(machine.timeoutSeconds());
      if (own.compareTo(bound) < 0) {
        bound = own;
      }
    }
    return bound;
  }

  public ExecutionInfo startExecution(StartExecution req) {
    Flow flow = requireFlow(required("FlowName", req.flowName())).value();
    String name =
        req.executionName() == null
            ? UUID.randomUUID().toString()
            : name("ExecutionName", req.executionName());
    JsonNode input = input(req.input());
    int depth = callDepth(CallingTask.current(), "StartExecution");
    String callback = callbackToken(req.callbackFnFTaskToken());
    FlowExecution execution =
        FlowExecution.running(
            flow, name, ExecutionMode.Standard, input, clock.instant(), depth, callback);
    try {
      flows.insert(execution, clock.instant());
    } catch (DuplicateRecordException e) {
      throw FlowErrors.executionAlreadyExists(flow.name(), name);
    }
    dispatcher.wakeUp();
    return ExecutionInfo.of(execution, answerId(req.requestId()), true);
  }

  /**
   * Starts an execution for a schedule's fire, as StartExecution does, under a name the fire time
   * decides, as deep in flows as the schedule says.
   *
   * @return false if that execution was started before (the fire ran again after its server died)
   */
  boolean startScheduled(Flow flow, String name, JsonNode input, int callDepth) {
    FlowExecution execution =
        FlowExecution.running(
            flow, name, ExecutionMode.Standard, input, clock.instant(), callDepth, null);
    try {
      flows.insert(execution, clock.instant());
    } catch (DuplicateRecordException alreadyStarted) {
      return false;
    }
    dispatcher.wakeUp();
    return true;
  }

  /**
   * DescribeExecution, and with WaitTimeSeconds the vendor's long poll: the answer waits until the
   * execution has ended or the time is up. A waiting call holds its request thread and reads the
   * execution every {@link #LONG_POLL_INTERVAL}; at most {@link #MAX_LONG_POLLS} wait at once, and
   * a call past them answers at once, as with no wait.
   */
  public ExecutionInfo describeExecution(DescribeExecution req) throws InterruptedException {
    Duration wait = waitTime(req.waitTimeSeconds());
    String answerId = answerId(req.requestId());
    FlowExecution execution = requireExecution(req.flowName(), req.executionName()).value();
    if (!wait.isZero() && !execution.status().isFinal() && longPolls.tryAcquire()) {
      try {
        Instant until = clock.instant().plus(wait);
        while (!execution.status().isFinal() && clock.instant().isBefore(until)) {
          Duration left = Duration.between(clock.instant(), until);
          sleeper.sleep(left.compareTo(LONG_POLL_INTERVAL) < 0 ? left : LONG_POLL_INTERVAL);
          execution =
              flows
                  .findExecution(execution.flowName(), execution.name())
                  .map(Versioned::value)
                  .orElse(execution);
        }
      } finally {
        longPolls.release();
      }
    }
    return ExecutionInfo.of(execution, answerId, true);
  }

  /** WaitTimeSeconds: 0 to 60, and never past DescribeExecution's own timeout less a second. */
  private Duration waitTime(Integer seconds) {
    if (seconds == null || seconds == 0) {
      return Duration.ZERO;
    }
    if (seconds < 0 || seconds > MAX_WAIT_TIME_SECONDS) {
      throw FlowErrors.invalid(
          "WaitTimeSeconds",
          "The parameter WaitTimeSeconds must be between 0 and " + MAX_WAIT_TIME_SECONDS + ".");
    }
    Duration wanted = Duration.ofSeconds(seconds);
    Duration allowed = catalog.timeout("DescribeExecution").minusSeconds(1);
    return wanted.compareTo(allowed) < 0 ? wanted : allowed;
  }

  public ExecutionList listExecutions(ListExecutions req) {
    String flowName = required("FlowName", req.flowName());
    requireFlow(flowName);
    int limit = limit(req.limit(), MAX_LIST_EXECUTIONS, DEFAULT_LIST_EXECUTIONS);
    ExecutionStatus status = req.status() == null ? null : status(req.status());
    String namePrefix = req.executionNamePrefix();
    Instant begin = time("StartedTimeBegin", req.startedTimeBegin());
    Instant end = time("StartedTimeEnd", req.startedTimeEnd());
    String answerId = answerId(req.requestId());
    Scan.Position position =
        req.nextToken() != null
            ? position(req.nextToken())
            : end == null ? null : FlowRepository.positionAfter(flowName, status, end);
    List<FlowExecution> shown = new ArrayList<>();
    Scan.Position lastShown = null;
    int examined = 0;
    while (true) {
      // One more than the page holds tells whether another page follows.
      int wanted = limit + 1 - shown.size();
      int read = namePrefix == null ? wanted : Math.max(wanted, NAME_FILTER_PAGE);
      List<Versioned<FlowExecution>> page = flows.newestFirst(flowName, status, position, read);
      for (Versioned<FlowExecution> e : page) {
        if (shown.size() == limit) {
          return executionList(answerId, shown, lastShown);
        }
        if (begin != null && e.value().startedTime().isBefore(begin)) {
          // Newest first: every execution from here on started before StartedTimeBegin.
          return executionList(answerId, shown, null);
        }
        examined++;
        position = FlowRepository.positionOf(e, status);
        if (namePrefix == null || e.value().name().startsWith(namePrefix)) {
          shown.add(e.value());
          lastShown = position;
        }
      }
      if (page.size() < read) {
        return executionList(answerId, shown, null);
      }
      if (examined >= MAX_EXAMINED) {
        // A name prefix that matches little: hand back what was found and where to go on.
        return executionList(answerId, shown, position);
      }
    }
  }

  private static ExecutionList executionList(
      String answerId, List<FlowExecution> shown, Scan.Position next) {
    return new ExecutionList(
        answerId,
        shown.stream().map(e -> ExecutionInfo.of(e, null, true)).toList(),
        next == null ? null : next.token());
  }

  public ExecutionInfo stopExecution(StopExecution req) {
    Versioned<FlowExecution> found = requireExecution(req.flowName(), req.executionName());
    Versioned<FlowExecution> stopped =
        flows
            .update(
                found.value().flowName(),
                found.value().name(),
                e -> {
                  if (e.status().isFinal()) {
                    throw new io.taskfn.api.ConflictException(
                        400,
                        "InvalidArgument",
                        e.name(),
                        "Execution " + e.name() + " is already " + e.status() + ".");
                  }
                  return e.finish(
                      ExecutionStatus.Stopped, null, req.error(), req.cause(), clock.instant());
                })
            .orElseThrow(() -> FlowErrors.executionNotExists(req.flowName(), req.executionName()));
    dispatcher.cancel(stopped.record().key());
    reportToCaller(stopped.value());
    return ExecutionInfo.of(stopped.value(), answerId(req.requestId()), true);
  }

  public History getExecutionHistory(GetExecutionHistory req) {
    FlowExecution e = requireExecution(req.flowName(), req.executionName()).value();
    int limit = limit(req.limit());
    long after = req.nextToken() == null ? 0 : parseToken(req.nextToken());
    List<Event> page =
        flows.history(e.flowName(), e.name(), after, limit + 1).stream().map(Event::of).toList();
    boolean more = page.size() > limit;
    List<Event> shown = more ? page.subList(0, limit) : page;
    return new History(
        answerId(req.requestId()),
        shown,
        more ? Long.toString(shown.get(shown.size() - 1).eventId()) : null);
  }

  /** Runs a flow to its end for a job of type flow; the job's own timeout bounds it. */
  public ExecutionOutcome runForJob(
      String flowName, String executionName, JsonNode input, Duration bound, int callDepth)
      throws InterruptedException {
    Flow flow = requireFlow(flowName).value();
    return runToEnd(
            flow,
            machine(flow.definition()),
            executionName,
            flow.executionMode(),
            input,
            bound,
            null,
            checkedDepth(callDepth, "A flow job's run"),
            null)
        .outcome();
  }

  /**
   * The parsed machine of a definition. Definitions are immutable text and a parsed machine is
   * immutable too, so each is parsed once; the cache is emptied when it grows past its bounds.
   */
  StateMachine machine(String definition) {
    StateMachine cached = machines.get(definition);
    if (cached != null) {
      return cached;
    }
    StateMachine parsed = FlowDefinitions.parse(definition, tasks);
    if (machines.size() >= PARSED_MACHINES_KEPT
        || parsedChars.addAndGet(definition.length()) > PARSED_CHARS_KEPT) {
      machines.clear();
      parsedChars.set(definition.length());
    }
    machines.put(definition, parsed);
    return parsed;
  }

  ExecutionRun newRun(Flow flow, String executionName, JsonNode input) {
    return new ExecutionRun(
            clock,
            sleeper,
            tasks,
            "arn:taskfn:fnf:"
                + REGION
                + ":"
                + ACCOUNT
                + ":execution:"
                + flow.name()
                + ":"
                + executionName,
            executionName,
            "arn:taskfn:fnf:" + REGION + ":" + ACCOUNT + ":flow:" + flow.name(),
            flow.name(),
            input)
        .branchPool(runner.branchPool());
  }

  // ---- task tokens ----

  public TaskReported reportTaskSucceeded(ReportTaskSucceeded req) {
    String token = required("TaskToken", req.taskToken());
    String output = required("Output", req.output());
    if (output.getBytes(StandardCharsets.UTF_8).length > MAX_INPUT_BYTES) {
      throw FlowErrors.tooLarge("Output", MAX_INPUT_BYTES);
    }
    JsonNode parsed;
    try {
      parsed = Json.parseWhole(output);
    } catch (JsonProcessingException e) {
      throw FlowErrors.invalid(
          "Output",
          "The parameter Output must be one JSON value, with nothing after it"
              + FlowDefinitions.where(e)
              + ".");
    }
    if (!ExecutionRun.isPayload(parsed)) {
      throw FlowErrors.invalid(
          "Output",
          "The parameter Output nests deeper than "
              + ExecutionRun.MAX_PAYLOAD_NESTING
              + " levels.");
    }
    String answerId = answerId(req.requestId());
    FlowTaskToken done =
        report(token, FlowTaskToken.Status.Succeeded, Json.write(parsed), null, null);
    return new TaskReported(answerId, done.eventId());
  }

  public TaskReported reportTaskFailed(ReportTaskFailed req) {
    String token = required("TaskToken", req.taskToken());
    String error = shortText("Error", required("Error", req.error()), MAX_ERROR);
    String cause = req.cause() == null ? null : Echo.cut(req.cause(), MAX_CAUSE);
    String answerId = answerId(req.requestId());
    FlowTaskToken done = report(token, FlowTaskToken.Status.Failed, null, error, cause);
    return new TaskReported(answerId, done.eventId());
  }

  /** Writes what became of a task: once per token; then wakes the execution that waits for it. */
  private FlowTaskToken report(
      String token, FlowTaskToken.Status outcome, String output, String error, String cause) {
    FlowTaskToken done =
        flows
            .updateToken(
                token,
                t -> {
                  if (t.status() != FlowTaskToken.Status.Waiting) {
                    throw FlowErrors.taskAlreadyCompleted(token);
                  }
                  return t.reported(outcome, output, error, cause);
                })
            .orElseThrow(() -> FlowErrors.noSuchTask(token))
            .value();
    flows.wake(done.flowName(), done.executionName(), token, clock.instant());
    dispatcher.wakeUp();
    return done;
  }

  /**
   * A CallbackFnFTaskToken must name a task that waits, so that the outcome has somewhere to go.
   */
  private String callbackToken(String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    FlowTaskToken found =
        flows
            .findToken(token)
            .orElseThrow(() -> FlowErrors.noSuchTask("CallbackFnFTaskToken", token))
            .value();
    if (found.status() != FlowTaskToken.Status.Waiting) {
      throw FlowErrors.taskAlreadyCompleted(token);
    }
    return token;
  }

  /**
   * Reports an ended execution's outcome to the Task that started it with a CallbackFnFTaskToken:
   * its output, or its error and cause. A task that no longer waits (stopped, timed out, reported
   * otherwise) has nothing to learn, so a refusal is logged and dropped.
   */
  void reportToCaller(FlowExecution ended) {
    if (ended.callbackToken() == null || !ended.status().isFinal()) {
      return;
    }
    try {
      if (ended.status() == ExecutionStatus.Succeeded) {
        report(
            ended.callbackToken(),
            FlowTaskToken.Status.Succeeded,
            ended.output() == null ? "{}" : ended.output(),
            null,
            null);
      } else {
        report(
            ended.callbackToken(),
            FlowTaskToken.Status.Failed,
            null,
            ended.errorCode() != null ? ended.errorCode() : "Execution" + ended.status(),
            ended.errorMessage());
      }
    } catch (io.taskfn.api.ApiException e) {
      LOG.infof(
          "execution %s of %s: its callback task token took no report (%s)",
          ended.name(), ended.flowName(), e.getMessage());
    }
  }

  /** The execution as its run ended, with its closing history written. */
  FlowExecution finished(FlowExecution running, ExecutionOutcome outcome, ExecutionRun run) {
    FlowExecution done = running.finish(outcome, clock.instant());
    // Every page, so that all expire with the execution.
    flows.saveHistory(done, 0, closingHistory(run, outcome));
    return done;
  }

  static List<HistoryEvent> closingHistory(ExecutionRun run, ExecutionOutcome outcome) {
    var details = Json.object();
    if (outcome.output() != null) {
      details.set("output", outcome.output());
      details.set("outputDetails", ExecutionRun.notTruncated());
    }
    if (outcome.errorCode() != null) {
      details.put("error", outcome.errorCode());
    }
    if (outcome.errorMessage() != null) {
      details.put("cause", outcome.errorMessage());
    }
    run.recordClosing(
        switch (outcome.status()) {
          case Succeeded -> "ExecutionSucceeded";
          case Failed -> "ExecutionFailed";
          case TimedOut -> "ExecutionTimedOut";
          default -> "ExecutionAborted";
        },
        details);
    return run.history();
  }

  // ---- checks ----

  Versioned<Flow> requireFlow(String name) {
    return flows.find(name).orElseThrow(() -> FlowErrors.flowNotExists(name));
  }

  private Versioned<FlowExecution> requireExecution(String flowNameGiven, String nameGiven) {
    String flowName = required("FlowName", flowNameGiven);
    String name = required("ExecutionName", nameGiven);
    requireFlow(flowName);
    return flows
        .findExecution(flowName, name)
        .orElseThrow(() -> FlowErrors.executionNotExists(flowName, name));
  }

  static String required(String parameter, String value) {
    if (value == null || value.isEmpty()) {
      throw FlowErrors.missing(parameter);
    }
    return value;
  }

  static String name(String parameter, String value) {
    required(parameter, value);
    if (!NAME.matcher(value).matches()) {
      throw FlowErrors.invalid(
          parameter,
          "The parameter "
              + parameter
              + " must start with a letter or _, hold only letters, digits, _ and -, and be 1 to"
              + " 128 characters long.");
    }
    return value;
  }

  private static String executionName(String requested) {
    String base = requested == null ? "exec" : name("ExecutionName", requested);
    return base + ":" + UUID.randomUUID();
  }

  private static JsonNode input(String input) {
    return jsonObject("Input", input);
  }

  /**
   * A payload given as JSON text (Input, a schedule's Payload): one JSON object within the payload
   * limits; none when empty.
   */
  static JsonNode jsonObject(String parameter, String text) {
    if (text == null || text.isBlank()) {
      return Json.object();
    }
    if (text.getBytes(StandardCharsets.UTF_8).length > MAX_INPUT_BYTES) {
      throw FlowErrors.tooLarge(parameter, MAX_INPUT_BYTES);
    }
    JsonNode parsed;
    try {
      parsed = Json.parseWhole(text);
    } catch (JsonProcessingException e) {
      throw FlowErrors.invalid(
          parameter,
          "The parameter "
              + parameter
              + " must be one JSON object, with nothing after it"
              + FlowDefinitions.where(e)
              + ".");
    }
    if (!parsed.isObject()) {
      throw FlowErrors.invalid(parameter, "The parameter " + parameter + " must be a JSON object.");
    }
    if (!ExecutionRun.isPayload(parsed)) {
      throw FlowErrors.invalid(
          parameter,
          "The parameter "
              + parameter
              + " nests deeper than "
              + ExecutionRun.MAX_PAYLOAD_NESTING
              + " levels.");
    }
    return parsed;
  }

  private static void checkFlowOptions(FlowSpec req) {
    if (req.type() != null && !req.type().equals("FDL")) {
      throw FlowErrors.invalid("Type", "The parameter Type must be FDL.");
    }
    Params.notSupported(
        "ExternalStorageLocation",
        req.externalStorageLocation(),
        "",
        "taskfn keeps every input and output in its own store, within the 256 KiB payload limit");
  }

  /** A role ARN, kept as given; empty is none. */
  private static String roleArn(String roleArn) {
    if (roleArn == null || roleArn.isEmpty()) {
      return null;
    }
    return shortText("RoleArn", roleArn, MAX_ROLE_ARN);
  }

  /** A call of a flows action that may be interrupted (a run or a long poll it waits for). */
  interface Call<T> {
    T get() throws InterruptedException;
  }

  /**
   * Runs a flows action whose rejection, too, answers with the RequestId the client chose: the
   * vendor takes it as the id of the request, whatever the outcome.
   */
  static <T> T answeringInterruptibly(String requestId, Call<T> call) throws InterruptedException {
    try {
      return call.get();
    } catch (ApiException e) {
      throw isAnswerId(requestId) ? e.answeredAs(requestId) : e;
    }
  }

  /** {@link #answering} of an action that is never interrupted. */
  static <T> T answering(String requestId, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (ApiException e) {
      throw isAnswerId(requestId) ? e.answeredAs(requestId) : e;
    }
  }

  private static boolean isAnswerId(String given) {
    return given != null
        && !given.isEmpty()
        && given.length() <= MAX_REQUEST_ID
        && given.chars().noneMatch(Character::isISOControl);
  }

  /** The answer's RequestId: the client's own when it gives one, as the vendor does. */
  static String answerId(String given) {
    if (given == null || given.isEmpty()) {
      return RequestIds.next();
    }
    return shortText("RequestId", given, MAX_REQUEST_ID);
  }

  private static String shortText(String parameter, String value, int max) {
    if (value.length() > max || value.chars().anyMatch(Character::isISOControl)) {
      throw FlowErrors.invalid(
          parameter,
          "The parameter "
              + parameter
              + " must be at most "
              + max
              + " characters long, without control characters.");
    }
    return value;
  }

  /** A time in UTC RFC 3339 (an offset is taken too), or null when not given. */
  private static Instant time(String parameter, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      // Clamped to the times an execution can have started at, so the index key stays in range.
      Instant at = java.time.OffsetDateTime.parse(value).toInstant();
      return at.isBefore(Instant.EPOCH)
          ? Instant.EPOCH
          : at.isAfter(LATEST_START) ? LATEST_START : at;
    } catch (java.time.format.DateTimeParseException e) {
      throw FlowErrors.invalid(
          parameter,
          "The parameter "
              + parameter
              + " must be a time in UTC RFC 3339, such as 2020-12-02T02:39:20.402Z, not "
              + Echo.of(value)
              + ".");
    }
  }

  private static int limit(Integer limit) {
    return limit(limit, 1000, 50);
  }

  /** A listing's Limit: 1 to {@code max}, {@code absent} when not given. */
  static int limit(Integer limit, int max, int absent) {
    if (limit == null) {
      return absent;
    }
    if (limit < 1 || limit > max) {
      throw FlowErrors.invalid("Limit", "The parameter Limit must be between 1 and " + max + ".");
    }
    return limit;
  }

  private static ExecutionStatus status(String value) {
    try {
      return ExecutionStatus.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw FlowErrors.invalid(
          "Status",
          "The parameter Status must be one of Running, Succeeded, Failed, TimedOut, Stopped.");
    }
  }

  private static Scan.Position position(String token) {
    try {
      return Scan.Position.fromToken(token);
    } catch (IllegalArgumentException e) {
      throw FlowErrors.invalid(
          "NextToken", "The parameter NextToken is not one this service gave.");
    }
  }

  private static long parseToken(String token) {
    try {
      return Long.parseLong(token);
    } catch (NumberFormatException e) {
      throw FlowErrors.invalid(
          "NextToken", "The parameter NextToken is not one this service gave.");
    }
  }
}
