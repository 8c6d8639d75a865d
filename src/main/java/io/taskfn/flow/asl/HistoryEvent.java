package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** One event of an execution's history, in the Step Functions event vocabulary. */
public record HistoryEvent(
    long id, long previousEventId, String type, Instant timestamp, ObjectNode details) {}
