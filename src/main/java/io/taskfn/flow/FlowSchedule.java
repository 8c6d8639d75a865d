package io.taskfn.flow;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * A flow's time-based schedule: at each time its cron expression names, while enabled, it starts an
 * execution of the flow with its payload as input. {@code flowId} names the flow it was made for: a
 * flow deleted and made again under the same name has none of the old one's schedules. {@code
 * callDepth} is how deep in flows started by flows its executions start: that of the deepest call
 * that created or updated it (0 for a client), so that a flow scheduling itself ends as one
 * starting itself does.
 */
@RegisterForReflection
public record FlowSchedule(
    String flowName,
    String flowId,
    String scheduleName,
    String scheduleId,
    String description,
    String payload,
    String cronExpression,
    boolean enable,
    Instant createdTime,
    Instant lastModifiedTime,
    int callDepth) {

  boolean belongsTo(Flow flow) {
    return flow.id().equals(flowId);
  }

  /** When the schedule fires next after {@code now}: never while it is disabled. */
  Instant nextFireAfter(Instant now) {
    return enable ? ScheduleExpression.parse(cronExpression).nextFireAfter(now).orElse(null) : null;
  }
}
