package io.taskfn.dispatch;

import io.quarkus.runtime.StartupEvent;
import io.taskfn.store.RetentionConfig;
import io.taskfn.store.StoreBackend;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Removes finished work whose retention age has passed, in bounded batches: in the background on a
 * server, and at the end of each scheduled {@code Dispatch} in a Lambda deployment.
 */
@ApplicationScoped
public class RetentionSweeper {

  private static final Logger LOG = Logger.getLogger(RetentionSweeper.class);

  private final StoreBackend store;
  private final Clock clock;
  private final RetentionConfig retention;
  private final DispatchConfig dispatch;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "taskfn-retention");
            t.setDaemon(true);
            return t;
          });

  public RetentionSweeper(
      StoreBackend store, Clock clock, RetentionConfig retention, DispatchConfig dispatch) {
    this.store = store;
    this.clock = clock;
    this.retention = retention;
    this.dispatch = dispatch;
  }

  /** Static, so that a process that does not sweep (a Lambda function) does not build this. */
  static void startSweeping(
      @Observes StartupEvent event,
      RetentionConfig retention,
      DispatchConfig dispatch,
      Instance<RetentionSweeper> sweeper) {
    long every = retention.sweepInterval().toMillis();
    if (every > 0 && dispatch.pollInterval().toMillis() > 0) {
      sweeper.get().sweepEvery(every);
    }
  }

  void sweepEvery(long millis) {
    timer.scheduleWithFixedDelay(this::sweepSafely, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void sweepSafely() {
    try {
      sweep(retention.sweepInterval());
    } catch (RuntimeException e) {
      LOG.error("removing expired records failed; the next sweep tries again", e);
    }
  }

  /**
   * Removes expired records a batch at a time until none is left or the budget is spent.
   *
   * @return how many were removed
   */
  public int sweep(Duration budget) {
    long deadline = System.nanoTime() + budget.toNanos();
    int removed = 0;
    while (true) {
      int batch = store.deleteExpired(clock.instant(), retention.batchSize());
      removed += batch;
      if (batch < retention.batchSize() || System.nanoTime() >= deadline) {
        return removed;
      }
    }
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
  }
}
