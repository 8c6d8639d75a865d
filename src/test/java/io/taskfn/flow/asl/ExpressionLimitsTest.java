package io.taskfn.flow.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, expressions: what used to spin a core for good, allocate gigabytes or overflow the stack
 * ends with an error in the States Language's terms, soon and cheaply. Machines run on the test's
 * thread, so its allocation counter measures exactly what a run allocated.
 */
class ExpressionLimitsTest {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** A clock that moves one millisecond each time it is read, and tells who reads it. */
  static final class TickingClock extends Clock {
    private final AtomicLong reads = new AtomicLong();
    private final LongConsumer onRead;

    TickingClock(LongConsumer onRead) {
      this.onRead = onRead;
    }

    @Override
    public Instant instant() {
      long n = reads.incrementAndGet();
      onRead.accept(n);
      return Instant.parse("2026-01-01T00:00:00Z").plusMillis(n);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private static StateMachine jsonata(String output) {
    return StateMachine.parse(
        Json.parse(
            "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\","
                + "\"Output\":"
                + Json.write(Json.NODES.textNode("{% " + output + " %}"))
                + ",\"End\":true}}}"),
        TaskInvoker.NONE);
  }

  private static ExecutionRun newRun(Clock clock, JsonNode input) {
    return new ExecutionRun(clock, Sleeper.REAL, TaskInvoker.NONE, "e", "e", "m", "m", input)
        .started();
  }

  private record Measured(FlowFailure failure, long allocatedBytes) {}

  /** Runs the machine here, expecting it to fail, and measures what this thread allocated. */
  private static Measured failing(StateMachine machine, JsonNode input) {
    ExecutionRun run = newRun(Clock.systemUTC(), input);
    long before = THREADS.getCurrentThreadAllocatedBytes();
    FlowFailure failure = assertThrows(FlowFailure.class, () -> machine.run(run, input));
    return new Measured(failure, THREADS.getCurrentThreadAllocatedBytes() - before);
  }

  @Test
  void aTailRecursionThatNeverEndsStopsAtItsBudget() {
    Measured m = failing(jsonata("($f := function($n){ $f($n + 1) }; $f(0))"), Json.object());
    assertEquals(ErrorNames.QUERY_EVALUATION_ERROR, m.failure().error());
    assertTrue(
        m.failure().cause().contains("evaluation steps") || m.failure().cause().contains("MiB"),
        m.failure().cause());
    assertTrue(m.allocatedBytes() < 200L << 20, "allocated " + (m.allocatedBytes() >> 20) + " MB");
  }

  @Test
  void anExpressionStopsAtTheRunsDeadline() {
    StateMachine machine = jsonata("($f := function($n){ $f($n + 1) }; $f(0))");
    TickingClock clock = new TickingClock(n -> {});
    ExecutionRun run = newRun(clock, Json.object());
    run.deadline(clock.instant().plusSeconds(1));
    assertThrows(ExecutionTimedOut.class, () -> machine.run(run, Json.object()));
    assertTrue(clock.reads.get() < 1_100, "stopped soon after its deadline: " + clock.reads);
  }

  @Test
  void anExpressionStopsWhenItsRunIsStopped() {
    StateMachine machine = jsonata("($f := function($n){ $f($n + 1) }; $f(0))");
    ExecutionRun[] run = new ExecutionRun[1];
    TickingClock clock =
        new TickingClock(
            n -> {
              if (n == 100) {
                run[0].stop();
              }
            });
    run[0] = newRun(clock, Json.object());
    // A deadline makes the evaluation read the clock, which stops the run at its 100th read.
    run[0].deadline(Instant.parse("2030-01-01T00:00:00Z"));
    assertThrows(ExecutionStopped.class, () -> machine.run(run[0], Json.object()));
    assertTrue(clock.reads.get() <= 101, "no clock read after the stop: " + clock.reads);
  }

  @Test
  void anExpressionThatRecursesWithoutEndFailsBeforeTheStackDoes() {
    Measured m =
        failing(
            jsonata("($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))"),
            Json.object());
    assertEquals(ErrorNames.QUERY_EVALUATION_ERROR, m.failure().error());
    assertTrue(m.failure().cause().contains("nested more than 300"), m.failure().cause());
  }

  @Test
  void padAndRangeCanNotBuildValuesNoPayloadHolds() {
    Measured pad = failing(jsonata("$pad('', 500000000, 'x')"), Json.object());
    assertEquals(ErrorNames.DATA_LIMIT_EXCEEDED, pad.failure().error());
    assertTrue(pad.allocatedBytes() < 16L << 20, "$pad allocated " + pad.allocatedBytes());
    // Before: 3.96 GB allocated, counting 100 million items.
    Measured range = failing(jsonata("$count($range(1,100000000))"), Json.object());
    assertEquals(ErrorNames.DATA_LIMIT_EXCEEDED, range.failure().error());
    assertTrue(range.allocatedBytes() < 16L << 20, "$range allocated " + range.allocatedBytes());
    Measured operator = failing(jsonata("$count([1..10000000])"), Json.object());
    assertEquals(ErrorNames.DATA_LIMIT_EXCEEDED, operator.failure().error());
  }

  @Test
  void padStillPadsAsTheLibraryDid() throws Exception {
    JsonNode out =
        jsonata("[$pad('ab', 5, '-+'), $pad('ab', -5), $pad('😀', 3, '😀x'), $pad('abc', 2)]")
            .run(newRun(Clock.systemUTC(), Json.object()), Json.object());
    assertEquals(Json.parse("[\"ab-+-\",\"   ab\",\"😀😀x\",\"abc\"]"), out);
  }

  @Test
  void aMapOverMillionsOfItemsFailsBeforeItStarts() {
    StateMachine machine =
        StateMachine.parse(
            Json.parse(
                "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":"
                    + "\"Map\",\"Items\":\"{% $range(1,3000000) %}\",\"ItemProcessor\":{"
                    + "\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},"
                    + "\"End\":true}}}"),
            TaskInvoker.NONE);
    // Before: 6.18 GB allocated.
    Measured m = failing(machine, Json.object());
    assertEquals(ErrorNames.DATA_LIMIT_EXCEEDED, m.failure().error());
    assertTrue(m.allocatedBytes() < 16L << 20, "allocated " + m.allocatedBytes());
  }

  @Test
  void aRegularExpressionThatBacktracksForEverIsCutShort() {
    JsonNode input = Json.object().put("s", "a".repeat(30) + "!");
    // Unchecked, this search takes 20 seconds; each more "a" makes it longer.
    Measured m = failing(jsonata("$contains($states.input.s, /(.*a){12}b/)"), input);
    assertEquals(ErrorNames.QUERY_EVALUATION_ERROR, m.failure().error());
    assertTrue(m.failure().cause().contains("regular expression"), m.failure().cause());
  }

  @Test
  void regularExpressionFunctionsAnswerAsTheLibraryDid() throws Exception {
    JsonNode out =
        jsonata(
                "{'contains': $contains('abc', /b/), 'match': $match('a1b22', /[0-9]+/).match,"
                    + " 'replace': $replace('a-b-c', /-/, '+', 1), 'split': $split('a,b,,c', /,/)}")
            .run(newRun(Clock.systemUTC(), Json.object()), Json.object());
    assertEquals(
        Json.parse(
            "{\"contains\":true,\"match\":[\"1\",\"22\"],\"replace\":\"a+b-c\","
                + "\"split\":[\"a\",\"b\",\"\",\"c\"]}"),
        out);
  }

  @Test
  void expressionsTooComplexToParseSafelyAreRejectedWithTheDefinition() {
    for (String expression :
        new String[] {"(".repeat(3_000) + "1" + ")".repeat(3_000), "1" + "+1".repeat(5_000)}) {
      AslDefinitionException e =
          assertThrows(AslDefinitionException.class, () -> jsonata(expression));
      assertTrue(e.getMessage().contains("too complex"), e.getMessage());
    }
  }

  @Test
  void runsOfOneFlowEvaluateItsExpressionsAtOnce() throws Exception {
    StateMachine machine = jsonata("$sum($states.input.items.($ * 2))");
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    JsonNode many = Json.parse("{\"items\":[" + "1,".repeat(999) + "1]}");
    ExecutionRun held =
        newRun(
            new TickingClock(
                n -> {
                  if (n == 10) {
                    inside.countDown();
                    try {
                      release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                }),
            many);
    held.deadline(Instant.parse("2030-01-01T00:00:00Z"));
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<JsonNode> first = threads.submit(() -> machine.run(held, many));
      assertTrue(inside.await(10, TimeUnit.SECONDS), "the first run is inside its expression");
      JsonNode few = Json.parse("{\"items\":[1,2]}");
      Future<JsonNode> second =
          threads.submit(() -> machine.run(newRun(Clock.systemUTC(), few), few));
      assertEquals(Json.parse("6"), second.get(5, TimeUnit.SECONDS));
      release.countDown();
      assertEquals(Json.parse("2000"), first.get(10, TimeUnit.SECONDS));
    } finally {
      release.countDown();
      threads.shutdownNow();
    }
  }

  @Test
  void aDeadlineOfTheRunIsSeenBetweenStates() {
    StateMachine machine =
        StateMachine.parse(
            Json.parse(
                "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"C\"},"
                    + "\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.done\","
                    + "\"IsPresent\":true,\"Next\":\"E\"}],\"Default\":\"A\"},"
                    + "\"E\":{\"Type\":\"Succeed\"}}}"),
            TaskInvoker.NONE);
    TickingClock clock = new TickingClock(n -> {});
    ExecutionRun run = newRun(clock, Json.object());
    run.deadline(clock.instant().plus(Duration.ofMillis(50)));
    assertThrows(ExecutionTimedOut.class, () -> machine.run(run, Json.object()));
  }

  private static StateMachine choice(String pattern) {
    ObjectNode rule = Json.object().put("Variable", "$.s").put("StringMatches", pattern);
    rule.put("Next", "Yes");
    ObjectNode machine = Json.object().put("StartAt", "C");
    ObjectNode states = machine.putObject("States");
    ObjectNode c = states.putObject("C").put("Type", "Choice").put("Default", "No");
    c.putArray("Choices").add(rule);
    states.putObject("Yes").put("Type", "Pass").put("Result", "yes").put("End", true);
    states.putObject("No").put("Type", "Pass").put("Result", "no").put("End", true);
    return StateMachine.parse(machine, TaskInvoker.NONE);
  }

  private static String matching(String pattern, String text) throws InterruptedException {
    JsonNode input = Json.object().put("s", text);
    return choice(pattern).run(newRun(Clock.systemUTC(), input), input).asText();
  }

  @Test
  void stringMatchesWithManyWildcardsAnswersAtOnce() throws Exception {
    long before = THREADS.getCurrentThreadCpuTime();
    // Before: 30 wildcards against 3,000 characters kept a core busy for good.
    assertEquals("no", matching("*a".repeat(30) + "b", "a".repeat(3_000)));
    assertEquals("yes", matching("*a".repeat(30) + "*", "a".repeat(3_000)));
    long cpu = THREADS.getCurrentThreadCpuTime() - before;
    assertTrue(cpu < 2_000_000_000L, "took " + cpu / 1_000_000 + " ms of CPU");
    assertEquals("yes", matching("log-*.txt", "log-2026.txt"));
    assertEquals("no", matching("log-*.txt", "log-2026.txt.gz"));
    assertEquals("yes", matching("a\\*b", "a*b"));
    assertEquals("no", matching("a\\*b", "axb"));
    assertEquals("yes", matching("back\\\\slash*", "back\\slash!"));
    assertEquals("yes", matching("*", ""));
  }

  @Test
  void pathsTheLibraryCouldNotReadSafelyAreRejectedWithTheDefinition() {
    for (String path : new String[] {"$" + "[0]".repeat(5_000), "$.a[?(@.b =~ /(a+)+$/)]"}) {
      AslDefinitionException e =
          assertThrows(
              AslDefinitionException.class,
              () ->
                  StateMachine.parse(
                      Json.object()
                          .put("StartAt", "P")
                          .set(
                              "States",
                              Json.object()
                                  .set(
                                      "P",
                                      Json.object()
                                          .put("Type", "Pass")
                                          .put("InputPath", path)
                                          .put("End", true))),
                      TaskInvoker.NONE));
      assertTrue(e.getMessage().contains("invalid JSONPath"), e.getMessage());
    }
  }
}
