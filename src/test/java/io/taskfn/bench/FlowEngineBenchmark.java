package io.taskfn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskfn.flow.asl.ExecutionRun;
import io.taskfn.flow.asl.HistoryEvent;
import io.taskfn.flow.asl.Json;
import io.taskfn.flow.asl.Sleeper;
import io.taskfn.flow.asl.StateMachine;
import io.taskfn.flow.asl.TaskInvoker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The flow engine's speed: whole executions of (a) the shared 20-state Pass chain (and the same
 * with its history read), (b) a Choice loop of 1,000 iterations, (c) a Map over 1,000 items, and
 * (d) parsing and checking a 50-state definition. Run by bench/flow-engine.sh; not a test.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FlowEngineBenchmark {

  private StateMachine passChain;
  private JsonNode passChainInput;
  private StateMachine choiceLoop;
  private StateMachine map;
  private JsonNode mapInput;
  private JsonNode fiftyStates;

  @Setup
  public void setUp() throws IOException {
    Path shared =
        Path.of(System.getProperty("taskfn.shared", "../shared"), "bench", "pass-chain-20.json");
    passChain = StateMachine.parse(Json.parse(Files.readString(shared)), TaskInvoker.NONE);
    passChainInput = Json.parse("{\"a\":\"x\",\"n\":1}");
    JsonNode out = run(passChain, passChainInput);
    if (!out.equals(Json.parse("{\"a\":\"x\",\"b\":1,\"r5\":{\"k\":5}}"))) {
      throw new IllegalStateException("the pass chain answered " + out);
    }
    choiceLoop =
        StateMachine.parse(
            Json.parse(
                ("{'StartAt':'Init','States':{"
                        + "'Init':{'Type':'Pass','Result':0,'ResultPath':'$.i','Next':'Loop'},"
                        + "'Loop':{'Type':'Choice','Choices':[{'Variable':'$.i','NumericLessThan':1000,'Next':'Inc'}],'Default':'Done'},"
                        + "'Inc':{'Type':'Pass','Parameters':{'i.$':'States.MathAdd($.i, 1)'},'Next':'Loop'},"
                        + "'Done':{'Type':'Succeed'}}}")
                    .replace('\'', '"')),
            TaskInvoker.NONE);
    map =
        StateMachine.parse(
            Json.parse(
                ("{'StartAt':'M','States':{'M':{'Type':'Map','ItemsPath':'$.items','ItemProcessor':{"
                        + "'StartAt':'P','States':{'P':{'Type':'Pass','Parameters':{'v.$':'$.v'},'End':true}}},"
                        + "'End':true}}}")
                    .replace('\'', '"')),
            TaskInvoker.NONE);
    ObjectNode input = Json.object();
    ArrayNode items = input.putArray("items");
    for (int i = 0; i < 1000; i++) {
      items.addObject().put("v", i);
    }
    mapInput = input;
    fiftyStates = fiftyStateDefinition();
  }

  /** 50 states of every kind: Pass, Choice, Wait, Task-free branches in Parallel and Map. */
  static JsonNode fiftyStateDefinition() {
    ObjectNode def = Json.object();
    def.put("StartAt", "S0");
    ObjectNode states = def.putObject("States");
    for (int i = 0; i < 50; i++) {
      ObjectNode s = states.putObject("S" + i);
      String next = "S" + (i + 1);
      switch (i % 5) {
        case 0 ->
            s.put("Type", "Pass")
                .put("ResultPath", "$.r" + i)
                .set("Result", Json.parse("{\"k\":" + i + "}"));
        case 1 -> {
          s.put("Type", "Choice").put("Default", next);
          s.putArray("Choices")
              .addObject()
              .put("Variable", "$.n")
              .put("NumericGreaterThan", i)
              .put("Next", next);
        }
        case 2 -> s.put("Type", "Wait").put("Seconds", 0);
        case 3 -> {
          s.put("Type", "Parallel").put("ResultPath", "$.p" + i);
          s.putArray("Branches")
              .add(
                  Json.parse(
                      "{\"StartAt\":\"B\",\"States\":{\"B\":{\"Type\":\"Pass\",\"End\":true}}}"));
        }
        default -> {
          s.put("Type", "Map").put("ItemsPath", "$.items").put("ResultPath", "$.m" + i);
          s.set(
              "ItemProcessor",
              Json.parse(
                  "{\"StartAt\":\"I\",\"States\":{\"I\":{\"Type\":\"Pass\",\"End\":true}}}"));
        }
      }
      if (i % 5 != 1) {
        if (i == 49) {
          s.put("End", true);
        } else {
          s.put("Next", next);
        }
      }
    }
    return def;
  }

  private static JsonNode run(StateMachine machine, JsonNode input) {
    return run(machine, input, newRun(input));
  }

  private static ExecutionRun newRun(JsonNode input) {
    return new ExecutionRun(
            Clock.systemUTC(),
            Sleeper.REAL,
            TaskInvoker.NONE,
            "exec",
            "exec",
            "machine",
            "machine",
            input)
        .started();
  }

  private static JsonNode run(StateMachine machine, JsonNode input, ExecutionRun run) {
    try {
      return machine.run(run, input);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Benchmark
  public JsonNode passChain20() {
    return run(passChain, passChainInput);
  }

  /**
   * The chain and then its history read, as a service that stores or shows it does: what an
   * execution costs with every event's details built.
   */
  @Benchmark
  public List<HistoryEvent> historyOfPassChain20() {
    ExecutionRun run = newRun(passChainInput);
    run(passChain, passChainInput, run);
    return run.history();
  }

  @Benchmark
  public JsonNode choiceLoop1000() {
    return run(choiceLoop, Json.object());
  }

  @Benchmark
  public JsonNode map1000() {
    return run(map, mapInput);
  }

  @Benchmark
  public StateMachine parse50States() {
    return StateMachine.parse(fiftyStates, TaskInvoker.NONE);
  }
}
