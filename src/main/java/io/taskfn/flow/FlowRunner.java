package io.taskfn.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskfn.flow.asl.ErrorNames;
import io.taskfn.flow.asl.ExecutionLimitExceeded;
import io.taskfn.flow.asl.ExecutionRun;
import io.taskfn.flow.asl.ExecutionStopped;
import io.taskfn.flow.asl.ExecutionTimedOut;
import io.taskfn.flow.asl.FlowFailure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an execution to its end within a time bound. Past the bound the run is stopped — its waits
 * interrupted, no further state started — and the outcome is TimedOut.
 */
@ApplicationScoped
public class FlowRunner {

  /** How long a stopped run may take to notice before the answer goes out anyway. */
  static final Duration STOP_GRACE = Duration.ofMillis(500);

  interface Body {
    JsonNode run() throws InterruptedException;
  }

  private final AtomicInteger threads = new AtomicInteger();
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "taskfn-flow-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  /** Where the branches of a run that call tasks run at once. */
  ExecutorService branchPool() {
    return pool;
  }

  ExecutionOutcome runBounded(ExecutionRun run, Duration bound, Body body)
      throws InterruptedException {
    Future<ExecutionOutcome> future = pool.submit(() -> runHere(body));
    try {
      return future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      run.stop();
      future.cancel(true);
      awaitQuietly(future);
      return timedOut(bound);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the flow run failed unexpectedly", e.getCause());
    } catch (InterruptedException e) {
      run.stop();
      future.cancel(true);
      throw e;
    }
  }

  private static void awaitQuietly(Future<?> future) {
    try {
      future.get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception stillStopping) {
      // cancelled futures throw at once; the run itself checks run.stop() before every state
    }
  }

  /** Runs in the calling thread: what the dispatcher does for a Standard execution. */
  static ExecutionOutcome runHere(Body body) {
    try {
      JsonNode output = body.run();
      return new ExecutionOutcome(ExecutionStatus.Succeeded, output, null, null);
    } catch (FlowFailure f) {
      return new ExecutionOutcome(ExecutionStatus.Failed, null, f.error(), f.cause());
    } catch (ExecutionLimitExceeded f) {
      return new ExecutionOutcome(ExecutionStatus.Failed, null, f.error(), f.cause());
    } catch (ExecutionTimedOut e) {
      return new ExecutionOutcome(
          ExecutionStatus.TimedOut, null, ErrorNames.TIMEOUT, "The execution timed out.");
    } catch (InterruptedException | ExecutionStopped e) {
      Thread.currentThread().interrupt();
      return new ExecutionOutcome(
          ExecutionStatus.Stopped, null, null, "The execution was stopped.");
    }
  }

  static ExecutionOutcome timedOut(Duration bound) {
    return new ExecutionOutcome(
        ExecutionStatus.TimedOut,
        null,
        ErrorNames.TIMEOUT,
        "The execution timed out after " + bound.toMillis() + " ms.");
  }

  @PreDestroy
  void stop() {
    pool.shutdownNow();
  }
}
