package io.taskfn.calltask;

import io.taskfn.calltask.CallTaskRequests.CreateTask;
import io.taskfn.calltask.CallTaskRequests.PhoneItem;
import io.taskfn.calltask.CallTaskRequests.TaskQuery;
import io.taskfn.calltask.CallTaskResponses.Progress;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.http.OutboundHttp;
import io.taskfn.store.StoreBackend;
import io.taskfn.support.MutableClock;
import io.taskfn.support.TestDispatchConfig;
import io.taskfn.support.TestRetention;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The call task family wired by hand over a store, a test clock and a dialer, without Quarkus. */
final class CallTasksRig implements AutoCloseable {

  static final OutboundHttp HTTP = new OutboundHttp(Duration.ofSeconds(5), 1 << 20);

  final StoreBackend store;
  final MutableClock clock;
  final TestCallTaskConfig config;
  final CallTaskStore tasks;
  final CallTaskService service;
  final Dispatcher dispatcher;
  final CallsInFlight inFlight;
  private final Dialer dialer;

  CallTasksRig(StoreBackend store, MutableClock clock, TestCallTaskConfig config, Dialer dialer) {
    this.store = store;
    this.clock = clock;
    this.config = config;
    this.dialer = dialer;
    this.tasks = new CallTaskStore(store, TestRetention.DEFAULT, () -> {});
    this.inFlight = new CallsInFlight(tasks, config.dialer().stopCheck());
    this.service = newService(inFlight);
    this.dispatcher = newDispatcher(8);
  }

  /** The actions as a server answers them whose calls in flight are {@code calls}. */
  CallTaskService newService(CallsInFlight calls) {
    return new CallTaskService(tasks, clock, config, new VmsMetadata("cn-north-1"), calls);
  }

  /** The rig with the simulated dialer (every call answered at once), on an in-memory store. */
  static CallTasksRig simulated(MutableClock clock) {
    return new CallTasksRig(
        new io.taskfn.store.InMemoryStoreBackend(),
        clock,
        TestCallTaskConfig.defaults(),
        new SimulatedDialer(clock));
  }

  /**
   * A valid CreateTask (one number, Concurrency 1, 2 June 2026 08:00-20:00) with the parameters
   * named and valued in {@code changes} set or replaced.
   */
  static CreateTask createRequest(Object... changes) {
    Object[] valid = {
      "Name", "n",
      "PhoneList", phones("13800138000"),
      "Resource", "r",
      "NumberPoolNo", "NP1",
      "StartTime", "2026-06-02 08:00:00",
      "EndTime", "2026-06-02 20:00:00",
      "Concurrency", 1
    };
    Object[] all = java.util.Arrays.copyOf(valid, valid.length + changes.length);
    System.arraycopy(changes, 0, all, valid.length, changes.length);
    return io.taskfn.support.RequestOf.of(CreateTask.class, all);
  }

  /** An UpdateTask of the 2 June 2026 08:00-20:00 window with the vendor's defaults. */
  static CallTaskRequests.UpdateTask update(
      String taskOpenId,
      int concurrency,
      List<ForbidTimes.Item> forbid,
      String token,
      Boolean dry) {
    return new CallTaskRequests.UpdateTask(
        taskOpenId,
        "2026-06-02 08:00:00",
        "2026-06-02 20:00:00",
        null,
        null,
        concurrency,
        forbid,
        null,
        token,
        dry);
  }

  /** The rig with the webhook dialer calling {@code telephone}. */
  static CallTasksRig webhook(
      StoreBackend store, MutableClock clock, TestCallTaskConfig config, FakeTelephone telephone) {
    return new CallTasksRig(
        store,
        clock,
        config,
        new WebhookDialer(HTTP, URI.create(telephone.dialUrl()), Duration.ofSeconds(30), clock));
  }

  /** Another dispatcher over the same store, as a second server would run. */
  Dispatcher newDispatcher(int workers) {
    return new Dispatcher(
        store,
        clock,
        new TestDispatchConfig(Duration.ofSeconds(30), workers),
        List.of(
            new TaskPacer(tasks, clock, config.zone()),
            new CallRunner(
                tasks, dialer, clock, config.zone(), config.dialer().playDuration(), inFlight),
            new CallRecordPoster(tasks, HTTP, clock)));
  }

  static List<PhoneItem> phones(String... numbers) {
    return java.util.Arrays.stream(numbers).map(n -> new PhoneItem(n, null, null)).toList();
  }

  /** A CreateTask request with the given window and the rest as the vendor defaults them. */
  static CreateTask create(
      List<PhoneItem> phones,
      String start,
      String end,
      int concurrency,
      Integer ringAgainTimes,
      Integer ringAgainInterval,
      List<ForbidTimes.Item> forbid) {
    return new CreateTask(
        "campaign",
        phones,
        "res-1",
        0,
        "NP1",
        null,
        null,
        start,
        end,
        null,
        20,
        ringAgainTimes,
        ringAgainInterval,
        concurrency,
        forbid,
        null,
        null,
        null,
        null,
        null);
  }

  String createTask(CreateTask request) {
    return service.createTask(request).result().taskOpenId();
  }

  Progress progress(String taskOpenId) {
    return service.queryTaskInfo(new TaskQuery(taskOpenId)).result().progress();
  }

  int state(String taskOpenId) {
    return service.queryTaskInfo(new TaskQuery(taskOpenId)).result().state();
  }

  void runDueWork() throws InterruptedException {
    dispatcher.runUntilIdle(Duration.ofSeconds(60));
  }

  /** Moves the clock in steps, running due work at each, up to {@code until}. */
  void runUntil(Instant until, Duration step) throws InterruptedException {
    runDueWork();
    while (clock.instant().isBefore(until)) {
      clock.advance(step);
      runDueWork();
    }
  }

  @Override
  public void close() {
    inFlight.close();
    store.close();
  }
}
