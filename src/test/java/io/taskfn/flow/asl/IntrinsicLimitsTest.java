package io.taskfn.flow.asl;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, intrinsic functions and numbers: nesting is checked with the definition, numbers too
 * large to compute with are refused before any arithmetic, and no call builds a value larger than a
 * payload. Machines run on the test's thread, whose allocation counter measures the run.
 */
class IntrinsicLimitsTest {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** A one-state machine whose Pass state has the given Parameters (single quotes for double). */
  private static StateMachine pass(String parameters) {
    return pass(Json.parse(parameters.replace('\'', '"')));
  }

  private static StateMachine pass(JsonNode parameters) {
    ObjectNode machine = Json.object().put("StartAt", "A");
    machine
        .putObject("States")
        .putObject("A")
        .put("Type", "Pass")
        .put("End", true)
        .set("Parameters", parameters);
    return StateMachine.parse(machine, TaskInvoker.NONE);
  }

  private static JsonNode run(StateMachine machine, String input) throws InterruptedException {
    JsonNode in = Json.parse(input);
    return machine.run(
        new ExecutionRun(Clock.systemUTC(), Sleeper.REAL, TaskInvoker.NONE, "e", "e", "m", "m", in)
            .started(),
        in);
  }

  private static FlowFailure failure(StateMachine machine, String input) {
    return assertThrows(FlowFailure.class, () -> run(machine, input));
  }

  private static String nested(int depth) {
    return "States.ArrayLength(States.Array(".repeat(depth / 2) + "1" + "))".repeat(depth / 2);
  }

  @Test
  void intrinsicsNestMostTenDeepAsStepFunctionsSays() throws Exception {
    assertEquals(Json.parse("{\"n\":1}"), run(pass("{'n.$':'" + nested(10) + "'}"), "{}"));
    for (int depth : new int[] {12, 5_000}) {
      AslDefinitionException e =
          assertThrows(AslDefinitionException.class, () -> pass("{'n.$':'" + nested(depth) + "'}"));
      assertTrue(e.getMessage().contains("more than 10 intrinsic functions"), e.getMessage());
    }
  }

  @Test
  void aHugeNumberIsRefusedBeforeAnyArithmetic() {
    String input = "{\"n\":1e500000000,\"tiny\":1e-500000000}";
    long before = THREADS.getCurrentThreadAllocatedBytes();
    // Before: a thread in BigInteger multiplication two minutes later, 2 GB allocated.
    FlowFailure add = failure(pass("{'r.$':'States.MathAdd($.n, 1)'}"), input);
    assertEquals(ErrorNames.INTRINSIC_FAILURE, add.error());
    assertTrue(add.cause().contains("out of range"), add.cause());
    FlowFailure tiny = failure(pass("{'r.$':'States.MathAdd($.tiny, 1)'}"), input);
    assertEquals(ErrorNames.INTRINSIC_FAILURE, tiny.error());
    FlowFailure random = failure(pass("{'r.$':'States.MathRandom(1, $.n)'}"), input);
    assertEquals(ErrorNames.INTRINSIC_FAILURE, random.error());
    FlowFailure item = failure(pass("{'r.$':'States.ArrayGetItem(States.Array(1), $.n)'}"), input);
    assertEquals(ErrorNames.INTRINSIC_FAILURE, item.error());
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
    assertTrue(allocated < 16L << 20, "allocated " + allocated);
    AslDefinitionException literal =
        assertThrows(
            AslDefinitionException.class, () -> pass("{'r.$':'States.MathAdd($.n, 1e500000000)'}"));
    assertTrue(literal.getMessage().contains("out of range"), literal.getMessage());
  }

  @Test
  void countsAndDurationsReadFromHugeNumbersAreTooLargeNotSlow() {
    String input = "{\"n\":1e500000000}";
    StateMachine wait =
        StateMachine.parse(
            Json.parse(
                "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"SecondsPath\":\"$.n\","
                    + "\"End\":true}}}"),
            TaskInvoker.NONE);
    assertTrue(failure(wait, input).cause().endsWith("Wait state delay is too long."));
    StateMachine map =
        StateMachine.parse(
            Json.parse(
                "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemsPath\":\"$.items\","
                    + "\"MaxConcurrencyPath\":\"$.n\",\"ToleratedFailureCountPath\":\"$.n\","
                    + "\"ItemProcessor\":{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\","
                    + "\"End\":true}}},\"End\":true}}}"),
            TaskInvoker.NONE);
    assertEquals(
        Json.parse("[1,2]"),
        assertDoesNotThrow(() -> run(map, "{\"n\":1e500000000,\"items\":[1,2]}")));
  }

  @Test
  void noCallBuildsAValueLargerThanAPayload() {
    String big = "{\"s\":\"" + "x".repeat(100_000) + "\"}";
    long before = THREADS.getCurrentThreadAllocatedBytes();
    String manyBraces = "States.Format('" + "{}".repeat(1_000) + "'" + ", $.s".repeat(1_000) + ")";
    FlowFailure format = failure(pass(Json.object().put("r.$", manyBraces)), big);
    assertEquals(ErrorNames.DATA_LIMIT_EXCEEDED, format.error());
    FlowFailure array =
        failure(
            pass("{'r.$':'States.JsonToString(States.Array(" + "$.s, ".repeat(99) + "$.s))'}"),
            big);
    assertEquals(ErrorNames.DATA_LIMIT_EXCEEDED, array.error());
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
    assertTrue(allocated < 32L << 20, "allocated " + (allocated >> 20) + " MB");
  }

  @Test
  void arrayUniqueTellsValuesApartInLinearTime() throws Exception {
    assertEquals(
        Json.parse("{\"u\":[1,{\"a\":1,\"b\":[2]},\"1\"]}"),
        run(
            pass("{'u.$':'States.ArrayUnique($.a)'}"),
            "{\"a\":[1,1.0,{\"a\":1,\"b\":[2]},{\"b\":[2.00],\"a\":1},\"1\",1e0]}"));
    StringBuilder many = new StringBuilder("{\"a\":[");
    for (int i = 0; i < 20_000; i++) {
      many.append(i).append(',').append(i).append(i == 19_999 ? "]}" : ",");
    }
    // Before: 400 million comparisons for these 40,000 items.
    JsonNode unique = run(pass("{'u.$':'States.ArrayUnique($.a)'}"), many.toString());
    assertEquals(20_000, unique.get("u").size());
  }
}
