package io.taskfn.flow;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.taskfn.flow.asl.HistoryEvent;
import io.taskfn.store.IndexSlot;
import io.taskfn.store.RecordShape;
import io.taskfn.store.RetentionConfig;
import io.taskfn.store.Scan;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoreProducer;
import io.taskfn.store.TypedRepository;
import io.taskfn.store.Versioned;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Flows, their executions (indexed by flow and start time, and by flow, status and start time) and
 * each execution's event history, kept in pages of {@link #HISTORY_PAGE} events so that a running
 * execution's checkpoint rewrites its last page, not all it did. A finished execution and its
 * history expire after the retention age.
 */
@ApplicationScoped
public class FlowRepository {

  static final String EXECUTION_KIND = "flowexecution";
  private static final String TENANT = StoreProducer.DEFAULT_TENANT;

  /** Events per stored page of a history. */
  static final int HISTORY_PAGE = 50;

  @RegisterForReflection(targets = {History.class, HistoryEvent.class})
  record History(List<HistoryEvent> events, Instant expiresAt) {}

  private final TypedRepository<Flow> flows;
  private final TypedRepository<FlowExecution> executions;
  private final TypedRepository<History> histories;
  private final TypedRepository<FlowTaskToken> tokens;
  private final TypedRepository<FlowSchedule> schedules;
  private final Duration kept;

  public FlowRepository(StoreBackend store, RetentionConfig retention) {
    this.kept = retention.finishedAge();
    this.flows = new TypedRepository<>(store, "flow", Flow.class);
    this.executions =
        new TypedRepository<>(
            store,
            EXECUTION_KIND,
            FlowExecution.class,
            RecordShape.<FlowExecution>plain()
                .index1(e -> e.flowName() + "/" + startKey(e))
                .index2(e -> e.flowName() + "/" + e.status() + "/" + startKey(e))
                .expiresAt(this::expiry));
    this.histories =
        new TypedRepository<>(
            store,
            "flowhistory",
            History.class,
            RecordShape.<History>plain().expiresAt(History::expiresAt));
    this.tokens =
        new TypedRepository<>(
            store,
            "flowtasktoken",
            FlowTaskToken.class,
            RecordShape.<FlowTaskToken>plain().expiresAt(FlowTaskToken::expiresAt));
    this.schedules =
        new TypedRepository<>(
            store,
            SCHEDULE_KIND,
            FlowSchedule.class,
            RecordShape.<FlowSchedule>plain()
                .index1(s -> scheduleId(s.flowName(), s.scheduleName())));
  }

  static final String SCHEDULE_KIND = "flowschedule";

  /** Start times as fixed-width text, so that index order is time order. */
  private static String startKey(FlowExecution e) {
    return startKey(e.startedTime());
  }

  private static String startKey(Instant started) {
    return String.format("%015d", started.toEpochMilli());
  }

  private Instant expiry(FlowExecution e) {
    return e.status().isFinal() && e.stoppedTime() != null ? e.stoppedTime().plus(kept) : null;
  }

  TypedRepository<FlowExecution> executionRecords() {
    return executions;
  }

  TypedRepository<FlowSchedule> scheduleRecords() {
    return schedules;
  }

  // ---- schedules: each record is due at the schedule's next fire ----

  private static String scheduleId(String flowName, String scheduleName) {
    return flowName + "/" + scheduleName;
  }

  /**
   * Stores a new schedule, due at {@code nextFire}.
   *
   * @throws io.taskfn.store.DuplicateRecordException if the name is taken
   */
  public void insertSchedule(FlowSchedule schedule, Instant nextFire) {
    schedules.insert(
        TENANT, scheduleId(schedule.flowName(), schedule.scheduleName()), schedule, nextFire);
  }

  /**
   * Puts {@code schedule} in the place of one left by a deleted flow of the same name, unless a
   * schedule of the live flow took the place meanwhile.
   *
   * @return whether it was written
   */
  public boolean replaceStaleSchedule(FlowSchedule schedule, Flow flow, Instant nextFire) {
    String id = scheduleId(schedule.flowName(), schedule.scheduleName());
    Optional<Versioned<FlowSchedule>> found = schedules.find(TENANT, id);
    if (found.isEmpty() || found.get().value().belongsTo(flow)) {
      return false;
    }
    try {
      Versioned<FlowSchedule> stale = found.get();
      schedules.replace(
          new Versioned<>(stale.value(), stale.record().withoutLease()), schedule, nextFire);
      return true;
    } catch (io.taskfn.store.VersionConflictException raced) {
      return false;
    }
  }

  public Optional<FlowSchedule> findSchedule(String flowName, String scheduleName) {
    return schedules.find(TENANT, scheduleId(flowName, scheduleName)).map(Versioned::value);
  }

