package io.taskfn.flow;

import io.taskfn.dispatch.ScheduleFirer;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Fires a flow's schedule whose time has come: starts an execution of the flow with the schedule's
 * payload as input, named by the schedule and the fire time, so that a fire run again (its server
 * died before it let go) finds the execution it started and starts no other.
 */
@Singleton
public class FlowScheduleFirer extends ScheduleFirer<FlowSchedule> {

  private final FlowRepository flows;
  private final FlowService service;

  public FlowScheduleFirer(FlowRepository flows, FlowService service, Clock clock) {
    super(flows.scheduleRecords(), clock);
    this.flows = flows;
    this.service = service;
  }

  /** The name of the execution a schedule starts for {@code fireTime}. */
  static String executionName(FlowSchedule schedule, Instant fireTime) {
    return "schedule_" + schedule.scheduleId().replace("-", "") + "_" + fireTime.toEpochMilli();
  }

  @Override
  protected FlowSchedule failed(FlowSchedule schedule, RuntimeException cause) {
    return schedule;
  }

  @Override
  protected Fired<FlowSchedule> fire(FlowSchedule schedule, Instant fireTime) {
    Optional<Flow> flow = flows.find(schedule.flowName()).map(v -> v.value());
    if (!schedule.enable() || flow.isEmpty() || !schedule.belongsTo(flow.get())) {
      return Fired.stop(schedule);
    }
    service.startScheduled(
        flow.get(),
        executionName(schedule, fireTime),
        FlowService.jsonObject("Payload", schedule.payload()),
        schedule.callDepth());
    return Fired.goOn(schedule, ScheduleExpression.parse(schedule.cronExpression()));
  }
}
