package io.taskfn.flow;

import io.taskfn.api.CallDepth;
import io.taskfn.flow.FlowRequests.ListSchedules;
import io.taskfn.flow.FlowRequests.ScheduleRef;
import io.taskfn.flow.FlowRequests.ScheduleSpec;
import io.taskfn.flow.FlowResponses.Done;
import io.taskfn.flow.FlowResponses.ScheduleInfo;
import io.taskfn.flow.FlowResponses.ScheduleList;
import io.taskfn.store.DuplicateRecordException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The schedule actions of the flows family: time-based schedules that start a flow's executions
 * with a payload, each schedule a record due at its next fire ({@link FlowScheduleFirer} fires it).
 */
@ApplicationScoped
public class FlowScheduleService {

  /** ListSchedules' Limit: 1 to 1000, as the vendor's. */
  static final int MAX_LIST_SCHEDULES = 1000;

  static final int DEFAULT_LIST_SCHEDULES = 50;

  private final FlowRepository flows;
  private final FlowService service;
  private final Clock clock;

  public FlowScheduleService(FlowRepository flows, FlowService service, Clock clock) {
    this.flows = flows;
    this.service = service;
    this.clock = clock;
  }

  public ScheduleInfo createSchedule(ScheduleSpec req) {
    Flow flow = flow(req.flowName());
    String name = FlowService.name("ScheduleName", req.scheduleName());
    String cron = FlowService.required("CronExpression", req.cronExpression());
    Instant now = clock.instant();
    ScheduleExpression.parseFiring(cron, now);
    FlowService.jsonObject("Payload", req.payload());
    int depth = FlowService.checkedDepth(CallDepth.current(), "CreateSchedule");
    FlowSchedule schedule =
        new FlowSchedule(
            flow.name(),
            flow.id(),
            name,
            UUID.randomUUID().toString(),
            req.description(),
            emptyAsNone(req.payload()),
            cron,
            req.enable() == null || req.enable(),
            now,
            now,
            depth);
    Instant next = schedule.nextFireAfter(now);
    try {
      flows.insertSchedule(schedule, next);
    } catch (DuplicateRecordException taken) {
      if (!flows.replaceStaleSchedule(schedule, flow, next)) {
        throw FlowErrors.scheduleAlreadyExists(flow.name(), name);
      }
    }
    return ScheduleInfo.of(schedule, FlowService.answerId(req.requestId()));
  }

  public ScheduleInfo describeSchedule(ScheduleRef req) {
    Flow flow = flow(req.flowName());
    String name = FlowService.required("ScheduleName", req.scheduleName());
    return ScheduleInfo.of(schedule(flow, name), FlowService.answerId(req.requestId()));
  }

  public ScheduleInfo updateSchedule(ScheduleSpec req) {
    Flow flow = flow(req.flowName());
    String name = FlowService.required("ScheduleName", req.scheduleName());
    Instant now = clock.instant();
    String cron = emptyAsNone(req.cronExpression());
    if (cron != null) {
      ScheduleExpression.parseFiring(cron, now);
    }
    if (req.payload() != null) {
      FlowService.jsonObject("Payload", req.payload());
    }
    int depth = FlowService.checkedDepth(CallDepth.current(), "UpdateSchedule");
    FlowSchedule changed =
        flows
            .updateSchedule(
                flow.name(),
                name,
                s -> {
                  if (!s.belongsTo(flow)) {
                    throw FlowErrors.scheduleNotExists(flow.name(), name);
                  }
                  return new FlowSchedule(
                      s.flowName(),
                      s.flowId(),
                      s.scheduleName(),
                      s.scheduleId(),
                      req.description() != null ? req.description() : s.description(),
                      req.payload() != null ? emptyAsNone(req.payload()) : s.payload(),
                      cron != null ? cron : s.cronExpression(),
                      req.enable() != null ? req.enable() : s.enable(),
                      s.createdTime(),
                      now,
                      Math.max(s.callDepth(), depth));
                },
                now)
            .orElseThrow(() -> FlowErrors.scheduleNotExists(flow.name(), name));
    return ScheduleInfo.of(changed, FlowService.answerId(req.requestId()));
  }

  public Done deleteSchedule(ScheduleRef req) {
    Flow flow = flow(req.flowName());
    String name = FlowService.required("ScheduleName", req.scheduleName());
    boolean deleted =
        flows.deleteSchedule(
            flow.name(),
            name,
            s -> {
              if (!s.belongsTo(flow)) {
                throw FlowErrors.scheduleNotExists(flow.name(), name);
              }
            });
    if (!deleted) {
      throw FlowErrors.scheduleNotExists(flow.name(), name);
    }
    return new Done(FlowService.answerId(req.requestId()));
  }

  public ScheduleList listSchedules(ListSchedules req) {
    Flow flow = flow(req.flowName());
    int limit = FlowService.limit(req.limit(), MAX_LIST_SCHEDULES, DEFAULT_LIST_SCHEDULES);
    String after = emptyAsNone(req.nextToken());
    if (after != null && !FlowService.NAME.matcher(after).matches()) {
      throw FlowErrors.invalid(
          "NextToken", "The parameter NextToken is not one this service gave.");
    }
    List<FlowSchedule> page =
        flows.schedules(flow.name(), after, limit + 1).stream()
            .filter(s -> s.belongsTo(flow))
            .toList();
    boolean more = page.size() > limit;
    List<FlowSchedule> shown = more ? page.subList(0, limit) : page;
    return new ScheduleList(
        FlowService.answerId(req.requestId()),
        shown.stream().map(s -> ScheduleInfo.of(s, null)).toList(),
        more ? shown.get(shown.size() - 1).scheduleName() : null);
  }

  private Flow flow(String flowName) {
    return service.requireFlow(FlowService.required("FlowName", flowName)).value();
  }

  private FlowSchedule schedule(Flow flow, String name) {
    return flows
        .findSchedule(flow.name(), name)
        .filter(s -> s.belongsTo(flow))
        .orElseThrow(() -> FlowErrors.scheduleNotExists(flow.name(), name));
  }

  private static String emptyAsNone(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
