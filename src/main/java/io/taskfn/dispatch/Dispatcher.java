package io.taskfn.dispatch;

import io.quarkus.runtime.StartupEvent;
import io.taskfn.store.RecordKey;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoredRecord;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Claims due records with a lease and runs them on a bounded pool of workers. While a record runs,
 * a heartbeat extends its lease; if this process dies, the lease expires and any dispatcher over
 * the same store claims the record again, so work runs at least once. Two dispatchers never hold
 * the same record at once: a claim is a compare-and-set.
 */
@ApplicationScoped
public class Dispatcher {

  private static final Logger LOG = Logger.getLogger(Dispatcher.class);

  private final StoreBackend store;
  private final DispatchObserver observer;
  private final RemoteDispatch remote;
  private final Clock clock;
  private final DispatchConfig config;
  private final List<DueWorkHandler> handlers;
  private final String owner = "taskfn-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID();
  private final Semaphore freeWorkers;
  private final ExecutorService workers;
  private final ScheduledExecutorService ticker;

  /** How often running leases are extended: a third of the lease. */
  private final Duration beat;

  /**
   * Heartbeats have a thread of their own: a dispatch cycle over a slow store (many kinds, each a
   * few round trips) would otherwise hold them back until the leases they extend ran out.
   */
  private final ScheduledExecutorService heartbeats;

  /**
   * Each beat extends every lease at once, one store call per lease on threads of their own: one
   * after the other, 32 leases on a store that took 300 ms a call (dynalite on a loaded machine)
   * outlasted a 10 s lease, and another server ran the records again.
   */
  private final ExecutorService leaseExtenders;

  /** The records whose extension is under way: a beat that finds one still busy skips it. */
  private final Set<RecordKey> extending = ConcurrentHashMap.newKeySet();

  private final Map<RecordKey, Running> running = new ConcurrentHashMap<>();
  private final AtomicBoolean wakeUpPending = new AtomicBoolean();

  /** Whether the last cycle left due work it could not start. */
  private volatile boolean backlog;

  /** The due-work gauge counts this many at most: it runs on every scrape. */
  static final int DUE_GAUGE_LIMIT = 1000;

  private record Running(String kind, Lease lease, Future<?> future) {}

  @Inject
  public Dispatcher(
      StoreBackend store,
      Clock clock,
      DispatchConfig config,
      Instance<DueWorkHandler> handlers,
      DispatchObserver observer,
      RemoteDispatch remote) {
    this(store, clock, config, handlers.stream().toList(), observer, remote);
  }

  public Dispatcher(
      StoreBackend store, Clock clock, DispatchConfig config, List<DueWorkHandler> handlers) {
    this(store, clock, config, handlers, DispatchObserver.NONE);
  }

  public Dispatcher(
      StoreBackend store,
      Clock clock,
      DispatchConfig config,
      List<DueWorkHandler> handlers,
      DispatchObserver observer) {
    this(store, clock, config, handlers, observer, RemoteDispatch.NONE);
  }

