package io.taskfn.flow.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Map iterations and Parallel branches that call tasks run at once, within MaxConcurrency. */
class FanoutTest {

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  /** test:meet waits until another call meets it; test:block waits until interrupted. */
  static final class MeetingTasks implements TaskInvoker {
    final CyclicBarrier pair = new CyclicBarrier(2);
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicBoolean interrupted = new AtomicBoolean();
    final CountDownLatch blocking = new CountDownLatch(1);

    @Override
    public boolean supports(String resource) {
      return resource.startsWith("test:");
    }

    @Override
    public JsonNode invoke(
        String resource, JsonNode parameters, Duration timeout, ExecutionRun caller)
        throws InterruptedException {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        switch (resource) {
          case "test:meet" -> pair.await(10, TimeUnit.SECONDS);
          case "test:block" -> {
            blocking.countDown();
            try {
              new CountDownLatch(1).await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              interrupted.set(true);
              throw e;
            }
          }
          case "test:fail-soon" -> {
            blocking.await(10, TimeUnit.SECONDS);
            throw new FlowFailure("Branch.Failed", "on purpose");
          }
          default -> {}
        }
        return parameters;
      } catch (BrokenBarrierException | TimeoutException e) {
        throw new FlowFailure("Not.Concurrent", "no other call came to meet this one");
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  private JsonNode run(String definition, JsonNode input, TaskInvoker tasks)
      throws InterruptedException {
    StateMachine machine = StateMachine.parse(Json.parse(definition.replace('\'', '"')), tasks);
    ExecutionRun run =
        new ExecutionRun(Clock.systemUTC(), Sleeper.REAL, tasks, "e", "e", "m", "m", input)
            .branchPool(pool)
            .started();
    return machine.run(run, input);
  }

  @Test
  void mapIterationsThatCallTasksRunTwoAtATime() throws Exception {
    MeetingTasks tasks = new MeetingTasks();
    JsonNode out =
        run(
            "{'StartAt':'M','States':{'M':{'Type':'Map','MaxConcurrency':2,'ItemProcessor':{"
                + "'StartAt':'T','States':{'T':{'Type':'Task','Resource':'test:meet','End':true}}},"
                + "'End':true}}}",
            Json.parse("[1,2,3,4]"),
            tasks);
    assertEquals(Json.parse("[1,2,3,4]"), out, "results keep the items' order");
    assertEquals(2, tasks.maxInFlight.get());
  }

  @Test
  void parallelBranchesThatCallTasksRunAtOnce() throws Exception {
    MeetingTasks tasks = new MeetingTasks();
    String branch =
        "{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'test:meet','End':true}}}";
    JsonNode out =
        run(
            "{'StartAt':'P','States':{'P':{'Type':'Parallel','Branches':["
                + branch
                + ","
                + branch
                + "],'End':true}}}",
            Json.parse("{'k':1}".replace('\'', '"')),
            tasks);
    assertEquals(2, out.size());
  }

  @Test
  void aFailingBranchStopsItsSiblingsBeforeTheFailureIsReported() {
    MeetingTasks tasks = new MeetingTasks();
    FlowFailure failure =
        assertThrows(
            FlowFailure.class,
            () ->
                run(
                    "{'StartAt':'P','States':{'P':{'Type':'Parallel','Branches':["
                        + "{'StartAt':'A','States':{'A':{'Type':'Task','Resource':'test:block','End':true}}},"
                        + "{'StartAt':'B','States':{'B':{'Type':'Task','Resource':'test:fail-soon','End':true}}}"
                        + "],'End':true}}}",
                    Json.object(),
                    tasks));
    assertEquals("Branch.Failed", failure.error());
    assertTrue(tasks.interrupted.get(), "the blocked branch was interrupted");
    assertEquals(0, tasks.inFlight.get(), "no branch keeps running");
  }
}
