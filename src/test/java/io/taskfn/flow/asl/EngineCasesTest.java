package io.taskfn.flow.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.taskfn.support.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The engine's own data-driven cases (src/test/resources/asl/engine-cases.yaml). */
class EngineCasesTest {

  /** Task resources for the cases: echo, fail, and flaky (fails until its n-th call). */
  static final class TestTasks implements TaskInvoker {
    private final Map<String, Integer> calls = new ConcurrentHashMap<>();

    @Override
    public boolean supports(String resource) {
      return resource.startsWith("test:");
    }

    @Override
    public JsonNode invoke(
        String resource, JsonNode parameters, Duration timeout, ExecutionRun caller) {
      switch (resource) {
        case "test:echo":
          return parameters;
        case "test:fail":
          throw new FlowFailure(
              parameters.path("error").asText(), parameters.path("cause").asText());
        case "test:flaky":
          int times = parameters.path("times").asInt();
          int call = calls.merge(parameters.path("key").asText(), 1, Integer::sum);
          if (call < times) {
            throw new FlowFailure("Flaky.Error", "call " + call + " of " + times);
          }
          ObjectNode out = parameters.deepCopy();
          out.put("calls", call);
          return out;
        default:
          throw new FlowFailure(ErrorNames.TASK_FAILED, "unknown " + resource);
      }
    }
  }

  static JsonNode cases() throws IOException {
    try (InputStream in = EngineCasesTest.class.getResourceAsStream("/asl/engine-cases.yaml")) {
      return new ObjectMapper(new YAMLFactory()).readTree(in);
    }
  }

  static AslConformanceTest.Outcome run(JsonNode definition, JsonNode input, TaskInvoker tasks) {
    MutableClock clock = new MutableClock(AslConformanceTest.RECORDED);
    StateMachine machine = StateMachine.parse(Json.parse(Json.write(definition)), tasks);
    ExecutionRun run =
        new ExecutionRun(
                clock, clock::advance, tasks, "exec-arn", "exec", "machine-arn", "machine", input)
            .started();
    if (machine.timeoutSeconds() != null) {
      run.deadline(clock.instant().plusSeconds(machine.timeoutSeconds()));
    }
    try {
      return new AslConformanceTest.Outcome(
          "SUCCEEDED", machine.run(run, Json.parse(Json.write(input))), null, null);
    } catch (FlowFailure f) {
      return new AslConformanceTest.Outcome("FAILED", null, f.error(), f.cause());
    } catch (ExecutionTimedOut e) {
      return new AslConformanceTest.Outcome("TIMED_OUT", null, null, null);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @TestFactory
  Stream<DynamicTest> casesRunAsRecorded() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    TestTasks tasks = new TestTasks();
    for (JsonNode c : cases().get("cases")) {
      tests.add(
          DynamicTest.dynamicTest(
              c.get("name").asText(),
              () ->
                  assertNull(
                      AslConformanceTest.compare(
                          c.get("expected"), run(c.get("definition"), c.get("input"), tasks)))));
    }
    for (JsonNode c : cases().get("invalid")) {
      tests.add(
          DynamicTest.dynamicTest(
              "rejects: " + c.get("name").asText(),
              () -> {
                AslDefinitionException e =
                    assertThrows(
                        AslDefinitionException.class,
                        () ->
                            StateMachine.parse(Json.parse(Json.write(c.get("definition"))), tasks));
                assertTrue(
                    e.getMessage().startsWith(c.get("message").asText()),
                    e.getMessage() + " should start with " + c.get("message").asText());
              }));
    }
    assertEquals(true, tests.size() > 30);
    return tests.stream();
  }
}
