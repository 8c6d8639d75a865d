package io.taskfn.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskfn.store.InMemoryStoreBackend;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoredRecord;
import io.taskfn.support.MutableClock;
import io.taskfn.support.TestDispatchConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatcherFairnessTest {

  private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final StoreBackend store = new InMemoryStoreBackend();
  private final CountDownLatch gate = new CountDownLatch(1);
  private final List<String> started = new CopyOnWriteArrayList<>();
  private Dispatcher dispatcher;

  /** Runs one kind: notes what started, then holds its worker until the gate opens. */
  private DueWorkHandler holding(String kind) {
    return new DueWorkHandler() {
      @Override
      public String kind() {
        return kind;
      }

      @Override
      public void run(Lease lease) throws InterruptedException {
        started.add(kind + ":" + lease.record().id());
        gate.await();
        lease.release(lease.record().withDueAt(null));
      }
    };
  }

  private Dispatcher dispatcher(int workers) {
    dispatcher =
        new Dispatcher(
            store,
            clock,
            new TestDispatchConfig(Duration.ofSeconds(60), workers),
            List.of(holding("job"), holding("jobinstance"), holding("flowexecution")));
    return dispatcher;
  }

  private void due(String kind, String id, Instant at) {
    store.insert(StoredRecord.newRecord(kind, "default", id, "{}").withDueAt(at));
  }

  @AfterEach
  void openTheGate() throws InterruptedException {
    gate.countDown();
    assertTrue(dispatcher.awaitIdle(Duration.ofSeconds(10)));
    dispatcher.stop();
  }

  @Test
  void aBurstOfOneKindDelaysWorkOfAnotherKindByOneCycleAtMost() {
    for (int i = 0; i < 10_000; i++) {
      due("jobinstance", String.format("%05d", i), T0.minusSeconds(10_000 - i));
    }
    Dispatcher eight = dispatcher(8);
    assertEquals(6, eight.dispatchOnce(), "one worker kept back for each idle kind");
    assertEquals(0, eight.dispatchOnce(), "the burst takes no more");

    clock.advance(Duration.ofSeconds(1));
    due("job", "cron-fire", clock.instant());
    assertEquals(1, eight.dispatchOnce());
    awaitStarted("job:cron-fire");

    clock.advance(Duration.ofSeconds(1));
    due("flowexecution", "standard", clock.instant());
    assertEquals(1, eight.dispatchOnce());
    awaitStarted("flowexecution:standard");
    assertEquals(0, eight.dispatchOnce(), "every worker is busy");
  }

  /** Claimed work starts on a worker thread: wait, with a bound, until it has. */
  private void awaitStarted(String work) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!started.contains(work) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertTrue(started.contains(work), started.toString());
  }

  @Test
  void dueWorkStartsEarliestFirstAcrossKinds() throws InterruptedException {
    due("jobinstance", "third", T0.minusSeconds(1));
    due("flowexecution", "first", T0.minusSeconds(3));
    due("job", "second", T0.minusSeconds(2));
    due("jobinstance", "not-yet", T0.plusSeconds(5));
    gate.countDown();
    Dispatcher one = dispatcher(1);
    for (int cycle = 0; cycle < 3; cycle++) {
      assertEquals(1, one.dispatchOnce());
      assertTrue(one.awaitIdle(Duration.ofSeconds(10)));
    }
    assertEquals(0, one.dispatchOnce());
    assertEquals(List.of("flowexecution:first", "job:second", "jobinstance:third"), started);
  }
}