  public Dispatcher(
      StoreBackend store,
      Clock clock,
      DispatchConfig config,
      List<DueWorkHandler> handlers,
      DispatchObserver observer,
      RemoteDispatch remote) {
    this.store = store;
    this.observer = observer;
    this.remote = remote;
    this.clock = clock;
    this.config = config;
    this.handlers = handlers;
    this.freeWorkers = new Semaphore(config.workers());
    AtomicInteger threadNumber = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            config.workers(), r -> daemon(r, "taskfn-worker-" + threadNumber.incrementAndGet()));
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "taskfn-dispatch"));
    this.beat = Duration.ofMillis(Math.max(1, config.lease().toMillis() / 3));
    this.heartbeats =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "taskfn-heartbeat"));
    AtomicInteger extenderNumber = new AtomicInteger();
    this.leaseExtenders =
        Executors.newFixedThreadPool(
            config.workers(), r -> daemon(r, "taskfn-lease-" + extenderNumber.incrementAndGet()));
    heartbeats.scheduleWithFixedDelay(
        this::heartbeat, beat.toMillis(), beat.toMillis(), TimeUnit.MILLISECONDS);
    for (DueWorkHandler handler : handlers) {
      String kind = handler.kind();
      observer.watch(
          kind,
          () -> store.findDue(kind, clock.instant(), DUE_GAUGE_LIMIT).size(),
          () -> running.values().stream().filter(r -> r.kind().equals(kind)).count());
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Static, so that a process without a polling loop (a Lambda function) does not build the
   * dispatcher and every family's handler before its first request needs them.
   */
  static void startPolling(
      @Observes StartupEvent event, DispatchConfig config, Instance<Dispatcher> dispatcher) {
    long every = config.pollInterval().toMillis();
    if (every > 0) {
      dispatcher.get().pollEvery(every);
    }
  }

  void pollEvery(long millis) {
    ticker.scheduleWithFixedDelay(this::pollSafely, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Asks the background loop to look for due work now rather than at its next tick. Wake-ups that
   * come while one is pending share it: one cycle claims everything due by then. Without a loop
   * (Lambda), a dispatcher elsewhere is asked to run.
   */
  public void wakeUp() {
    if (config.pollInterval().toMillis() <= 0) {
      remote.wakeUp();
    } else if (!ticker.isShutdown() && wakeUpPending.compareAndSet(false, true)) {
      ticker.execute(
          () -> {
            wakeUpPending.set(false);
            pollSafely();
          });
    }
  }

  private void pollSafely() {
    try {
      dispatchOnce();
    } catch (RuntimeException e) {
      LOG.error("dispatch cycle failed; the next one will try again", e);
    }
  }

  /**
   * Claims as much due work as there are free workers and starts it, earliest due first across
   * kinds. One worker is kept back for each other kind that has nothing running here, up to a
   * quarter of the workers, so however much of one kind is due, work of other kinds that falls due
   * starts within one cycle.
   *
   * @return how many records were claimed
   */
  public int dispatchOnce() {
    int free = freeWorkers.availablePermits();
    if (free == 0) {
      return 0;
    }
    Instant now = clock.instant();
    Set<String> idleKinds = new HashSet<>();
    handlers.forEach(h -> idleKinds.add(h.kind()));
    running.values().forEach(r -> idleKinds.remove(r.kind()));
    List<Candidate> candidates = new ArrayList<>();
    boolean mayBeMore = false;
    for (DueWorkHandler handler : handlers) {
      List<StoredRecord> due = store.findDue(handler.kind(), now, free);
      due.forEach(r -> candidates.add(new Candidate(handler, r)));
      mayBeMore |= due.size() == free;
    }
    candidates.sort(Comparator.comparing(c -> c.record().dueAt()));
    // How many of each kind to claim: the earliest due first, with the workers kept back.
    Map<DueWorkHandler, Integer> planned = new LinkedHashMap<>();
    int plannedInAll = 0;
    for (Candidate candidate : candidates) {
      String kind = candidate.handler().kind();
      int idleOthers = idleKinds.size() - (idleKinds.contains(kind) ? 1 : 0);
      int keptBack = Math.min(idleOthers, config.workers() / 4);
      if (free - plannedInAll <= keptBack) {
        mayBeMore = true;
        continue;
      }
      planned.merge(candidate.handler(), 1, Integer::sum);
      plannedInAll++;
      idleKinds.remove(kind);
    }
    int claimed = 0;
    for (Map.Entry<DueWorkHandler, Integer> kindPlan : planned.entrySet()) {
      DueWorkHandler handler = kindPlan.getKey();
      List<StoredRecord> won =
          store.claimDue(handler.kind(), owner, now, now.plus(config.lease()), kindPlan.getValue());
      for (StoredRecord record : won) {
        observer.claimed(handler.kind(), Duration.between(record.dueAt(), now));
        freeWorkers.acquireUninterruptibly();
        start(handler, new Lease(store, clock, config.lease(), record));
        claimed++;
      }
      mayBeMore |= won.size() < kindPlan.getValue();
    }
    // The leases count from before the claims. Where claims are one store call each (DynamoDB),
    // a batch on a slow store can take most of a lease, and the next beat may come too late.
    if (claimed > 0 && Duration.between(now, clock.instant()).compareTo(beat) > 0) {
      heartbeat();
    }
    backlog = mayBeMore;
    return claimed;
  }

  private record Candidate(DueWorkHandler handler, StoredRecord record) {}

  private void start(DueWorkHandler handler, Lease lease) {
    RecordKey key = lease.record().key();
    // Registered before it can finish, so the worker's own removal never precedes the put.
    synchronized (running) {
      Future<?> future = workers.submit(() -> runHandler(handler, lease));
      running.put(key, new Running(handler.kind(), lease, future));
    }
  }

  private void runHandler(DueWorkHandler handler, Lease lease) {
    RecordKey key = lease.record().key();
    String outcome = "error";
    try {
      handler.run(lease);
      outcome = lease.isLost() ? "lost" : "done";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = "cancelled";
      LOG.infof("%s was cancelled", key);
    } catch (Exception e) {
      LOG.errorf(e, "%s failed; it runs again when its lease expires", key);
    } finally {
      // The worker is free before the record leaves the running set: whoever sees the set empty
      // (awaitIdle) and dispatches next finds every worker free.
      freeWorkers.release();
      synchronized (running) {
        running.remove(key);
      }
      observer.attemptFinished(handler.kind(), outcome);
      if (backlog) {
        // More was due than the last cycle could start: a free worker takes the next at once
        // rather than at the next poll.
        wakeUp();
      }
    }
  }

  private void heartbeat() {
    for (Running r : running.values()) {
      RecordKey key = r.lease().record().key();
      if (extending.add(key)) {
        leaseExtenders.execute(
            () -> {
              try {
                r.lease().heartbeat();
              } catch (RuntimeException e) {
                LOG.warnf(e, "could not extend the lease of %s", key);
              } finally {
                extending.remove(key);
              }
            });
      }
    }
  }

  /** Interrupts the work on a record if it runs in this process. */
  public boolean cancel(RecordKey key) {
    Running r = running.get(key);
    return r != null && r.future().cancel(true);
  }

  /** Waits until no claimed record is running here, or the time is up. */
  public boolean awaitIdle(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      List<Running> now;
      synchronized (running) {
        now = List.copyOf(running.values());
      }
      if (now.isEmpty()) {
        return true;
      }
      for (Running r : now) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          r.future().get(left, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException
            | java.util.concurrent.CancellationException e) {
          // the worker logged it; only completion matters here
        } catch (java.util.concurrent.TimeoutException e) {
          return false;
        }
      }
    }
  }

  /**
   * Runs due work until none is due or the budget is spent: what a scheduled Lambda invocation of
   * the dispatcher does, and what tests call to run work deterministically.
   *
   * @return how many records were claimed in all
   */
  public int runUntilIdle(Duration budget) throws InterruptedException {
    long deadline = System.nanoTime() + budget.toNanos();
    int total = 0;
    while (System.nanoTime() < deadline) {
      int claimed = dispatchOnce();
      total += claimed;
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      // A cycle that claimed nothing because another dispatcher won the same rows left a
      // backlog: look again, rather than leave the rest to the one that won.
      if (!awaitIdle(left) || (claimed == 0 && !backlog)) {
        break;
      }
    }
    return total;
  }

  @PreDestroy
  void stop() {
    ticker.shutdownNow();
    heartbeats.shutdownNow();
    leaseExtenders.shutdownNow();
    workers.shutdownNow();
  }
}
