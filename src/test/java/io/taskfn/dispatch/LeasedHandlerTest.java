package io.taskfn.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskfn.store.InMemoryStoreBackend;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoredRecord;
import io.taskfn.store.TypedRepository;
import io.taskfn.support.MutableClock;
import io.taskfn.support.TestDispatchConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeasedHandlerTest {

  private static final Instant T0 = Instant.parse("2026-09-01T00:00:00Z");

  public record Chore(String state) {}

  private final MutableClock clock = new MutableClock(T0);
  private final StoreBackend store = new InMemoryStoreBackend();
  private final TypedRepository<Chore> chores = new TypedRepository<>(store, "chore", Chore.class);
  private Dispatcher dispatcher;

  /** A kind whose work is what the test says; "done" is final, failures end "failed". */
  private final class Chores extends LeasedHandler<Chore> {
    private final Consumer<HeldRecord<Chore>> work;
    private final Instant retryAt;

    Chores(Consumer<HeldRecord<Chore>> work, Instant retryAt) {
      super(chores);
      this.work = work;
      this.retryAt = retryAt;
    }

    @Override
    protected boolean isFinished(Chore chore) {
      return chore.state().equals("done");
    }

    @Override
    protected void handle(HeldRecord<Chore> held) {
      work.accept(held);
    }

    @Override
    protected Chore failed(Chore chore, RuntimeException cause) {
      return new Chore("failed: " + cause.getMessage());
    }

    @Override
    protected Instant dueAfterFailure(Chore chore) {
      return retryAt;
    }
  }

  private StoredRecord run(Chores handler, String state) throws InterruptedException {
    chores.insert("t", "c", new Chore(state), T0);
    dispatcher =
        new Dispatcher(
            store, clock, new TestDispatchConfig(Duration.ofSeconds(30), 1), List.of(handler));
    dispatcher.runUntilIdle(Duration.ofSeconds(10));
    return chores.find("t", "c").orElseThrow().record();
  }

  @AfterEach
  void stop() {
    dispatcher.stop();
  }

  @Test
  void aHandlerThatThrowsEndsTheWorkAsFailedAndLetsItGo() throws InterruptedException {
    StoredRecord after =
        run(
            new Chores(
                held -> {
                  throw new IllegalStateException("broken");
                },
                null),
            "new");
    assertEquals("{\"state\":\"failed: broken\"}", after.data());
    assertNull(after.dueAt(), "not due again");
    assertNull(after.leaseOwner(), "let go");
  }

  @Test
  void aKindMayAskForItsFailedWorkAgainLater() throws InterruptedException {
    Instant later = T0.plusSeconds(60);
    StoredRecord after =
        run(
            new Chores(
                held -> {
                  throw new IllegalStateException("store refused");
                },
                later),
            "new");
    assertEquals(later, after.dueAt());
    assertNull(after.leaseOwner());
  }

  @Test
  void progressKeepsTheRecordDueSoAnotherServerCanTakeItOver() throws InterruptedException {
    StoredRecord[] seen = new StoredRecord[1];
    run(
        new Chores(
            held -> {
              held.write(new Chore("halfway"));
              seen[0] = chores.find("t", "c").orElseThrow().record();
              held.release(new Chore("done"), null);
            },
            null),
        "new");
    assertEquals(T0, seen[0].dueAt(), "still due while held");
    assertEquals("{\"state\":\"halfway\"}", seen[0].data());
    assertTrue(seen[0].leaseOwner() != null);
  }

  @Test
  void anOutcomeWhoseRecordChangedMeanwhileIsDropped() throws InterruptedException {
    StoredRecord after =
        run(
            new Chores(
                held -> {
                  chores.update("t", "c", c -> new Chore("done"), c -> null);
                  held.release(new Chore("overwritten?"), null);
                },
                null),
            "new");
    assertEquals("{\"state\":\"done\"}", after.data());
  }

  @Test
  void finishedWorkIsLetGoWithoutRunning() throws InterruptedException {
    StoredRecord after =
        run(
            new Chores(
                held -> {
                  throw new AssertionError("must not run");
                },
                null),
            "done");
    assertNull(after.dueAt());
    assertNull(after.leaseOwner());
  }
}
