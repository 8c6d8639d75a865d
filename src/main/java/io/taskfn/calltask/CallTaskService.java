package io.taskfn.calltask;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskfn.api.ApiException;
import io.taskfn.api.Params;
import io.taskfn.api.PlainJson;
import io.taskfn.api.RequestIds;
import io.taskfn.calltask.CallTaskRequests.BatchAppend;
import io.taskfn.calltask.CallTaskRequests.CreateTask;
import io.taskfn.calltask.CallTaskRequests.DoNotCallNumbers;
import io.taskfn.calltask.CallTaskRequests.ListDoNotCallNumbers;
import io.taskfn.calltask.CallTaskRequests.PhoneItem;
import io.taskfn.calltask.CallTaskRequests.QueryCallRecordMsg;
import io.taskfn.calltask.CallTaskRequests.TaskAction;
import io.taskfn.calltask.CallTaskRequests.TaskQuery;
import io.taskfn.calltask.CallTaskRequests.UpdateTask;
import io.taskfn.calltask.CallTaskResponses.CallRecords;
import io.taskfn.calltask.CallTaskResponses.DoNotCallChange;
import io.taskfn.calltask.CallTaskResponses.DoNotCallEntry;
import io.taskfn.calltask.CallTaskResponses.DoNotCallList;
import io.taskfn.calltask.CallTaskResponses.FailItem;
import io.taskfn.calltask.CallTaskResponses.Progress;
import io.taskfn.calltask.CallTaskResponses.TaskInfo;
import io.taskfn.calltask.CallTaskResponses.TaskNumbers;
import io.taskfn.calltask.VmsMetadata.Answer;
import io.taskfn.http.OutboundRequest;
import io.taskfn.http.OutboundRequestException;
import io.taskfn.store.Scan;
import io.taskfn.store.Versioned;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The vms actions. Each checks all of its parameters first (so {@code DryRun} answers after the
 * same checks a real request meets, the task's state included), then does its work once per {@code
 * ClientToken}.
 */
@ApplicationScoped
public class CallTaskService {

  static final int MAX_PHONES = 10_000;
  static final int MAX_DO_NOT_CALL = 1_000;
  static final int MAX_PHONE_PARAM_CHARS = 2_048;
  static final int MAX_EXT_CHARS = 250;
  static final Set<Integer> TYPES = Set.of(0, 1, 3);

  private static final ObjectMapper JSON = PlainJson.MAPPER;

  private final CallTaskStore store;
  private final Clock clock;
  private final CallTaskConfig config;
  private final VmsMetadata metadata;
  private final ClientTokens tokens;
  private final PhoneNumbers phones;
  private final TaskTimes times;
  private final CallsInFlight inFlight;

  @Inject
  public CallTaskService(
      CallTaskStore store,
      Clock clock,
      CallTaskConfig config,
      VmsMetadata metadata,
      CallsInFlight inFlight) {
    this.store = store;
    this.inFlight = inFlight;
    this.clock = clock;
    this.config = config;
    this.metadata = metadata;
    this.tokens = new ClientTokens(store.backend(), clock);
    this.phones = new PhoneNumbers(config.phoneRegion());
    this.times = new TaskTimes(config.zone());
  }

  private <R> Answer<R> answer(String action, R result) {
    return new Answer<>(metadata.of(action, RequestIds.next()), result);
  }

  // CreateTask and BatchAppend

