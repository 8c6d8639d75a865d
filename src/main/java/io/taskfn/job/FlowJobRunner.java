package io.taskfn.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskfn.api.ApiException;
import io.taskfn.api.BadInputException;
import io.taskfn.flow.ExecutionStatus;
import io.taskfn.flow.FlowService;
import io.taskfn.flow.asl.Json;
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

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FlowService flows;

  public FlowJobRunner(FlowService flows) {
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

  static JsonNode input(String instanceParameters) {
    if (instanceParameters == null || instanceParameters.isBlank()) {
      return Json.object();
    }
    try {
      JsonNode parsed = Json.parse(instanceParameters);
      if (parsed.isObject()) {
        return parsed;
      }
    } catch (IllegalArgumentException notJson) {
      // wrapped below
    }
    var wrapped = Json.object();
    wrapped.put("instanceParameters", instanceParameters);
    return wrapped;
  }

  @Override
  public Outcome run(Job job, JobInstance instance, Duration timeout) throws InterruptedException {
    String flowName = flowName(job.xAttrs());
    String executionName =
        "job-" + job.jobId() + "-" + instance.instanceId() + "-" + instance.attempt();
    try {
      var outcome =
          flows.runForJob(flowName, executionName, input(instance.instanceParameters()), timeout);
      if (outcome.status() == ExecutionStatus.Succeeded) {
        return new Outcome(true, Json.write(outcome.output()));
      }
      return new Outcome(
          false,
          "flow "
              + flowName
              + " "
              + outcome.status()
              + ": "
              + outcome.errorCode()
              + ": "
              + outcome.errorMessage());
    } catch (ApiException e) {
      return new Outcome(false, "flow " + flowName + ": " + e.getMessage());
    }
  }
}
