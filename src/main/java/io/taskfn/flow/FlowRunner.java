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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads executions run on, both pools bounded: runs ({@link FlowConfig#runThreads}) and the
 * branches Map and Parallel states borrow ({@link FlowConfig#branchThreads}; when all are busy a
 * fan-out runs in its own thread, so nothing ever waits for a thread held by its own caller). A run
 * is bounded in time: past its bound, or when its caller is interrupted, it is stopped — its waits
 * and calls interrupted, its expressions ended at their next check, no further state started.
 */
@ApplicationScoped
public class FlowRunner {

  /** How long a stopped run may take to notice before the answer goes out anyway. */
  static final Duration STOP_GRACE = Duration.ofMillis(500);

  /**
   * The stack of a flow thread: room for the deepest evaluation the limits allow (JSONata nests 300
   * levels, definitions 32) inside flows called 5 deep, with a wide margin.
   */
  static final long STACK_BYTES = 4L << 20;

  interface Body {
    JsonNode run() throws InterruptedException;
  }

  private final ThreadPoolExecutor runs;
  private final ThreadPoolExecutor branches;

  public FlowRunner(FlowConfig config) {
    this.runs =
        new ThreadPoolExecutor(
            config.runThreads(),
            config.runThreads(),
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            threads("taskfn-flow-run-"));
    runs.allowCoreThreadTimeOut(true);
    this.branches =
        new ThreadPoolExecutor(
            0,
            config.branchThreads(),
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            threads("taskfn-flow-branch-"));
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(null, r, prefix + count.incrementAndGet(), STACK_BYTES);
      t.setDaemon(true);
      return t;
    };
  }

  /** Where the branches of a run that call tasks run at once; it refuses work when all are busy. */
  ExecutorService branchPool() {
    return branches;
  }

  /** How many flow threads are working now (runs and branches): what tests of stopped runs read. */
  int busyThreads() {
    return runs.getActiveCount() + branches.getActiveCount();
  }

  /** Runs {@code body} on a run thread to its end, or until {@code bound} (then TimedOut). */
  ExecutionOutcome runBounded(ExecutionRun run, Duration bound, Body body)
      throws InterruptedException {
    try {
      return onRunThread(run, bound, () -> runHere(body));
    } catch (TimeoutException e) {
      return timedOut(bound);
    }
  }

  /**
   * Calls {@code work} on a run thread and waits for it. When this thread is interrupted, the run
   * is stopped and its thread given {@link #STOP_GRACE} to end. What {@code work} throws unchecked
   * comes out as it was thrown.
   */
  <T> T onRunThread(ExecutionRun run, Callable<T> work) throws InterruptedException {
    Future<T> future = runs.submit(work);
    try {
      return future.get();
    } catch (InterruptedException e) {
      stop(run, future);
      throw e;
    } catch (ExecutionException e) {
      throw unchecked(e);
    }
  }

  /** As {@link #onRunThread(ExecutionRun, Callable)}, and past {@code bound} the run stops too. */
  <T> T onRunThread(ExecutionRun run, Duration bound, Callable<T> work)
      throws InterruptedException, TimeoutException {
    Future<T> future = runs.submit(work);
    try {
      return future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | InterruptedException e) {
      stop(run, future);
      throw e;
    } catch (ExecutionException e) {
      throw unchecked(e);
    }
  }

  private static void stop(ExecutionRun run, Future<?> future) {
    run.stop();
    future.cancel(true);
    awaitQuietly(future);
  }

  /**
   * What the run thread threw, as it was thrown: errors too, which no handler turns into an
   * outcome.
   */
  private static RuntimeException unchecked(ExecutionException e) {
    if (e.getCause() instanceof Error error) {
      throw error;
    }
    return e.getCause() instanceof RuntimeException r
        ? r
        : new IllegalStateException("the flow run failed unexpectedly", e.getCause());
  }

  private static void awaitQuietly(Future<?> future) {
    try {
      future.get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception stillStopping) {
      // cancelled futures throw at once; the run itself checks run.stop() before every state
    }
  }

  /** Runs in the calling thread, turning how the run ended into an outcome. */
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
      return stopped();
    }
  }

  static ExecutionOutcome stopped() {
    return new ExecutionOutcome(ExecutionStatus.Stopped, null, null, "The execution was stopped.");
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
    runs.shutdownNow();
    branches.shutdownNow();
  }
}
