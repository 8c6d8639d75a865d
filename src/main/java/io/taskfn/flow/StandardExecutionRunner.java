package io.taskfn.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskfn.dispatch.HeldRecord;
import io.taskfn.dispatch.LeasedHandler;
import io.taskfn.flow.asl.ExecutionRun;
import io.taskfn.flow.asl.HistoryEvent;
import io.taskfn.flow.asl.Json;
import io.taskfn.flow.asl.StateMachine;
import io.taskfn.flow.asl.TaskReport;
import io.taskfn.flow.asl.TaskWaitSuspended;
import io.taskfn.flow.asl.WaitSuspended;
import io.taskfn.store.VersionConflictException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs a Standard execution claimed by the dispatcher. After each top-level state it writes where
 * to go on (next state, its input, the variables) and the history so far, so a run whose server
 * dies resumes from its last completed state on whichever server claims it next.
 */
@Singleton
public class StandardExecutionRunner extends LeasedHandler<FlowExecution> {

  /** Waits longer than this free their worker: the execution is due again when they end. */
  static final Duration SUSPEND_WAITS_OVER = Duration.ofSeconds(5);

  /**
   * How long a task token is kept at least. A Task times out by its own TimeoutSeconds (99,999,999
   * s when it names none); the token is kept a retention age past whichever comes first of that and
   * this.
   */
  static final Duration TOKEN_KEPT = Duration.ofDays(366);

  private static final Logger LOG = Logger.getLogger(StandardExecutionRunner.class);

  private final FlowRepository flows;
  private final FlowService service;
  private final FlowRunner runner;
  private final FlowConfig config;
  private final Clock clock;

  public StandardExecutionRunner(
      FlowRepository flows,
      FlowService service,
      FlowRunner runner,
      FlowConfig config,
      Clock clock) {
    super(flows.executionRecords());
    this.flows = flows;
    this.service = service;
    this.runner = runner;
    this.config = config;
    this.clock = clock;
  }

  /** The run was stopped (StopExecution wrote the record): end quietly. */
  private static final class Superseded extends RuntimeException {
    Superseded() {
      super(null, null, false, false);
    }
  }

  /** Writes the pages of the history that changed since {@code saved[0]} events were written. */
  private void saveHistory(FlowExecution execution, ExecutionRun run, int[] saved) {
    int first = FlowRepository.pageStart(saved[0]);
    List<HistoryEvent> events = run.historyFrom(first);
    flows.saveHistory(execution, first, events);
    saved[0] = first + events.size();
  }

  /** What was reported for a task token; NONE while it waits (or if it has expired). */
  private TaskReport report(String token) {
    return flows
        .findToken(token)
        .map(t -> t.value())
        .map(
            t ->
                switch (t.status()) {
                  case Waiting -> TaskReport.NONE;
                  case Succeeded -> new TaskReport(Json.parse(t.output()), null, null);
                  case Failed -> new TaskReport(null, t.error(), t.cause());
                })
        .orElse(TaskReport.NONE);
  }

  @Override
  protected boolean isFinished(FlowExecution execution) {
    return execution.status().isFinal();
  }

  @Override
  protected FlowExecution failed(FlowExecution execution, RuntimeException cause) {
    return execution.finish(
        ExecutionStatus.Failed,
        null,
        "States.Runtime",
        "The execution failed inside taskfn: " + cause,
        clock.instant());
  }

  @Override
  protected void handle(HeldRecord<FlowExecution> held) throws InterruptedException {
    FlowExecution execution = held.value();
    StateMachine machine = service.machine(execution.definition());
    JsonNode input = Json.parse(execution.input());
    Flow flow =
        new Flow(
            execution.flowName(),
            null,
            execution.definition(),
            null,
            execution.mode(),
            null,
            null,
            null);
    ExecutionRun run =
        service.newRun(flow, execution.name(), input).atCallDepth(execution.callDepth());
    boolean resuming = execution.resumeState() != null;
    if (resuming) {
      run.continuing(flows.history(execution.flowName(), execution.name()));
    } else {
      run.started();
    }
    // How many events are in the store: a checkpoint writes the pages after them.
    int[] saved = {resuming ? run.history().size() : 0};
    if (machine.timeoutSeconds() != null) {
      run.deadline(execution.startedTime().plusSeconds(machine.timeoutSeconds()));
    }
    run.suspendWaitsLongerThan(SUSPEND_WAITS_OVER);
    run.maxTransitions(config.standard().maxTransitions());
    run.taskTokens(
        (state, eventId) ->
            flows
                .issueToken(held.value(), state, eventId, clock.instant().plus(TOKEN_KEPT))
                .token());
    if (execution.awaitedToken() != null) {
      TaskReport report = report(execution.awaitedToken());
      if (report == TaskReport.NONE && clock.instant().isBefore(execution.resumeWaitUntil())) {
        // Claimed before the report or the timeout: it goes on waiting.
        held.release(execution, execution.resumeWaitUntil());
        return;
      }
      run.resumingTask(report, execution.awaitedRetries());
    } else if (execution.resumeWaitUntil() != null) {
      run.resumingWaitUntil(execution.resumeWaitUntil());
    }
    run.checkpoints(
        (next, data, variables) -> {
          if (next == null) {
            return;
          }
          FlowExecution checkpoint = held.value().checkpoint(next, data, variables, null);
          try {
            held.write(checkpoint);
          } catch (VersionConflictException stopped) {
            throw new Superseded();
          }
          saveHistory(checkpoint, run, saved);
        });
    ExecutionOutcome outcome;
    try {
      outcome =
          runner.onRunThread(
              run,
              () ->
                  FlowRunner.runHere(
                      () ->
                          resuming
                              ? machine.resume(
                                  run,
                                  execution.resumeState(),
                                  execution.resumeInput(),
                                  execution.resumeVariables())
                              : machine.run(run, input)));
    } catch (InterruptedException stopped) {
      // StopExecution: the run thread has been stopped; the history gets its closing event.
      Thread.currentThread().interrupt();
      outcome = FlowRunner.stopped();
    } catch (Superseded stopped) {
      LOG.infof("execution %s of %s was stopped", execution.name(), execution.flowName());
      return;
    } catch (WaitSuspended wait) {
      // A long wait holds no worker: the execution is written down at the wait and falls due
      // again when it ends.
      FlowExecution waiting =
          held.value().checkpoint(wait.stateName(), wait.input(), wait.variables(), wait.until());
      held.release(waiting, wait.until());
      saveHistory(waiting, run, saved);
      return;
    } catch (TaskWaitSuspended wait) {
      // Waiting for a task token holds no worker either: due again when the Task times out, or at
      // once when the token is reported. A report that came before this was written finds no
      // execution waiting for it, so this looks for one now.
      FlowExecution waiting =
          held.value()
              .checkpoint(wait.stateName(), wait.input(), wait.variables(), wait.until())
              .awaiting(wait.token(), wait.retryState());
      held.release(waiting, wait.until());
      saveHistory(waiting, run, saved);
      if (report(wait.token()) != TaskReport.NONE) {
        flows.wake(waiting.flowName(), waiting.name(), wait.token(), clock.instant());
      }
      return;
    }
    FlowExecution ended = service.finished(held.value(), outcome, run);
    held.release(ended, null);
    service.reportToCaller(ended);
  }
}
