package io.taskfn.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskfn.store.InMemoryStoreBackend;
import io.taskfn.store.RecordKey;
import io.taskfn.store.StoredRecord;
import io.taskfn.support.ForwardingStore;
import io.taskfn.support.MutableClock;
import io.taskfn.support.TestDispatchConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatcherHeartbeatTest {

  private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

  private final CountDownLatch gate = new CountDownLatch(1);
  private final CountDownLatch storeAnswers = new CountDownLatch(1);
  private final AtomicReference<RecordKey> stuck = new AtomicReference<>();
  private final CountDownLatch anotherExtended = new CountDownLatch(1);
  private Dispatcher dispatcher;

  /**
   * A store whose first lease extension does not come back until the test ends: a store call that
   * hangs, or one so slow that the leases behind it would run out while it waits.
   */
  private final ForwardingStore hangingOnce =
      new ForwardingStore(new InMemoryStoreBackend()) {
        @Override
        public boolean extendLease(RecordKey key, long version, String owner, Instant leaseUntil) {
          if (stuck.compareAndSet(null, key)) {
            try {
              storeAnswers.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          } else if (!key.equals(stuck.get())) {
            anotherExtended.countDown();
          }
          return super.extendLease(key, version, owner, leaseUntil);
        }
      };

  /** Runs a chore: holds its worker until the gate opens. */
  private DueWorkHandler holding() {
    return new DueWorkHandler() {
      @Override
      public String kind() {
        return "chore";
      }

      @Override
      public void run(Lease lease) throws InterruptedException {
        gate.await();
        lease.release(lease.record().withDueAt(null));
      }
    };
  }

  @AfterEach
  void letEverythingGo() throws InterruptedException {
    storeAnswers.countDown();
    gate.countDown();
    assertTrue(dispatcher.awaitIdle(Duration.ofSeconds(10)));
    dispatcher.stop();
  }

  @Test
  void aLeaseWhoseExtensionHangsDoesNotHoldBackTheOthers() throws Exception {
    for (String id : List.of("a", "b", "c")) {
      hangingOnce.insert(StoredRecord.newRecord("chore", "default", id, "{}").withDueAt(T0));
    }
    // A lease of 300 ms beats every 100 ms of real time.
    dispatcher =
        new Dispatcher(
            hangingOnce,
            new MutableClock(T0),
            new TestDispatchConfig(Duration.ofMillis(300), 4),
            List.of(holding()));
    assertEquals(3, dispatcher.dispatchOnce());
    assertTrue(
        anotherExtended.await(1, TimeUnit.MINUTES),
        "the other leases were extended while the first extension hung");
  }

  /**
   * Leases count from before the claims; a batch of claims on a slow store (one call each, as on
   * DynamoDB) can take most of a lease before the records run, so they are extended at once rather
   * than at the next beat, which with a lease of an hour is 20 minutes away here.
   */
  @Test
  void leasesOfAClaimThatTookLongerThanABeatAreExtendedAtOnce() throws Exception {
    MutableClock clock = new MutableClock(T0);
    CountDownLatch extendedOnce = new CountDownLatch(1);
    ForwardingStore slowClaims =
        new ForwardingStore(new InMemoryStoreBackend()) {
          @Override
          public List<StoredRecord> claimDue(
              String kind, String owner, Instant now, Instant leaseUntil, int limit) {
            List<StoredRecord> won = super.claimDue(kind, owner, now, leaseUntil, limit);
            clock.advance(Duration.ofMinutes(40));
            return won;
          }

          @Override
          public boolean extendLease(
              RecordKey key, long version, String owner, Instant leaseUntil) {
            extendedOnce.countDown();
            return super.extendLease(key, version, owner, leaseUntil);
          }
        };
    slowClaims.insert(StoredRecord.newRecord("chore", "default", "a", "{}").withDueAt(T0));
    dispatcher =
        new Dispatcher(
            slowClaims, clock, new TestDispatchConfig(Duration.ofHours(1), 4), List.of(holding()));
    assertEquals(1, dispatcher.dispatchOnce());
    assertTrue(
        extendedOnce.await(1, TimeUnit.MINUTES), "the lease was extended before the next beat");
  }
}
