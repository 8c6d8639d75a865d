package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
  JsonNode attempt(Frame frame, JsonNode input) throws InterruptedException {
    JsonNode branchInput = workInput(frame, input);
    frame.run.record("ParallelStateStarted", details(name, null, null));
    JsonNode[] outputs =
        Fanout.run(
            frame.run,
            name,
            branches.size(),
            0,
            callsTasks(),
            i -> branches.get(i).run(frame.child(null), branchInput),
            (i, failure) -> {
              frame.run.record("ParallelStateFailed", details(name, null, null));
              throw failure;
            });
    ArrayNode results = Json.NODES.arrayNode();
    for (JsonNode output : outputs) {
      results.add(output);
    }
    frame.run.record("ParallelStateSucceeded", details(name, null, null));
    return stateOutput(frame, input, results, results);
  }
}
