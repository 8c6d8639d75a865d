package io.taskfn.flow.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskfn.support.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The 38 single-state cases recorded from the TestState API: one state run alone (named in a
 * machine, or given by itself), compared on status, output, next state, error and cause. The
 * recordings' inspectionData (the data after each step of the data flow) is not compared.
 */
class AslSingleStateConformanceTest {

  static final Path CASES =
      Path.of("..", "shared", "conformance", "asl", "aws-recorded-single-state.jsonl");

  static String run(JsonNode c) {
    JsonNode request = c.get("request");
    JsonNode input = c.get("input");
    MutableClock clock = new MutableClock(AslConformanceTest.RECORDED);
    StateMachine machine;
    String stateName;
    if (request.has("stateName")) {
      machine = StateMachine.parse(c.get("definition"), TaskInvoker.NONE);
      stateName = request.get("stateName").asText();
    } else {
      machine = StateMachine.ofSingleState(c.get("definition"), TaskInvoker.NONE);
      stateName = "TestedState";
    }
    Map<String, JsonNode> variables = new LinkedHashMap<>();
    if (request.has("variables")) {
      JsonNode vars =
          request.get("variables").isTextual()
              ? Json.parse(request.get("variables").asText())
              : request.get("variables");
      vars.fields().forEachRemaining(e -> variables.put(e.getKey(), e.getValue()));
    }
    ExecutionRun run =
        new ExecutionRun(
                clock,
                clock::advance,
                TaskInvoker.NONE,
                "exec",
                "exec",
                "machine",
                "machine",
                input)
            .started();
    JsonNode expected = c.get("expected");
    AslConformanceTest.Outcome outcome;
    String nextState = null;
    try {
      StateMachine.SingleStep step = machine.runState(run, stateName, input, variables);
      outcome = new AslConformanceTest.Outcome("SUCCEEDED", step.output(), null, null);
      nextState = step.nextState();
    } catch (FlowFailure f) {
      outcome = new AslConformanceTest.Outcome("FAILED", null, f.error(), f.cause());
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    String difference = AslConformanceTest.compare(expected, outcome);
    if (difference == null
        && expected.has("nextState")
        && !expected.get("nextState").asText().equals(nextState)) {
      difference = "next state " + nextState + ", expected " + expected.get("nextState").asText();
    }
    return difference;
  }

  @Test
  void recordedSingleStateCasesMatch() throws IOException {
    if (!Files.exists(CASES)) {
      fail("The recorded single-state ASL cases are missing: expected " + CASES.toAbsolutePath());
    }
    List<String> lines = Files.readAllLines(CASES);
    Map<String, String> known = AslConformanceTest.knownFailures();
    List<String> failures = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    for (String line : lines) {
      JsonNode c = Json.parse(line);
      String difference;
      try {
        difference = run(c);
      } catch (RuntimeException e) {
        difference = "crashed: " + e;
      }
      String name = c.get("name").asText();
      if (difference != null) {
        failures.add(name);
        if (!known.containsKey(name)) {
          unexpected.add(name + "\n    " + difference);
        }
      }
    }
    System.out.printf(
        "ASL single-state conformance: %d/%d cases match%n",
        lines.size() - failures.size(), lines.size());
    assertTrue(unexpected.isEmpty(), String.join("\n", unexpected));
    assertEquals(
        List.of(),
        known.keySet().stream()
            .filter(n -> n.contains("test_state") && !failures.contains(n))
            .toList(),
        "these listed cases match now: take them off the known-failures list");
    assertEquals(38, lines.size());
  }
}
