package io.taskfn.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskfn.dispatch.DueWorkHandler;
import io.taskfn.dispatch.Lease;
import io.taskfn.flow.asl.ExecutionRun;
import io.taskfn.flow.asl.StateMachine;
import io.taskfn.flow.asl.WaitSuspended;
import io.taskfn.store.TypedRepository;
import io.taskfn.store.VersionConflictException;
import io.taskfn.store.Versioned;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Runs a Standard execution claimed by the dispatcher. After each top-level state it writes where
 * to go on (next state, its input, the variables) and the history so far, so a run whose server
 * dies resumes from its last completed state on whichever server claims it next.
 */
@ApplicationScoped
public class StandardExecutionRunner implements DueWorkHandler {

  /** Waits longer than this free their worker: the execution is due again when they end. */
  static final Duration SUSPEND_WAITS_OVER = Duration.ofSeconds(5);

  private static final Logger LOG = Logger.getLogger(StandardExecutionRunner.class);

  private final FlowRepository flows;
  private final TypedRepository<FlowExecution> executions;
  private final FlowService service;

  public StandardExecutionRunner(FlowRepository flows, FlowService service) {
    this.flows = flows;
    this.executions = flows.executionRecords();
    this.service = service;
  }

  @Override
  public String kind() {
    return FlowRepository.EXECUTION_KIND;
  }

  /** The run was stopped (StopExecution wrote the record): end quietly. */
  private static final class Superseded extends RuntimeException {
    Superseded() {
      super(null, null, false, false);
    }
  }

  /**
   * The record of a long wait: the execution is due again when the wait ends, and no worker waits
   * with it.
   */
  private void suspend(Lease lease, WaitSuspended wait, ExecutionRun run) {
    FlowExecution current = executions.decode(lease.record());
    FlowExecution waiting =
        current.checkpoint(wait.stateName(), wait.input(), wait.variables(), wait.until());
    try {
      lease.release(executions.encodeInto(lease.record(), waiting).withDueAt(wait.until()));
      flows.saveHistory(current.flowName(), current.name(), run.history());
    } catch (VersionConflictException stopped) {
      LOG.infof("execution %s was stopped while it waited", current.name());
    }
  }

  @Override
  public void run(Lease lease) throws InterruptedException {
    FlowExecution execution = executions.decode(lease.record());
    if (execution.status().isFinal()) {
      lease.release(lease.record().withDueAt(null));
      return;
    }
    StateMachine machine = service.machine(execution.definition());
    JsonNode input = io.taskfn.flow.asl.Json.parse(execution.input());
    Flow flow =
        new Flow(
            execution.flowName(), null, execution.definition(), null, execution.mode(), null, null);
    ExecutionRun run = service.newRun(flow, execution.name(), input);
    boolean resuming = execution.resumeState() != null;
    if (resuming) {
      run.continuing(flows.history(execution.flowName(), execution.name()));
    } else {
      run.started();
    }
    if (machine.timeoutSeconds() != null) {
      run.deadline(execution.startedTime().plusSeconds(machine.timeoutSeconds()));
    }
    run.suspendWaitsLongerThan(SUSPEND_WAITS_OVER);
    if (execution.resumeWaitUntil() != null) {
      run.resumingWaitUntil(execution.resumeWaitUntil());
    }
    run.checkpoints(
        (next, data, variables) -> {
          if (next == null) {
            return;
          }
          FlowExecution current = executions.decode(lease.record());
          try {
            lease.write(
                executions.encodeInto(
                    lease.record(), current.checkpoint(next, data, variables, null)));
          } catch (VersionConflictException stopped) {
            throw new Superseded();
          }
          flows.saveHistory(execution.flowName(), execution.name(), run.history());
        });
    ExecutionOutcome outcome;
    try {
      outcome =
          FlowRunner.runHere(
              () ->
                  resuming
                      ? machine.resume(
                          run,
                          execution.resumeState(),
                          execution.resumeInput(),
                          execution.resumeVariables())
                      : machine.run(run, input));
    } catch (Superseded stopped) {
      LOG.infof("execution %s of %s was stopped", execution.name(), execution.flowName());
      return;
    } catch (WaitSuspended wait) {
      suspend(lease, wait, run);
      return;
    }
    try {
      Versioned<FlowExecution> current =
          new Versioned<>(executions.decode(lease.record()), lease.record());
      service.finish(current, outcome, run);
      // finish wrote the record itself; the lease ends with it (the record is no longer due).
    } catch (VersionConflictException raced) {
      LOG.infof("execution %s changed while it finished", execution.name());
    }
  }
}
