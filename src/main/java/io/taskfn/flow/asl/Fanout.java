package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the branches of a Parallel state or the iterations of a Map state. Branches that call tasks
 * run at once on the execution's branch pool, at most {@code limit} together; branches that only
 * move data run one after the other, which is as fast and keeps event ids in the order the
 * reference gives. A failure that is not tolerated stops the other branches (interrupting their
 * waits and calls) before it is reported.
 */
final class Fanout {
  private Fanout() {}

  /** How long a stopped branch may take to notice before the failure is reported anyway. */
  static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(5);

  interface Unit {
    JsonNode run(int index) throws InterruptedException;
  }

  /** Decides about a failed unit: return to tolerate it (its result is null), or throw. */
  interface OnFailure {
    void failed(int index, FlowFailure failure);
  }

  static JsonNode[] run(
      ExecutionRun run, int count, int limit, boolean concurrent, Unit unit, OnFailure onFailure)
      throws InterruptedException {
    JsonNode[] results = new JsonNode[count];
    ExecutorService pool = run.branches;
    if (!concurrent || pool == null || count < 2 || limit == 1) {
      for (int i = 0; i < count; i++) {
        try {
          results[i] = unit.run(i);
        } catch (FlowFailure failure) {
          onFailure.failed(i, failure);
        }
      }
      return results;
    }
    AtomicInteger nextIndex = new AtomicInteger();
    RuntimeException[] abort = new RuntimeException[1];
    int workers = limit <= 0 ? count : Math.min(limit, count);
    // Workers cancel each other, possibly while later ones are still being submitted.
    List<Future<?>> futures = new CopyOnWriteArrayList<>();
    CountDownLatch finished = new CountDownLatch(workers);
    for (int w = 0; w < workers; w++) {
      futures.add(
          pool.submit(
              () -> {
                try {
                  work(count, nextIndex, abort, results, unit, onFailure, futures);
                } finally {
                  finished.countDown();
                }
                return null;
              }));
    }
    try {
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (CancellationException stopped) {
          // stopped because another branch failed
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        }
      }
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      throw e;
    } finally {
      // A cancelled future answers at once; wait until its thread has really stopped.
      finished.await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
    synchronized (abort) {
      if (abort[0] != null) {
        throw abort[0];
      }
    }
    return results;
  }

  private static void work(
      int count,
      AtomicInteger nextIndex,
      RuntimeException[] abort,
      JsonNode[] results,
      Unit unit,
      OnFailure onFailure,
      List<Future<?>> futures)
      throws InterruptedException {
    int i;
    while ((i = nextIndex.getAndIncrement()) < count) {
      synchronized (abort) {
        if (abort[0] != null) {
          return;
        }
      }
      try {
        results[i] = unit.run(i);
      } catch (FlowFailure failure) {
        synchronized (abort) {
          if (abort[0] == null) {
            try {
              onFailure.failed(i, failure);
            } catch (RuntimeException stop) {
              abort[0] = stop;
              futures.forEach(f -> f.cancel(true));
            }
          }
        }
      }
    }
  }
}
