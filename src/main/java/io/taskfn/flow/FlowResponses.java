package io.taskfn.flow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.taskfn.flow.asl.HistoryEvent;
import io.taskfn.flow.asl.Json;
import io.taskfn.flow.asl.Timestamps;
import java.time.Instant;
import java.util.List;

/** Response bodies of the flows functions, in the vendor's shape. */
public final class FlowResponses {
  private FlowResponses() {}

  static String time(Instant instant) {
    return instant == null ? null : Timestamps.format(instant);
  }

  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record FlowInfo(
      String requestId,
      String name,
      String id,
      String description,
      String definition,
      String type,
      String executionMode,
      String roleArn,
      String createdTime,
      String lastModifiedTime) {

    static FlowInfo of(Flow f, String requestId) {
      return new FlowInfo(
          requestId,
          f.name(),
          f.id(),
          f.description(),
          f.definition(),
          "FDL",
          f.executionMode().name(),
          f.roleArn(),
          time(f.createdTime()),
          time(f.lastModifiedTime()));
    }
  }

  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record FlowList(String requestId, List<FlowInfo> flows, String nextToken) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record Done(String requestId) {}

  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ExecutionInfo(
      String requestId,
      String flowName,
      String name,
      String flowDefinition,
      String status,
      String errorCode,
      String errorMessage,
      String input,
      String output,
      String startedTime,
      String stoppedTime) {

    /** StartSyncExecution's answer: exactly the fields of the vendor's response. */
    static ExecutionInfo ofSync(FlowExecution e, String requestId) {
      return of(e, requestId, false, false);
    }

    /** DescribeExecution's full answer: with the flow's definition and the input. */
    static ExecutionInfo of(FlowExecution e, String requestId, boolean withDefinition) {
      return of(e, requestId, withDefinition, true);
    }

    private static ExecutionInfo of(
        FlowExecution e, String requestId, boolean withDefinition, boolean withInput) {
      return new ExecutionInfo(
          requestId,
          e.flowName(),
          e.name(),
          withDefinition ? e.definition() : null,
          e.status().name(),
          e.errorCode(),
          e.errorMessage(),
          withInput ? e.input() : null,
          e.output(),
          time(e.startedTime()),
          time(e.stoppedTime()));
    }
  }

  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ExecutionList(String requestId, List<ExecutionInfo> executions, String nextToken) {}

  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record Event(
      long eventId,
      long scheduleEventId,
      String type,
      String stepName,
      String time,
      String eventDetail) {

    static Event of(HistoryEvent e) {
      String step =
          e.stateName() != null
              ? e.stateName()
              : e.details() != null && e.details().has("name")
                  ? e.details().get("name").asText()
                  : null;
      return new Event(
          e.id(),
          e.previousEventId(),
          e.type(),
          step,
          FlowResponses.time(e.timestamp()),
          e.details() == null ? null : Json.write(asStepFunctionsDetails(e.details())));
    }

    /** Fields whose value Step Functions gives as JSON text. */
    private static final java.util.Set<String> PAYLOADS =
        java.util.Set.of("input", "output", "parameters");

    /**
     * The details as Step Functions gives them: a payload (and each assigned variable's value) as
     * JSON text. The engine keeps them as trees, and writes them out only when they are shown.
     */
    static ObjectNode asStepFunctionsDetails(ObjectNode details) {
      ObjectNode shown = details.deepCopy();
      for (String field : PAYLOADS) {
        JsonNode value = details.get(field);
        if (value != null) {
          shown.put(field, Json.write(value));
        }
      }
      JsonNode assigned = details.get("assignedVariables");
      if (assigned != null && assigned.isObject()) {
        ObjectNode texts = shown.putObject("assignedVariables");
        assigned.fields().forEachRemaining(v -> texts.put(v.getKey(), Json.write(v.getValue())));
      }
      return shown;
    }
  }

  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record History(String requestId, List<Event> events, String nextToken) {}

  /** ReportTaskSucceeded and ReportTaskFailed: the event that entered the Task state reported. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record TaskReported(String requestId, long eventId) {}

  /** A schedule, as CreateSchedule, DescribeSchedule and UpdateSchedule answer and list it. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ScheduleInfo(
      String requestId,
      String scheduleName,
      String description,
      String scheduleId,
      String payload,
      String cronExpression,
      Boolean enable,
      String createdTime,
      String lastModifiedTime) {

    static ScheduleInfo of(FlowSchedule s, String requestId) {
      return new ScheduleInfo(
          requestId,
          s.scheduleName(),
          s.description(),
          s.scheduleId(),
          s.payload(),
          s.cronExpression(),
          s.enable(),
          time(s.createdTime()),
          time(s.lastModifiedTime()));
    }
  }

  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ScheduleList(String requestId, List<ScheduleInfo> schedules, String nextToken) {}
}
