package io.taskfn.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskfn.support.Claims;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every backend promises; each backend's test extends this and says how to open one. */
public abstract class StoreBackendContract {

  protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  protected StoreBackend store;

  protected abstract StoreBackend open();

  @BeforeEach
  void openStore() {
    store = open();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected static StoredRecord record(String kind, String id, String data) {
    return StoredRecord.newRecord(kind, "t1", id, data);
  }

  @Test
  void insertsAtVersionOneAndFindsByKey() {
    StoredRecord stored =
        store.insert(record("thing", "a", "{\"x\":1}").withIndexes("i1", "i2").withDueAt(T0));
    assertEquals(1, stored.version());
    StoredRecord found = store.find(stored.key()).orElseThrow();
    assertEquals(stored, found);
    assertTrue(store.find(new RecordKey("thing", "t2", "a")).isEmpty(), "tenants are apart");
  }

  @Test
  void rejectsASecondInsertOfTheSameKey() {
    store.insert(record("thing", "a", "{}"));
    assertThrows(DuplicateRecordException.class, () -> store.insert(record("thing", "a", "{}")));
  }

  @Test
  void replaceIsCompareAndSet() {
    StoredRecord v1 = store.insert(record("thing", "a", "{\"n\":1}"));
    StoredRecord v2 = store.replace(v1.withData("{\"n\":2}"));
    assertEquals(2, v2.version());
    assertThrows(VersionConflictException.class, () -> store.replace(v1.withData("{\"n\":3}")));
    assertEquals("{\"n\":2}", store.find(v1.key()).orElseThrow().data());
  }

  @Test
  void deleteIsCompareAndSet() {
    StoredRecord v1 = store.insert(record("thing", "a", "{}"));
    StoredRecord v2 = store.replace(v1);
    assertThrows(VersionConflictException.class, () -> store.delete(v1.key(), 1));
    store.delete(v2.key(), 2);
    assertTrue(store.find(v1.key()).isEmpty());
    assertThrows(VersionConflictException.class, () -> store.delete(v1.key(), 2));
  }

  @Test
  void scansAnIndexInIdOrderBothWaysWithACursor() {
    for (String id : List.of("c", "a", "d", "b")) {
      store.insert(record("thing", id, "{}").withIndexes(id.equals("d") ? "other" : "g", null));
    }
    store.insert(record("otherkind", "a", "{}").withIndexes("g", null));
    Scan byG = Scan.exact("thing", "t1", IndexSlot.INDEX1, "g", 10);
    assertEquals(List.of("a", "b", "c"), ids(store.scan(byG)));
    assertEquals(List.of("c", "b", "a"), ids(store.scan(byG.newestFirst())));
    Scan two = Scan.exact("thing", "t1", IndexSlot.INDEX1, "g", 2);
    List<StoredRecord> first = store.scan(two);
    assertEquals(List.of("a", "b"), ids(first));
    assertEquals(List.of("c"), ids(store.scan(two.after(two.positionOf(first.get(1))))));
    List<StoredRecord> newest = store.scan(two.newestFirst());
    assertEquals(
        List.of("a"), ids(store.scan(two.newestFirst().after(two.positionOf(newest.get(1))))));
    assertEquals(List.of("a", "b", "c", "d"), ids(store.scan(Scan.all("thing", "t1", 10))));
    assertEquals(
        List.of("c", "d"),
        ids(store.scan(Scan.all("thing", "t1", 10).after(new Scan.Position(null, "b")))));
    assertEquals(List.of(), ids(store.scan(Scan.all("thing", "t2", 10))));
  }

  @Test
  void scansAPrefixInIndexValueOrder() {
    store.insert(record("exec", "x1", "{}").withIndexes("flow/0003", "flow/Running/0003"));
    store.insert(record("exec", "x2", "{}").withIndexes("flow/0001", "flow/Failed/0001"));
    store.insert(record("exec", "x3", "{}").withIndexes("flow/0002", "flow/Running/0002"));
    store.insert(record("exec", "y1", "{}").withIndexes("flowy/0009", "flowy/Running/0009"));
    Scan flow = Scan.withPrefix("exec", "t1", IndexSlot.INDEX1, "flow/", 10);
    assertEquals(List.of("x2", "x3", "x1"), ids(store.scan(flow)));
    List<StoredRecord> newest = store.scan(flow.newestFirst());
    assertEquals(List.of("x1", "x3", "x2"), ids(newest));
    assertEquals(
        List.of("x3", "x2"),
        ids(store.scan(flow.newestFirst().after(flow.positionOf(newest.get(0))))));
    assertEquals(
        List.of("x1", "x3"),
        ids(
            store.scan(
                Scan.withPrefix("exec", "t1", IndexSlot.INDEX2, "flow/Running/", 10)
                    .newestFirst())));
  }

  @Test
  void countsFollowInsertsIndexChangesAndDeletes() {
    store.countIndex("inst", IndexSlot.INDEX1);
    store.countIndex("inst", IndexSlot.INDEX2);
    StoredRecord a = store.insert(record("inst", "a", "{}").withIndexes("job1", "job1/1"));
    store.insert(record("inst", "b", "{}").withIndexes("job1", "job1/1"));
    store.insert(record("inst", "c", "{}").withIndexes("job2", "job2/1"));
    assertEquals(2, store.count("inst", "t1", IndexSlot.INDEX1, "job1"));
    assertEquals(2, store.count("inst", "t1", IndexSlot.INDEX2, "job1/1"));
    StoredRecord a2 = store.replace(a.withIndexes("job1", "job1/4"));
    assertEquals(1, store.count("inst", "t1", IndexSlot.INDEX2, "job1/1"));
    assertEquals(1, store.count("inst", "t1", IndexSlot.INDEX2, "job1/4"));
    assertEquals(2, store.count("inst", "t1", IndexSlot.INDEX1, "job1"));
    assertThrows(VersionConflictException.class, () -> store.replace(a.withIndexes("x", "y")));
    assertEquals(
        0, store.count("inst", "t1", IndexSlot.INDEX1, "x"), "a lost write counts nothing");
    store.delete(a2.key(), a2.version());
    assertEquals(1, store.count("inst", "t1", IndexSlot.INDEX1, "job1"));
    assertEquals(0, store.count("inst", "t1", IndexSlot.INDEX2, "job1/4"));
    assertEquals(0, store.count("inst", "t2", IndexSlot.INDEX1, "job1"), "tenants are apart");
    assertThrows(
        IllegalStateException.class, () -> store.count("thing", "t1", IndexSlot.INDEX1, "g"));
  }

  @Test
  void concurrentWritesKeepCountsExact() throws Exception {
    store.countIndex("inst", IndexSlot.INDEX2);
    int threads = 6;
    int each = 20;
    runConcurrently(
        threads,
        () -> {
          String me = Thread.currentThread().getName();
          for (int i = 0; i < each; i++) {
            StoredRecord r =
                store.insert(record("inst", me + "-" + i, "{}").withIndexes("j", "j/waiting"));
            StoredRecord running = store.replace(r.withIndexes("j", "j/running"));
            store.replace(running.withIndexes("j", i % 2 == 0 ? "j/done" : "j/failed"));
          }
          return null;
        });
    assertEquals(0, store.count("inst", "t1", IndexSlot.INDEX2, "j/waiting"));
    assertEquals(0, store.count("inst", "t1", IndexSlot.INDEX2, "j/running"));
    assertEquals(threads * each / 2, store.count("inst", "t1", IndexSlot.INDEX2, "j/done"));
    assertEquals(threads * each / 2, store.count("inst", "t1", IndexSlot.INDEX2, "j/failed"));
  }

  @Test
  void removesExpiredRecordsInBatchesAndUncountsThem() {
    store.countIndex("inst", IndexSlot.INDEX1);
    for (int i = 0; i < 5; i++) {
      store.insert(
          record("inst", "old" + i, "{}")
              .withIndexes("job1", null)
              .withExpiresAt(T0.plusSeconds(i)));
    }
    store.insert(
        record("inst", "young", "{}").withIndexes("job1", null).withExpiresAt(T0.plusSeconds(100)));
    store.insert(record("inst", "kept", "{}").withIndexes("job1", null));
    assertEquals(3, store.deleteExpired(T0.plusSeconds(10), 3));
    assertEquals(2, store.deleteExpired(T0.plusSeconds(10), 3));
    assertEquals(0, store.deleteExpired(T0.plusSeconds(10), 3));
    assertEquals(2, store.count("inst", "t1", IndexSlot.INDEX1, "job1"));
    assertTrue(store.find(new RecordKey("inst", "t1", "young")).isPresent());
    assertEquals(1, store.deleteExpired(T0.plusSeconds(1000), 3));
    assertEquals(List.of("kept"), ids(store.scan(Scan.all("inst", "t1", 10))));
  }

  @Test
  void concurrentCompareAndSetLosesNoUpdate() throws Exception {
    StoredRecord counter = store.insert(record("counter", "c", "0"));
    int threads = 8;
    int incrementsEach = 25;
    runConcurrently(
        threads,
        () -> {
          for (int i = 0; i < incrementsEach; i++) {
            while (true) {
              StoredRecord current = store.find(counter.key()).orElseThrow();
              int n = Integer.parseInt(current.data());
              try {
                store.replace(current.withData(Integer.toString(n + 1)));
                break;
              } catch (VersionConflictException lost) {
                // read again and retry
              }
            }
          }
          return null;
        });
    StoredRecord end = store.find(counter.key()).orElseThrow();
    assertEquals(Integer.toString(threads * incrementsEach), end.data());
    assertEquals(1 + threads * incrementsEach, end.version());
  }

  @Test
  void reservedSequenceBlocksNeverOverlapUnderConcurrency() throws Exception {
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    runConcurrently(
        8,
        () -> {
          for (int i = 0; i < 50; i++) {
            long last = store.reserveSequence("s", 3);
            for (long v = last - 2; v <= last; v++) {
              assertTrue(seen.add(v), "a value came twice");
            }
          }
          return null;
        });
    assertEquals(1200, seen.size());
    assertEquals(1201, store.reserveSequence("s", 1));
    assertEquals(5, store.reserveSequence("another", 5));
  }

  @Test
  void sequencesHandOutEveryIdOnceAcrossInstances() throws Exception {
    Sequences first = new Sequences(store, 4);
    Sequences second = new Sequences(store, 4);
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    runConcurrently(
        4,
        () -> {
          for (int i = 0; i < 25; i++) {
            assertTrue(seen.add(first.next("ids")), "a value came twice");
            assertTrue(seen.add(second.next("ids")), "a value came twice");
          }
          return null;
        });
    assertEquals(200, seen.size());
  }

  @Test
  void claimsOnlyDueUnleasedRecordsOfTheKind() {
    store.insert(record("work", "due", "{}").withDueAt(T0));
    store.insert(record("work", "later", "{}").withDueAt(T0.plusSeconds(60)));
    store.insert(record("work", "never", "{}"));
    store.insert(record("other", "due", "{}").withDueAt(T0));
    List<StoredRecord> claimed = Claims.claimDue(store, "work", T0, "me", T0.plusSeconds(30), 10);
    assertEquals(List.of("due"), ids(claimed));
    assertEquals("me", claimed.get(0).leaseOwner());
    assertEquals(claimed.get(0), store.find(claimed.get(0).key()).orElseThrow());
    assertEquals(
        List.of(),
        Claims.claimDue(store, "work", T0.plusSeconds(10), "you", T0.plusSeconds(40), 10));
  }

  @Test
  void claimsTheEarliestDueFirst() {
    store.insert(record("work", "b", "{}").withDueAt(T0.plusSeconds(2)));
    store.insert(record("work", "a", "{}").withDueAt(T0.plusSeconds(3)));
    store.insert(record("work", "c", "{}").withDueAt(T0.plusSeconds(1)));
    assertEquals(
        List.of("c", "b"),
        ids(store.claimDue("work", "me", T0.plusSeconds(5), T0.plusSeconds(30), 2)));
    assertEquals(
        List.of("a"), ids(store.claimDue("work", "you", T0.plusSeconds(5), T0.plusSeconds(30), 2)));
  }

  @Test
  void anExpiredLeaseIsClaimedAgainButAnExtendedOneIsNot() {
    store.insert(record("work", "a", "{}").withDueAt(T0));
    StoredRecord mine = Claims.claimDue(store, "work", T0, "me", T0.plusSeconds(30), 10).get(0);
    assertTrue(store.extendLease(mine.key(), mine.version(), "me", T0.plusSeconds(60)));
    assertEquals(
        List.of(),
        Claims.claimDue(store, "work", T0.plusSeconds(45), "you", T0.plusSeconds(90), 10));
    List<StoredRecord> takenOver =
        Claims.claimDue(store, "work", T0.plusSeconds(61), "you", T0.plusSeconds(90), 10);
    assertEquals("you", takenOver.get(0).leaseOwner());
    assertFalse(
        store.extendLease(mine.key(), mine.version(), "me", T0.plusSeconds(120)),
        "the old owner lost the lease");
    assertThrows(VersionConflictException.class, () -> store.replace(mine.withoutLease()));
  }

  @Test
  void releasedRecordsAreNotClaimedUnlessDueAgain() {
    store.insert(record("work", "a", "{}").withDueAt(T0));
    StoredRecord mine = Claims.claimDue(store, "work", T0, "me", T0.plusSeconds(30), 10).get(0);
    store.replace(mine.withoutLease().withDueAt(null));
    assertEquals(
        List.of(),
        Claims.claimDue(store, "work", T0.plusSeconds(100), "me", T0.plusSeconds(130), 10));
  }

  @Test
  void racingDispatchersClaimEachRecordOnce() throws Exception {
    int records = 60;
    for (int i = 0; i < records; i++) {
      store.insert(record("work", String.format("%03d", i), "{}").withDueAt(T0));
    }
    Set<String> claimedIds = ConcurrentHashMap.newKeySet();
    List<String> duplicates = new ArrayList<>();
    runConcurrently(
        6,
        () -> {
          String owner = Thread.currentThread().getName();
          for (int round = 0; round < 20; round++) {
            for (StoredRecord r :
                Claims.claimDue(store, "work", T0, owner, T0.plusSeconds(30), 7)) {
              if (!claimedIds.add(r.id())) {
                synchronized (duplicates) {
                  duplicates.add(r.id());
                }
              }
            }
          }
          return null;
        });
    assertEquals(List.of(), duplicates);
    assertEquals(records, claimedIds.size());
  }

  private void runConcurrently(int threads, Callable<Void> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Void>> futures = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      futures.add(
          pool.submit(
              () -> {
                start.await();
                return task.call();
              }));
    }
    start.countDown();
    for (Future<Void> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
  }

  private static List<String> ids(List<StoredRecord> records) {
    List<String> out = new ArrayList<>();
    records.forEach(r -> out.add(r.id()));
    return out;
  }
}
