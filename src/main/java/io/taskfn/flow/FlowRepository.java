package io.taskfn.flow;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.taskfn.flow.asl.HistoryEvent;
import io.taskfn.store.DuplicateRecordException;
import io.taskfn.store.IndexSlot;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoreProducer;
import io.taskfn.store.TypedRepository;
import io.taskfn.store.VersionConflictException;
import io.taskfn.store.Versioned;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Flows, their executions (indexed by flow) and each execution's event history. */
@ApplicationScoped
public class FlowRepository {

  static final String EXECUTION_KIND = "flowexecution";
  private static final String TENANT = StoreProducer.DEFAULT_TENANT;

  /** The most events kept of one execution's history. */
  static final int HISTORY_LIMIT = 10_000;

  @RegisterForReflection(targets = {History.class, HistoryEvent.class})
  record History(List<HistoryEvent> events) {}

  private final TypedRepository<Flow> flows;
  private final TypedRepository<FlowExecution> executions;
  private final TypedRepository<History> histories;

  public FlowRepository(StoreBackend store) {
    this.flows = new TypedRepository<>(store, "flow", Flow.class);
    this.executions = new TypedRepository<>(store, EXECUTION_KIND, FlowExecution.class);
    this.histories = new TypedRepository<>(store, "flowhistory", History.class);
  }

  TypedRepository<FlowExecution> executionRecords() {
    return executions;
  }

  public Versioned<Flow> insert(Flow flow) {
    return flows.insert(TENANT, flow.name(), flow, null, null, null);
  }

  public Optional<Versioned<Flow>> find(String name) {
    return flows.find(TENANT, name);
  }

  public Versioned<Flow> replace(Versioned<Flow> current, Flow changed) {
    return flows.replace(current, changed, null);
  }

  public void delete(Versioned<Flow> current) {
    flows.delete(current);
  }

  public List<Flow> list(String afterName, int limit) {
    return flows.query(TENANT, null, null, afterName, limit).stream()
        .map(Versioned::value)
        .toList();
  }

  static String executionId(String flowName, String executionName) {
    return flowName + "/" + executionName;
  }

  /** Stores a new execution; {@code due} set makes it work for the dispatcher (Standard). */
  public Versioned<FlowExecution> insert(FlowExecution execution, Instant due) {
    return executions.insert(
        TENANT,
        executionId(execution.flowName(), execution.name()),
        execution,
        execution.flowName(),
        null,
        due);
  }

  public Optional<Versioned<FlowExecution>> findExecution(String flowName, String name) {
    return executions.find(TENANT, executionId(flowName, name));
  }

  public Versioned<FlowExecution> replace(
      Versioned<FlowExecution> current, FlowExecution changed, Instant due) {
    return executions.replace(current, changed, due);
  }

  /** A flow's executions in name order, after {@code afterId} (an execution id), at most limit. */
  public List<FlowExecution> listExecutions(String flowName, String afterName, int limit) {
    return executions
        .query(
            TENANT,
            IndexSlot.INDEX1,
            flowName,
            afterName == null ? null : executionId(flowName, afterName),
            limit)
        .stream()
        .map(Versioned::value)
        .toList();
  }

  /** The whole history of an execution that has none stored yet (one write). */
  public void insertHistory(String flowName, String name, List<HistoryEvent> events) {
    try {
      histories.insert(
          TENANT, executionId(flowName, name), new History(kept(events)), null, null, null);
    } catch (DuplicateRecordException exists) {
      saveHistory(flowName, name, events);
    }
  }

  private static List<HistoryEvent> kept(List<HistoryEvent> events) {
    return events.size() <= HISTORY_LIMIT ? events : events.subList(0, HISTORY_LIMIT);
  }

  public void saveHistory(String flowName, String name, List<HistoryEvent> events) {
    List<HistoryEvent> kept = kept(events);
    String id = executionId(flowName, name);
    while (true) {
      Optional<Versioned<History>> current = histories.find(TENANT, id);
      try {
        if (current.isPresent()) {
          histories.replace(current.get(), new History(kept), null);
        } else {
          histories.insert(TENANT, id, new History(kept), null, null, null);
        }
        return;
      } catch (VersionConflictException | DuplicateRecordException raced) {
        // another writer saved it first: save over what is there now
      }
    }
  }

  public List<HistoryEvent> history(String flowName, String name) {
    return histories
        .find(TENANT, executionId(flowName, name))
        .map(v -> v.value().events())
        .orElse(List.of());
  }
}
