package io.taskfn.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskfn.api.ApiException;
import io.taskfn.api.BadInputException;
import io.taskfn.api.FlowLauncher;
import io.taskfn.api.PlainJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;

/**
 * Runs a job of type {@code flow}: {@code XAttrs} names the flow ({@code {"flowName": …}}); the
 * instance's parameters become the execution's input — a JSON object as it is, any other text as
 * {@code {"instanceParameters": text}}. The attempt succeeds when the execution does.
 */
@ApplicationScoped
public class FlowJobRunner implements JobTypeRunner {

  private static final ObjectMapper JSON = PlainJson.MAPPER;

  private final FlowLauncher flows;

  public FlowJobRunner(FlowLauncher flows) {
    this.flows = flows;
  }

  @Override
  public String jobType() {
    return "flow";
  }

  @Override
  public void validate(String xAttrs) {
    flowName(xAttrs);
  }

  static String flowName(String xAttrs) {
    try {
      JsonNode node = xAttrs == null ? null : JSON.readTree(xAttrs);
      if (node != null
          && node.path("flowName").isTextual()
          && !node.get("flowName").asText().isBlank()) {
        return node.get("flowName").asText();
      }
    } catch (IOException e) {
      // reported below
    }
    throw BadInputException.of(
        "XAttrs", "The parameter XAttrs of a flow job must be a JSON object with a flowName.");
  }

  /** The execution's input as JSON text: the parameters themselves when they are an object. */
  static String input(String instanceParameters) {
    if (instanceParameters == null || instanceParameters.isBlank()) {
      return "{}";
    }
    try {
      JsonNode parsed = JSON.readTree(instanceParameters);
      if (parsed != null && parsed.isObject()) {
        return instanceParameters;
      }
    } catch (IOException notJson) {
      // wrapped below
    }
    return JSON.createObjectNode().put("instanceParameters", instanceParameters).toString();
  }

  @Override
  public Outcome run(Job job, JobInstance instance, Duration timeout) throws InterruptedException {
    String flowName = flowName(job.xAttrs());
    String executionName =
        "job-" + job.jobId() + "-" + instance.instanceId() + "-" + instance.attempt();
    try {
      FlowLauncher.FlowRun run =
          flows.run(
              flowName,
              executionName,
              input(instance.instanceParameters()),
              timeout,
              instance.callDepth());
      if (run.succeeded()) {
        return new Outcome(true, run.output());
      }
      return new Outcome(
          false,
          "flow "
              + flowName
              + " "
              + run.status()
              + ": "
              + run.errorCode()
              + ": "
              + run.errorMessage());
    } catch (ApiException e) {
      return new Outcome(false, "flow " + flowName + ": " + e.getMessage());
    }
  }
}
