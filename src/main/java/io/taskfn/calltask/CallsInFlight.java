package io.taskfn.calltask;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The calls this server is placing, by task, each with the signal that ends it at once: StopTask
 * ends a stopped task's calls (a ringing call is cancelled, an answered one hung up). StopTask
 * signals this server's calls itself; calls on other servers are ended by their own server, which
 * reads the state of every task it has calls for once per {@code stopCheck}.
 */
@Singleton
public class CallsInFlight implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(CallsInFlight.class);

  private final CallTaskStore store;
  private final Map<String, Set<CompletableFuture<Void>>> byTask = new ConcurrentHashMap<>();
  private final ScheduledExecutorService checker;

  @Inject
  public CallsInFlight(CallTaskStore store, CallTaskConfig config) {
    this(store, config.dialer().stopCheck());
  }

  CallsInFlight(CallTaskStore store, Duration stopCheck) {
    this.store = store;
    this.checker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "taskfn-call-stop-check");
              t.setDaemon(true);
              return t;
            });
    long every = stopCheck.toMillis();
    checker.scheduleWithFixedDelay(this::endStoppedTasksCalls, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * A call of the task is about to be placed; the signal completes when it must end. Register
   * before reading the task's state: a stop that comes later signals the call, one that came before
   * is seen in the state.
   */
  CompletableFuture<Void> begin(String taskOpenId) {
    CompletableFuture<Void> hangUp = new CompletableFuture<>();
    byTask.computeIfAbsent(taskOpenId, id -> ConcurrentHashMap.newKeySet()).add(hangUp);
    return hangUp;
  }

  void end(String taskOpenId, CompletableFuture<Void> hangUp) {
    byTask.computeIfPresent(
        taskOpenId,
        (id, calls) -> {
          calls.remove(hangUp);
          return calls.isEmpty() ? null : calls;
        });
  }

  /** Ends every call this server places for the task. */
  void hangUpAll(String taskOpenId) {
    Set<CompletableFuture<Void>> calls = byTask.get(taskOpenId);
    if (calls != null) {
      calls.forEach(hangUp -> hangUp.complete(null));
    }
  }

  private void endStoppedTasksCalls() {
    for (String taskOpenId : Set.copyOf(byTask.keySet())) {
      try {
        boolean stopped =
            store.task(taskOpenId).map(t -> t.state() == TaskState.STOPPED).orElse(true);
        if (stopped) {
          hangUpAll(taskOpenId);
        }
      } catch (RuntimeException e) {
        LOG.warnf("could not read the state of task %s for its calls: %s", taskOpenId, e);
      }
    }
  }

  @PreDestroy
  @Override
  public void close() {
    checker.shutdownNow();
  }
}
