package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One event of an execution's history, in the Step Functions event vocabulary: its details are the
 * Step Functions event's details, payloads kept as JSON trees (written out as text when shown).
 *
 * @param stateName the state the event belongs to (fnf's StepName), or null
 */
public record HistoryEvent(
    long id,
    long previousEventId,
    String type,
    Instant timestamp,
    ObjectNode details,
    String stateName) {}
