package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the branches of a Parallel state or the iterations of a Map state. Branches that call tasks
 * run at once on threads borrowed from the execution's branch pool, at most {@code limit} together;
 * when the pool lends none, they run one after the other in the caller's thread, so a fan-out never
 * waits for a thread (and nested fan-outs can not deadlock). Branches that only move data run one
 * after the other, which is as fast and keeps event ids in the order the reference gives. A failure
 * that is not tolerated, or the end of the run, stops the other branches (interrupting their waits
 * and calls) before it is reported. Together, the branches' results may not pass the payload limit.
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

  /** What the branches share: the next index, the results so far, and what stopped them. */
  private static final class Shared {
    final AtomicInteger nextIndex = new AtomicInteger();
    final List<Future<?>> helpers = new ArrayList<>();
    long resultBytesLeft = ExecutionRun.MAX_PAYLOAD_BYTES;
    RuntimeException abort;
  }

  static JsonNode[] run(
      ExecutionRun run,
      String stateName,
      int count,
      int limit,
      boolean concurrent,
      Unit unit,
      OnFailure onFailure)
      throws InterruptedException {
    JsonNode[] results = new JsonNode[count];
    Shared shared = new Shared();
    int wanted = Math.min(limit <= 0 ? count : limit, count);
    CountDownLatch finished = new CountDownLatch(wanted);
    if (concurrent && run.branches != null && wanted > 1) {
      synchronized (shared) {
        for (int w = 0; w < wanted; w++) {
          try {
            shared.helpers.add(
                run.branches.submit(
                    () -> {
                      try {
                        work(stateName, count, shared, results, unit, onFailure);
                      } finally {
                        finished.countDown();
                      }
                      return null;
                    }));
          } catch (RejectedExecutionException allBusy) {
            break;
          }
        }
      }
    }
    if (shared.helpers.isEmpty()) {
      work(stateName, count, shared, results, unit, onFailure);
    } else {
      join(shared, finished, wanted);
    }
    synchronized (shared) {
      if (shared.abort != null) {
        throw shared.abort;
      }
    }
    return results;
  }

  /** Waits for the helpers; stopped itself, it stops them and waits until they have ended. */
  private static void join(Shared shared, CountDownLatch finished, int wanted)
      throws InterruptedException {
    List<Future<?>> helpers;
    synchronized (shared) {
      helpers = List.copyOf(shared.helpers);
    }
    for (int never = helpers.size(); never < wanted; never++) {
      finished.countDown();
    }
    try {
      for (Future<?> f : helpers) {
        try {
          f.get();
        } catch (CancellationException stopped) {
          // stopped because another branch failed or the run ended
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        }
      }
    } catch (InterruptedException | RuntimeException e) {
      helpers.forEach(f -> f.cancel(true));
      throw e;
    } finally {
      // A cancelled future answers at once; wait until its thread has really stopped.
      finished.await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private static void work(
      String stateName,
      int count,
      Shared shared,
      JsonNode[] results,
      Unit unit,
      OnFailure onFailure)
      throws InterruptedException {
    int i;
    while ((i = shared.nextIndex.getAndIncrement()) < count) {
      JsonNode result;
      synchronized (shared) {
        if (shared.abort != null) {
          return;
        }
      }
      try {
        result = unit.run(i);
      } catch (FlowFailure failure) {
        synchronized (shared) {
          if (shared.abort == null) {
            try {
              onFailure.failed(i, failure);
            } catch (RuntimeException stop) {
              abort(shared, stop);
            }
          }
        }
        continue;
      } catch (RuntimeException halted) {
        // The run ended (RunHalted): no branch goes on.
        synchronized (shared) {
          abort(shared, halted);
        }
        return;
      } catch (InterruptedException stopped) {
        synchronized (shared) {
          if (shared.abort != null) {
            return;
          }
        }
        throw stopped;
      }
      results[i] = result;
      charge(stateName, shared, result);
    }
  }

  /**
   * Counts a result against the payload limit of all results together; past it, every branch stops:
   * the state fails whatever failures it tolerates.
   */
  private static void charge(String stateName, Shared shared, JsonNode result) {
    long bytes =
        result == null
            ? 0
            : ExecutionRun.MAX_PAYLOAD_BYTES
                - Payloads.bytesAtMost(result, ExecutionRun.MAX_PAYLOAD_BYTES);
    synchronized (shared) {
      shared.resultBytesLeft -= bytes;
      if (shared.resultBytesLeft < 0) {
        abort(
            shared,
            new FlowFailure(
                ErrorNames.DATA_LIMIT_EXCEEDED,
                "The state/task '"
                    + stateName
                    + "' returned a result with a size exceeding the maximum number of bytes"
                    + " service limit."));
      }
    }
  }

  private static void abort(Shared shared, RuntimeException cause) {
    if (shared.abort == null) {
      shared.abort = cause;
      shared.helpers.forEach(f -> f.cancel(true));
    }
  }
}
