package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs each branch on the same input and gives the array of their outputs. Branches that call tasks
 * run at once ({@link Fanout}); a failing branch stops the rest.
 */
final class ParallelState extends RecoverableState {

  private final List<StateMachine> branches = new ArrayList<>();

  ParallelState(String name, Fields f, QueryLanguage language, TaskInvoker invoker) {
    super(name, f, language, Set.of("Branches", "Arguments"));
    JsonNode list = f.get("Branches");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new AslDefinitionException(f.where("Branches"), "must be a non-empty array");
    }
    for (int i = 0; i < list.size(); i++) {
      branches.add(
          StateMachine.parseBranch(
              list.get(i), f.where("Branches") + "[" + i + "]", this.language, invoker));
    }
  }

  @Override
  String type() {
    return "Parallel";
  }

  @Override
  List<StateMachine> nestedMachines() {
    return branches;
  }

  @Override
  boolean callsTasks() {
    return branches.stream().anyMatch(StateMachine::callsTasks);
  }

  @Override
  String failedEventType() {
    return "ParallelStateFailed";
  }

  /**
   * Each branch's events follow ParallelStateStarted; the state ends after the last event any
   * branch wrote, or fails after the last event of the branch that failed.
   */
  @Override
  JsonNode attempt(Frame frame, JsonNode input) throws InterruptedException {
    JsonNode branchInput = workInput(frame, input);
    long started = frame.record("ParallelStateStarted", null);
    long[] last = {started};
    Map<Integer, Long> failedAt = new ConcurrentHashMap<>();
    long[] failure = {-1};
    JsonNode[] outputs;
    try {
      outputs =
          Fanout.run(
              frame.run,
              name,
              branches.size(),
              0,
              callsTasks(),
              i -> {
                Frame branch = frame.child(null, started);
                try {
                  return branches.get(i).run(branch, branchInput);
                } catch (FlowFailure failed) {
                  failedAt.put(i, branch.cursor());
                  throw failed;
                } finally {
                  synchronized (last) {
                    last[0] = Math.max(last[0], branch.cursor());
                  }
                }
              },
              (i, failed) -> {
                synchronized (last) {
                  failure[0] = failedAt.getOrDefault(i, last[0]);
                }
                throw failed;
              });
    } catch (FlowFailure failed) {
      synchronized (last) {
        frame.cursor(failure[0] >= 0 ? failure[0] : last[0]);
      }
      frame.stateFailurePending(true);
      throw failed;
    }
    ArrayNode results = Json.NODES.arrayNode();
    for (JsonNode output : outputs) {
      results.add(output);
    }
    // The state's exit follows what ParallelStateSucceeded follows.
    frame.cursor(last[0]);
    frame.recordAfter("ParallelStateSucceeded", null, last[0]);
    return stateOutput(frame, input, results, results);
  }
}