  /**
   * Applies a change to a schedule and makes it due at its next fire after {@code now}, ending any
   * dispatcher's hold on it (a fire in hand then sets no fire time); empty if there is none.
   */
  public Optional<FlowSchedule> updateSchedule(
      String flowName, String scheduleName, UnaryOperator<FlowSchedule> change, Instant now) {
    return schedules
        .updateAndLetGo(
            TENANT, scheduleId(flowName, scheduleName), change, s -> s.nextFireAfter(now))
        .map(Versioned::value);
  }

  public boolean deleteSchedule(
      String flowName, String scheduleName, Consumer<FlowSchedule> check) {
    return schedules.delete(TENANT, scheduleId(flowName, scheduleName), check);
  }

  /**
   * Deletes every schedule of a flow that was deleted (one with the id {@code flowId}), a page at a
   * time; those of a new flow of the same name are left.
   */
  public void deleteSchedulesOf(String flowName, String flowId) {
    String after = null;
    List<FlowSchedule> page;
    do {
      page = schedules(flowName, after, 100);
      for (FlowSchedule s : page) {
        if (s.flowId().equals(flowId)) {
          try {
            deleteSchedule(flowName, s.scheduleName(), current -> requireFlowId(current, flowId));
          } catch (ScheduleReplaced newFlows) {
            // a schedule of a new flow of the same name took its place meanwhile: it stays
          }
        }
        after = s.scheduleName();
      }
    } while (!page.isEmpty());
  }

  private static final class ScheduleReplaced extends RuntimeException {
    ScheduleReplaced() {
      super(null, null, false, false);
    }
  }

  private static void requireFlowId(FlowSchedule schedule, String flowId) {
    if (!schedule.flowId().equals(flowId)) {
      throw new ScheduleReplaced();
    }
  }

  /** A flow's schedules in name order after {@code afterName}, at most limit. */
  public List<FlowSchedule> schedules(String flowName, String afterName, int limit) {
    Scan scan = Scan.withPrefix(SCHEDULE_KIND, TENANT, IndexSlot.INDEX1, flowName + "/", limit);
    if (afterName != null) {
      String after = scheduleId(flowName, afterName);
      scan = scan.after(new Scan.Position(after, after));
    }
    return schedules.scan(scan).stream().map(Versioned::value).toList();
  }

  public Versioned<Flow> insert(Flow flow) {
    return flows.insert(TENANT, flow.name(), flow, null);
  }

  public Optional<Versioned<Flow>> find(String name) {
    return flows.find(TENANT, name);
  }

  /** Applies a change to a flow, retried on a concurrent write; empty if there is no such flow. */
  public Optional<Versioned<Flow>> update(String name, UnaryOperator<Flow> change) {
    return flows.update(TENANT, name, change);
  }

  public boolean delete(String name, Consumer<Flow> check) {
    return flows.delete(TENANT, name, check);
  }

  /** Flows in name order after {@code afterName}, at most limit. */
  public List<Flow> list(String afterName, int limit) {
    Scan scan = Scan.all("flow", TENANT, limit);
    if (afterName != null) {
      scan = scan.after(new Scan.Position(null, afterName));
    }
    return flows.scan(scan).stream().map(Versioned::value).toList();
  }

  static String executionId(String flowName, String executionName) {
    return flowName + "/" + executionName;
  }

  /** Stores a new execution; {@code due} set makes it work for the dispatcher (Standard). */
  public Versioned<FlowExecution> insert(FlowExecution execution, Instant due) {
    return executions.insert(
        TENANT, executionId(execution.flowName(), execution.name()), execution, due);
  }

  public Optional<Versioned<FlowExecution>> findExecution(String flowName, String name) {
    return executions.find(TENANT, executionId(flowName, name));
  }

  /** Applies a change to an execution, retried on a concurrent write, and makes it not due. */
  public Optional<Versioned<FlowExecution>> update(
      String flowName, String name, UnaryOperator<FlowExecution> change) {
    return executions.update(TENANT, executionId(flowName, name), change, changed -> null);
  }

  /**
   * A page of a flow's executions, newest first, with {@code status} only if given, starting beyond
   * {@code after} (from the newest when null).
   */
  public List<Versioned<FlowExecution>> newestFirst(
      String flowName, ExecutionStatus status, Scan.Position after, int limit) {
    Scan scan =
        status == null
            ? Scan.withPrefix(EXECUTION_KIND, TENANT, IndexSlot.INDEX1, flowName + "/", limit)
            : Scan.withPrefix(
                EXECUTION_KIND, TENANT, IndexSlot.INDEX2, flowName + "/" + status + "/", limit);
    scan = scan.newestFirst();
    return executions.scan(after == null ? scan : scan.after(after));
  }

