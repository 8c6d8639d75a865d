package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * An event as an execution's run holds it: a {@link HistoryEvent}, or, for the events of a state
 * that carry its data (entered, exited, task scheduled and succeeded), the parts the event is made
 * of. Those are most of a history, and building each one's details object (a map of the state's
 * name, its payload and the payload's {@code …Details}) was most of what recording it cost; the
 * details are built when the history is read, the same object as they would have been built at
 * once, since a payload is never changed once passed on.
 */
abstract class RecordedEvent {

  final long previousEventId;

  private RecordedEvent(long previousEventId) {
    this.previousEventId = previousEventId;
  }

  /** The event as the history gives it. */
  abstract HistoryEvent event();

  /** An event recorded whole. */
  static RecordedEvent of(HistoryEvent event) {
    return new Whole(event);
  }

  private static final class Whole extends RecordedEvent {
    private final HistoryEvent event;

    Whole(HistoryEvent event) {
      super(event.previousEventId());
      this.event = event;
    }

    @Override
    HistoryEvent event() {
      return event;
    }
  }

  /**
   * A state's event: its details name the state and carry {@code payload} as {@code payloadField}
   * (with {@code payloadField}{@code Details}) and, for an exit with Assign, the variables it
   * assigned. A payload or assigned variables left out past the history's data budget are null and
   * marked cut.
   */
  static final class OfState extends RecordedEvent {
    private final long id;
    private final String type;
    private final Instant timestamp;
    private final String stateName;
    private final String payloadField;
    private final String payloadDetailsField;
    private final JsonNode payload;
    private final boolean payloadCut;
    private final ObjectNode assignedVariables;
    private final boolean assignedVariablesCut;
    private HistoryEvent built;

    /**
     * @param payloadField {@code input}, {@code output} or {@code parameters}; null when the event
     *     carries no payload
     * @param assignedVariables null when the state assigned none (it has no Assign) or they were
     *     cut
     * @throws IllegalArgumentException when {@code payloadField} is none of those: refused where
     *     the event is recorded, not when its history is read
     */
    OfState(
        long id,
        long previousEventId,
        String type,
        Instant timestamp,
        String stateName,
        String payloadField,
        JsonNode payload,
        boolean payloadCut,
        ObjectNode assignedVariables,
        boolean assignedVariablesCut) {
      super(previousEventId);
      this.id = id;
      this.type = type;
      this.timestamp = timestamp;
      this.stateName = stateName;
      this.payloadField = payloadField;
      this.payloadDetailsField = payloadField == null ? null : detailsField(payloadField);
      this.payload = payload;
      this.payloadCut = payloadCut;
      this.assignedVariables = assignedVariables;
      this.assignedVariablesCut = assignedVariablesCut;
    }

    /** Built once: the run's lock is held while its history is read. */
    @Override
    HistoryEvent event() {
      if (built == null) {
        built = new HistoryEvent(id, previousEventId, type, timestamp, details(), stateName);
      }
      return built;
    }

    private ObjectNode details() {
      ObjectNode details = Json.object();
      details.put("name", stateName);
      if (payloadField != null) {
        putData(details, payloadField, payloadDetailsField, payload, payloadCut);
      }
      if (assignedVariables != null || assignedVariablesCut) {
        putData(
            details,
            "assignedVariables",
            "assignedVariablesDetails",
            assignedVariables,
            assignedVariablesCut);
      }
      return details;
    }

    /**
     * A payload and its {@code …Details}: the shared not-truncated node, or a new one saying {@code
     * truncated} in place of a payload cut.
     */
    private static void putData(
        ObjectNode details, String field, String detailsField, JsonNode value, boolean cut) {
      if (cut) {
        details.putObject(detailsField).put("truncated", true);
      } else {
        details.set(field, value);
        details.set(detailsField, ExecutionRun.notTruncated());
      }
    }

    /** The {@code …Details} field of a payload field; constants, as every event has one. */
    private static String detailsField(String field) {
      return switch (field) {
        case "input" -> "inputDetails";
        case "output" -> "outputDetails";
        case "parameters" -> "parametersDetails";
        default -> throw new IllegalArgumentException("not a payload field: " + field);
      };
    }
  }
}