  public Answer<TaskNumbers> createTask(CreateTask r) {
    String name = required("Name", r.name());
    Params.noControlCharacters("Name", name);
    if (name.length() > 64) {
      throw VmsErrors.invalid("Name", "a name is at most 64 characters long");
    }
    required("Resource", r.resource());
    int type = r.type() == null ? 0 : r.type();
    if (!TYPES.contains(type)) {
      throw VmsErrors.invalid("Type", "Type is 0 (audio file), 1 (TTS template) or 3 (TTS)");
    }
    required("NumberPoolNo", r.numberPoolNo());
    int selectNumberType = r.selectNumberType() == null ? 0 : r.selectNumberType();
    if (selectNumberType != 0 && selectNumberType != 1) {
      throw VmsErrors.invalid(
          "SelectNumberType", "0 picks callers from the number pool, 1 from NumberList");
    }
    List<String> callers = callers(r.numberList());
    if (selectNumberType == 1 && callers.isEmpty()) {
      throw VmsErrors.missing("NumberList");
    }
    Instant start = times.parse("StartTime", r.startTime());
    Instant end = endAfterStart(start, r.endTime());
    int maxRing = between("MaxRingDuration", r.maxRingDuration(), 1, 120, 20);
    int ringTimes = ringAgainTimes(r.ringAgainTimes());
    int ringInterval = ringAgainInterval(r.ringAgainInterval());
    int concurrency = concurrency(r.concurrency());
    ForbidTimes.parse(r.forbidTimeList());
    String postUrl = postUrl(r.callRecordPostUrl());
    phoneList(r.phoneList());
    boolean startNow = r.start() == null || r.start();
    dryRun(
        r.dryRun(),
        () -> {
          if (startNow && !store.hasRunningSlot("", config.maxRunningTasks())) {
            throw runningQuota();
          }
        });
    return tokens.once(
        "CreateTask",
        r.clientToken(),
        r,
        TaskNumbers.class,
        () -> {
          String id = Long.toString(store.nextId("calltask"));
          if (startNow && !store.takeRunningSlot(id, config.maxRunningTasks())) {
            throw runningQuota();
          }
          boolean unique = Boolean.TRUE.equals(r.unique());
          List<FailItem> fails = addNumbers(id, r.phoneList(), unique);
          Instant now = clock.instant();
          CallTask task =
              new CallTask(
                  id,
                  name,
                  r.resource(),
                  type,
                  r.numberPoolNo(),
                  callers,
                  selectNumberType,
                  start,
                  end,
                  maxRing,
                  ringTimes,
                  ringInterval,
                  concurrency,
                  r.forbidTimeList() == null ? List.of() : r.forbidTimeList(),
                  unique,
                  r.finishWhenListEnd() == null || r.finishWhenListEnd(),
                  postUrl,
                  startNow ? TaskState.RUNNING : TaskState.NOT_STARTED,
                  now,
                  now,
                  null);
          store.insertTask(task, startNow ? now : null);
          return answer("CreateTask", new TaskNumbers(id, fails));
        });
  }

  public Answer<TaskNumbers> batchAppend(BatchAppend r) {
    CallTask task = task(r.taskOpenId());
    phoneList(r.phoneList());
    if (r.phoneList() == null) {
      throw VmsErrors.missing("PhoneList");
    }
    dryRun(r.dryRun(), () -> acceptsChanges(task));
    return tokens.once(
        "BatchAppend",
        r.clientToken(),
        r,
        TaskNumbers.class,
        () -> {
          // Read again: the token's first request may come after the task changed.
          acceptsChanges(task(task.taskOpenId()));
          List<FailItem> fails = addNumbers(task.taskOpenId(), r.phoneList(), task.unique());
          // The state is checked again as the numbers become callable: a task stopped meanwhile
          // refuses them.
          store.changeTask(
              task.taskOpenId(),
              t -> {
                acceptsChanges(t);
                return t;
              },
              clock.instant());
          return answer("BatchAppend", new TaskNumbers(task.taskOpenId(), fails));
        });
  }

  private void phoneList(List<PhoneItem> items) {
    if (items != null && items.size() > MAX_PHONES) {
      throw VmsErrors.invalid(
          "PhoneList", "at most " + MAX_PHONES + " numbers a call, not " + items.size());
    }
  }

  /**
   * Adds the numbers; those that are not valid, or already in a task that wants each once, fail.
   */
  private List<FailItem> addNumbers(String taskOpenId, List<PhoneItem> items, boolean unique) {
    List<FailItem> fails = new ArrayList<>();
    if (items == null) {
      return fails;
    }
    for (int i = 0; i < items.size(); i++) {
      PhoneItem item = items.get(i);
      String given = item == null ? null : item.phone();
      String why = numberProblem(item);
      if (why == null) {
        String phone = phones.normalise(given).orElseThrow();
        CallNumber number =
            new CallNumber(
                taskOpenId,
                store.nextId("callnumber"),
                phone,
                item.phoneParam(),
                item.ext(),
                CallNumber.State.WAITING,
                0,
                null,
                null);
        if (!store.insertNumber(number, unique)) {
          why = "the task already has this number (Unique)";
        }
      }
      if (why != null) {
        fails.add(new FailItem(i, given, why));
      }
    }
    return fails;
  }

