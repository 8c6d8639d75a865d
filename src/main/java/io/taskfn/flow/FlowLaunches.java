package io.taskfn.flow;

import io.taskfn.api.FlowLauncher;
import io.taskfn.flow.asl.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** The flows family's side of {@link FlowLauncher}: other families' runs of a flow. */
@ApplicationScoped
public class FlowLaunches implements FlowLauncher {

  private final FlowService flows;

  public FlowLaunches(FlowService flows) {
    this.flows = flows;
  }

  @Override
  public FlowRun run(
      String flowName, String executionName, String input, Duration bound, int callDepth)
      throws InterruptedException {
    ExecutionOutcome outcome =
        flows.runForJob(flowName, executionName, Json.parse(input), bound, callDepth);
    return new FlowRun(
        outcome.status() == ExecutionStatus.Succeeded,
        outcome.status().name(),
        outcome.output() == null ? null : Json.write(outcome.output()),
        outcome.errorCode(),
        outcome.errorMessage());
  }
}