  /**
   * The position just past {@code end} in a newest-first listing (with or without a status): the
   * listing from it holds the executions started at {@code end} or before.
   */
  static Scan.Position positionAfter(String flowName, ExecutionStatus status, Instant end) {
    String startKey = startKey(end.plusMillis(1));
    return new Scan.Position(
        status == null ? flowName + "/" + startKey : flowName + "/" + status + "/" + startKey, "");
  }

  /** Keeps a task token issued to a Task state until {@code until} and a retention age after. */
  public FlowTaskToken issueToken(
      FlowExecution execution, String stateName, long eventId, Instant until) {
    FlowTaskToken token =
        new FlowTaskToken(
            java.util.UUID.randomUUID().toString(),
            execution.flowName(),
            execution.name(),
            stateName,
            eventId,
            FlowTaskToken.Status.Waiting,
            null,
            null,
            null,
            until.plus(kept));
    tokens.insert(TENANT, token.token(), token, null);
    return token;
  }

  public Optional<Versioned<FlowTaskToken>> findToken(String token) {
    return tokens.find(TENANT, token);
  }

  /** Applies a report to a task token, retried on a concurrent write; empty if there is none. */
  public Optional<Versioned<FlowTaskToken>> updateToken(
      String token, UnaryOperator<FlowTaskToken> change) {
    return tokens.update(TENANT, token, change);
  }

  /**
   * Makes an execution suspended for {@code token} due now, so that a dispatcher resumes it with
   * the report; an execution not (or no longer) waiting for it is left as it is.
   */
  public void wake(String flowName, String name, String token, Instant now) {
    for (int attempt = 1; attempt <= 5; attempt++) {
      Optional<Versioned<FlowExecution>> found = findExecution(flowName, name);
      if (found.isEmpty()
          || found.get().value().status().isFinal()
          || !token.equals(found.get().value().awaitedToken())) {
        return;
      }
      try {
        executions.replace(found.get(), found.get().value(), now);
        return;
      } catch (io.taskfn.store.VersionConflictException raced) {
        // Read again: it may have resumed (or been stopped) meanwhile.
      }
    }
  }

  /** The position of an execution in a listing with or without a status. */
  static Scan.Position positionOf(Versioned<FlowExecution> execution, ExecutionStatus status) {
    return new Scan.Position(
        status == null ? execution.record().index1() : execution.record().index2(),
        execution.record().id());
  }

  /**
   * Writes the pages of an execution's history that hold {@code events}, the events from index
   * {@code first} on ({@code first} starting a page), expiring with the execution.
   */
  public void saveHistory(FlowExecution execution, int first, List<HistoryEvent> events) {
    if (first % HISTORY_PAGE != 0) {
      throw new IllegalArgumentException("a page starts at a multiple of " + HISTORY_PAGE);
    }
    forEachPage(
        execution, first, events, (id, page) -> histories.upsert(TENANT, id, page, old -> page));
  }

  /**
   * Writes the whole history of an execution recorded only once it has ended (a synchronous one):
   * no page of it can exist yet, since its name is new, so none is read first.
   */
  public void insertHistory(FlowExecution execution, List<HistoryEvent> events) {
    forEachPage(execution, 0, events, (id, page) -> histories.insert(TENANT, id, page, null));
  }

  private void forEachPage(
      FlowExecution execution,
      int first,
      List<HistoryEvent> events,
      BiConsumer<String, History> write) {
    Instant expires = expiry(execution);
    for (int from = 0; from < events.size(); from += HISTORY_PAGE) {
      History page =
          new History(
              List.copyOf(events.subList(from, Math.min(events.size(), from + HISTORY_PAGE))),
              expires);
      write.accept(
          pageId(execution.flowName(), execution.name(), (first + from) / HISTORY_PAGE), page);
    }
  }

  /** The index of the first event on the page holding event {@code index}. */
  static int pageStart(int index) {
    return index / HISTORY_PAGE * HISTORY_PAGE;
  }

  private static String pageId(String flowName, String name, int page) {
    return executionId(flowName, name) + "#" + page;
  }

  /** The whole history of an execution. */
  public List<HistoryEvent> history(String flowName, String name) {
    return history(flowName, name, 0, Integer.MAX_VALUE);
  }

  /** Up to {@code limit} events of an execution's history whose ids follow {@code afterId}. */
  public List<HistoryEvent> history(String flowName, String name, long afterId, int limit) {
    List<HistoryEvent> events = new ArrayList<>();
    for (long page = afterId / HISTORY_PAGE; events.size() < limit; page++) {
      Optional<Versioned<History>> found =
          histories.find(TENANT, pageId(flowName, name, (int) page));
      if (found.isEmpty()) {
        break;
      }
      for (HistoryEvent e : found.get().value().events()) {
        if (e.id() > afterId && events.size() < limit) {
          events.add(e);
        }
      }
    }
    return events;
  }
}