  private String numberProblem(PhoneItem item) {
    if (item == null || item.phone() == null || item.phone().isBlank()) {
      return "Phone is missing";
    }
    if (phones.normalise(item.phone()).isEmpty()) {
      return "not a valid phone number";
    }
    if (item.ext() != null && item.ext().length() > MAX_EXT_CHARS) {
      return "Ext is longer than " + MAX_EXT_CHARS + " characters";
    }
    if (item.phoneParam() != null && json(item.phoneParam()).length() > MAX_PHONE_PARAM_CHARS) {
      return "PhoneParam is longer than " + MAX_PHONE_PARAM_CHARS + " characters";
    }
    return null;
  }

  private static String json(Map<String, Object> value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed PhoneParam could not be written", e);
    }
  }

  private List<String> callers(List<String> numberList) {
    List<String> callers = new ArrayList<>();
    if (numberList == null) {
      return callers;
    }
    if (numberList.size() > 100) {
      throw VmsErrors.invalid("NumberList", "at most 100 caller numbers");
    }
    for (int i = 0; i < numberList.size(); i++) {
      callers.add(phones.require("NumberList[" + i + "]", numberList.get(i)));
    }
    return callers;
  }

  private static String postUrl(String url) {
    if (url == null) {
      return null;
    }
    try {
      OutboundRequest.to(new URI(url), "POST");
      return url;
    } catch (URISyntaxException | OutboundRequestException e) {
      throw VmsErrors.invalid("CallRecordPostUrl", "an absolute http or https URL is needed");
    }
  }

  // UpdateTask

  public Answer<Void> updateTask(UpdateTask r) {
    String id = required("TaskOpenId", r.taskOpenId());
    Instant start = times.parse("StartTime", r.startTime());
    Instant end = endAfterStart(start, r.endTime());
    int concurrency = concurrency(r.concurrency());
    boolean recall = r.recall() == null || r.recall();
    Integer ringTimes = recall ? ringAgainTimes(r.ringAgainTimes()) : null;
    Integer ringInterval = recall ? ringAgainInterval(r.ringAgainInterval()) : null;
    ForbidTimes.parse(r.forbidTimeList());
    CallTask task = task(id);
    dryRun(r.dryRun(), () -> acceptsChanges(task));
    return tokens.once(
        "UpdateTask",
        r.clientToken(),
        r,
        Void.class,
        () -> {
          Instant now = clock.instant();
          store.changeTask(
              id,
              t -> {
                acceptsChanges(t);
                return t.withRules(
                    start,
                    end,
                    recall ? ringTimes : t.ringAgainTimes(),
                    recall ? ringInterval : t.ringAgainInterval(),
                    concurrency,
                    r.forbidTimeList() == null ? List.of() : r.forbidTimeList(),
                    now);
              },
              now);
          return answer("UpdateTask", null);
        });
  }

  // PauseTask, ResumeTask, StopTask

  public Answer<Void> pauseTask(TaskAction r) {
    return move("PauseTask", r, TaskState.PAUSED);
  }

  public Answer<Void> resumeTask(TaskAction r) {
    return move("ResumeTask", r, TaskState.RUNNING);
  }

  public Answer<Void> stopTask(TaskAction r) {
    return move("StopTask", r, TaskState.STOPPED);
  }

  private Answer<Void> move(String action, TaskAction r, TaskState to) {
    CallTask task = task(r.taskOpenId());
    String id = task.taskOpenId();
    dryRun(
        r.dryRun(),
        () -> {
          checkMove(task, to);
          if (to == TaskState.RUNNING && !store.hasRunningSlot(id, config.maxRunningTasks())) {
            throw runningQuota();
          }
        });
    return tokens.once(
        action,
        r.clientToken(),
        r,
        Void.class,
        () -> {
          if (to == TaskState.RUNNING && !store.takeRunningSlot(id, config.maxRunningTasks())) {
            throw runningQuota();
          }
          try {
            Instant now = clock.instant();
            store.changeTask(
                id,
                t -> {
                  checkMove(t, to);
                  return t.withState(to, now, null);
                },
                now);
          } catch (RuntimeException refused) {
            if (to == TaskState.RUNNING) {
              store.releaseRunningSlot(id);
            }
            throw refused;
          }
          if (to != TaskState.RUNNING) {
            store.releaseRunningSlot(id);
          }
          if (to == TaskState.STOPPED) {
            // A paused task's calls in progress end as they were placed; a stopped task's end now.
            inFlight.hangUpAll(id);
          }
          return answer(action, null);
        });
  }

  /**
   * A dry run makes the checks of the task's state that the request would meet, and then answers
   * DryRunOperation. A real request makes them as it changes the task, after its ClientToken was
   * looked at: a request sent again gets its first answer even though the task has moved on.
   */
  private static void dryRun(Boolean dryRun, Runnable stateChecks) {
    if (Boolean.TRUE.equals(dryRun)) {
      stateChecks.run();
      throw VmsErrors.dryRun();
    }
  }

  /** Stopped and finished tasks take no changes: the table lets no other state become itself. */
  private static void acceptsChanges(CallTask task) {
    TaskState.TRANSITIONS.check(task.taskOpenId(), task.state(), task.state());
  }

  /** A pause, resume or stop must change the state, and the table must allow the change. */
  private static void checkMove(CallTask task, TaskState to) {
    if (task.state() == to) {
      throw VmsErrors.denied(
          "task "
              + task.taskOpenId()
              + " is already "
              + to.name().toLowerCase(java.util.Locale.ROOT));
    }
    TaskState.TRANSITIONS.check(task.taskOpenId(), task.state(), to);
  }

  private ApiException runningQuota() {
    return VmsErrors.quotaExceeded(
        "RunningTasks",
        "an account runs at most "
            + config.maxRunningTasks()
            + " tasks at once; pause or stop one first");
  }

  // Queries

  public Answer<TaskInfo> queryTaskInfo(TaskQuery r) {
    CallTask t = task(r.taskOpenId());
    String id = t.taskOpenId();
    long waiting = store.countNumbers(id, CallNumber.State.WAITING);
    long calling = store.countNumbers(id, CallNumber.State.QUEUED);
    long answered = store.countNumbers(id, CallNumber.State.ANSWERED);
    long unanswered = store.countNumbers(id, CallNumber.State.UNANSWERED);
    long skipped = store.countNumbers(id, CallNumber.State.SKIPPED);
    Progress progress =
        new Progress(
            waiting + calling + answered + unanswered + skipped,
            waiting,
            calling,
            answered,
            unanswered,
            skipped,
            store.countRecords(id));
    return answer(
        "QueryTaskInfo",
        new TaskInfo(
            id,
            t.name(),
            t.state().code(),
            t.resource(),
            t.type(),
            t.numberPoolNo(),
            t.numberList(),
            times.format(t.startTime()),
            times.format(t.endTime()),
            t.maxRingDuration(),
            t.ringAgainTimes(),
            t.ringAgainInterval(),
            t.concurrency(),
            t.forbidTimeList(),
            t.unique(),
            t.finishWhenListEnd(),
            t.callRecordPostUrl(),
            times.format(t.createTime()),
            times.format(t.updateTime()),
            t.finishReason(),
            progress));
  }

  public Answer<CallRecords> queryCallRecordMsg(QueryCallRecordMsg r) {
    CallTask t = task(r.taskOpenId());
    int limit = between("Limit", r.limit(), 1, 100, 20);
    Scan.Position after = position("NextToken", r.nextToken());
    List<Versioned<CallRecord>> page = store.recordsNewestFirst(t.taskOpenId(), after, limit);
    String next =
        page.size() < limit
            ? null
            : new Scan.Position(t.taskOpenId(), page.get(page.size() - 1).record().id()).token();
    return answer(
        "QueryCallRecordMsg",
        new CallRecords(
            store.countRecords(t.taskOpenId()),
            page.stream().map(Versioned::value).toList(),
            next));
  }

  // The do-not-call list

  public Answer<DoNotCallChange> addDoNotCallNumbers(DoNotCallNumbers r) {
    List<String> numbers = doNotCallNumbers(r);
    return tokens.once(
        "AddDoNotCallNumbers",
        r.clientToken(),
        r,
        DoNotCallChange.class,
        () -> {
          Instant now = clock.instant();
          int added = 0;
          for (String phone : numbers) {
            added += store.addDoNotCall(phone, now) ? 1 : 0;
          }
          return answer("AddDoNotCallNumbers", new DoNotCallChange(added));
        });
  }

  public Answer<DoNotCallChange> removeDoNotCallNumbers(DoNotCallNumbers r) {
    List<String> numbers = doNotCallNumbers(r);
    return tokens.once(
        "RemoveDoNotCallNumbers",
        r.clientToken(),
        r,
        DoNotCallChange.class,
        () -> {
          int removed = 0;
          for (String phone : numbers) {
            removed += store.removeDoNotCall(phone) ? 1 : 0;
          }
          return answer("RemoveDoNotCallNumbers", new DoNotCallChange(removed));
        });
  }

  private List<String> doNotCallNumbers(DoNotCallNumbers r) {
    if (r.numbers() == null || r.numbers().isEmpty()) {
      throw VmsErrors.missing("Numbers");
    }
    if (r.numbers().size() > MAX_DO_NOT_CALL) {
      throw VmsErrors.invalid("Numbers", "at most " + MAX_DO_NOT_CALL + " numbers a call");
    }
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < r.numbers().size(); i++) {
      numbers.add(phones.require("Numbers[" + i + "]", r.numbers().get(i)));
    }
    if (Boolean.TRUE.equals(r.dryRun())) {
      throw VmsErrors.dryRun();
    }
    return numbers;
  }

  public Answer<DoNotCallList> listDoNotCallNumbers(ListDoNotCallNumbers r) {
    int limit = between("Limit", r.limit(), 1, 1_000, 100);
    Scan.Position after = position("NextToken", r.nextToken());
    var page = store.doNotCallPage(after == null ? null : after.id(), limit);
    String next =
        page.size() < limit
            ? null
            : new Scan.Position("", page.get(page.size() - 1).record().id()).token();
    return answer(
        "ListDoNotCallNumbers",
        new DoNotCallList(
            page.stream()
                .map(
                    v ->
                        new DoNotCallEntry(v.value().phone(), times.format(v.value().createTime())))
                .toList(),
            next));
  }

  // Checks shared by the actions

  private CallTask task(String taskOpenId) {
    String id = required("TaskOpenId", taskOpenId);
    return store
        .task(id)
        .orElseThrow(() -> VmsErrors.invalid("TaskOpenId", "there is no task " + id));
  }

  private static String required(String name, String value) {
    if (value == null || value.isBlank()) {
      throw VmsErrors.missing(name);
    }
    return value;
  }

  private static int between(String name, Integer value, int min, int max, int whenAbsent) {
    int v = value == null ? whenAbsent : value;
    if (v < min || v > max) {
      throw VmsErrors.invalid(name, name + " is from " + min + " to " + max + ", not " + v);
    }
    return v;
  }

  private Instant endAfterStart(Instant start, String endTime) {
    Instant end = times.parse("EndTime", endTime);
    if (!end.isAfter(start)) {
      throw VmsErrors.invalid("EndTime", "EndTime must be after StartTime");
    }
    return end;
  }

  private int ringAgainTimes(Integer value) {
    return between("RingAgainTimes", value, 0, config.maxRingAgainTimes(), 0);
  }

  private static int ringAgainInterval(Integer value) {
    int minutes = value == null ? 5 : value;
    if (minutes < 5) {
      throw VmsErrors.invalid(
          "RingAgainInterval", "re-rings are at least 5 minutes apart, not " + minutes);
    }
    return between("RingAgainInterval", minutes, 5, 1_440, 5);
  }

  private int concurrency(Integer value) {
    if (value == null) {
      throw VmsErrors.missing("Concurrency");
    }
    if (value < 1) {
      throw VmsErrors.invalid("Concurrency", "Concurrency is at least 1, not " + value);
    }
    if (value > config.concurrencyQuota()) {
      throw VmsErrors.quotaExceeded(
          "Concurrency",
          value + " calls at once is more than the account's " + config.concurrencyQuota());
    }
    return value;
  }

  private static Scan.Position position(String name, String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    try {
      return Scan.Position.fromToken(token);
    } catch (IllegalArgumentException e) {
      throw VmsErrors.invalid(name, "it is not a token a previous page gave");
    }
  }
}
