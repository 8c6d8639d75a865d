package io.taskfn.mail;

import io.taskfn.api.Echo;
import io.taskfn.api.RequestIds;
import io.taskfn.http.OutboundRequest;
import io.taskfn.http.OutboundRequestException;
import io.taskfn.mail.MailRequests.FromCaller;
import io.taskfn.mail.MailRequests.GetMailTaskList;
import io.taskfn.mail.MailRequests.MailTaskSpec;
import io.taskfn.mail.MailResponses.Answer;
import io.taskfn.mail.MailResponses.DeliveryItem;
import io.taskfn.mail.MailResponses.MailTaskCreated;
import io.taskfn.mail.MailResponses.MailTaskDetail;
import io.taskfn.mail.MailResponses.MailTaskItem;
import io.taskfn.mail.MailResponses.MailTaskPage;
import io.taskfn.mail.MailResponses.RunDeliveries;
import io.taskfn.mail.MailResponses.RunStatusItem;
import io.taskfn.store.IndexSlot;
import io.taskfn.store.Scan;
import io.taskfn.store.StoreException;
import io.taskfn.store.Versioned;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The mail subscription actions: who calls, the tasks they may touch, runs and listings. */
@ApplicationScoped
public class MailService {

  /** Rewrites of a task's fire while calls beside it keep changing the task. */
  private static final int MAX_RESCHEDULES = 5;

  /** Times in answers: {@code yyyy-MM-dd HH:mm:ss}, UTC. */
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  static final int MAX_NAME_LENGTH = 128;
  static final int MAX_RECIPIENTS = 100;
  static final int MAX_PAGE_SIZE = 1000;
  static final int MAX_MIN_INTERVAL_MINUTES = 31 * 24 * 60;
  private static final int SCAN_PAGE = 500;

  private final MailRepository mails;
  private final Directory directory;
  private final RunStarter starter;
  private final MailConfig config;
  private final ReportTemplates templates;
  private final Clock clock;

  @Inject
  public MailService(
      MailRepository mails,
      Directory directory,
      RunStarter starter,
      MailConfig config,
      ReportTemplates templates,
      Clock clock) {
    this.mails = mails;
    this.directory = directory;
    this.starter = starter;
    this.config = config;
    this.templates = templates;
    this.clock = clock;
  }

  private static <T> Answer<T> answer(T result) {
    return new Answer<>(RequestIds.next(), true, result);
  }

  // Callers

  /** Who calls, checked in the order the vendor's errors imply: organization, instance, user. */
  record Caller(Organization organization, OrgUser user) {
    String org() {
      return organization.organizationId();
    }

    boolean mayActOn(MailTask task) {
      return user.admin() || user.userId().equals(task.ownerUserId());
    }
  }

  Caller caller(FromCaller request) {
    boolean named = request.callerOrganizationId() != null || request.callerUserId() != null;
    MailConfig.Caller settings = config.caller();
    if (named && !settings.fromRequest()) {
      throw QuickBiErrors.invalid(
          request.callerOrganizationId() != null
              ? MailRequests.CALLER_ORGANIZATION
              : MailRequests.CALLER_USER,
          "may not be given: this deployment does not take the caller from the request");
    }
    String orgId = named ? request.callerOrganizationId() : settings.organizationId().orElse(null);
    String userId = named ? request.callerUserId() : settings.userId().orElse(null);
    if (isBlank(orgId)) {
      throw QuickBiErrors.missing(MailRequests.CALLER_ORGANIZATION);
    }
    if (isBlank(userId)) {
      throw QuickBiErrors.missing(MailRequests.CALLER_USER);
    }
    Organization org =
        directory.organization(orgId).orElseThrow(QuickBiErrors::invalidOrganization);
    if (org.edition() == null) {
      throw QuickBiErrors.instanceNotExist();
    }
    if (!clock.instant().isBefore(org.expireTime())) {
      throw QuickBiErrors.instanceExpired();
    }
    if (!org.edition().allowsApiCalls()) {
      throw QuickBiErrors.accessForbidden();
    }
    OrgUser user = member(org, MailRequests.CALLER_USER, userId);
    if (!user.mayCallApi()) {
      throw QuickBiErrors.notApiCallAuthUser();
    }
    return new Caller(org, user);
  }

  /** A user of the organization, named by {@code parameter}. */
  private OrgUser member(Organization org, String parameter, String userId) {
    OrgUser user =
        directory.user(userId).orElseThrow(() -> QuickBiErrors.apiUserNotExists(parameter));
    if (!user.organizationId().equals(org.organizationId())) {
      throw QuickBiErrors.userNotInOrganization(parameter);
    }
    return user;
  }

  /** The task the caller names, if the caller owns it or is an admin. */
  private MailTask task(Caller caller, String mailId) {
    if (isBlank(mailId)) {
      throw QuickBiErrors.mailIdNull();
    }
    MailTask task = mails.task(caller.org(), mailId).orElseThrow(QuickBiErrors::mailNotFound);
    if (!caller.mayActOn(task)) {
      throw QuickBiErrors.forbidden();
    }
    return task;
  }

  // The vendor's actions

  public Answer<Boolean> manualRun(MailRequests.ManualRunMailTask request) {
    Caller caller = caller(request);
    starter.manual(task(caller, request.mailId()));
    return answer(true);
  }

  public Answer<List<RunStatusItem>> status(MailRequests.GetMailTaskStatus request) {
    Caller caller = caller(request);
    MailTask task = task(caller, request.mailId());
    return answer(
        run(task, request.taskId())
            .map(
                r ->
                    List.of(
                        new RunStatusItem(
                            r.mailId(),
                            r.taskId(),
                            r.status().name(),
                            TIME.format(r.execTime()),
                            r.reason())))
            .orElse(List.of()));
  }

  /** The run {@code taskId} names, or the task's latest when it is not given. */
  private Optional<MailRun> run(MailTask task, String taskId) {
    if (taskId == null) {
      return mails.latestRun(task.organizationId(), task.mailId());
    }
    MailRun run =
        mails
            .run(task.organizationId(), taskId)
            .filter(r -> r.mailId().equals(task.mailId()))
            .orElseThrow(() -> QuickBiErrors.objectNotExist("TaskId"));
    return Optional.of(run);
  }

  public Answer<MailTaskPage> list(GetMailTaskList request) {
    Caller caller = caller(request);
    int pageNum = atLeastOne("PageNum", request.pageNum(), 1);
    int pageSize = atLeastOne("PageSize", request.pageSize(), 10);
    if (pageSize > MAX_PAGE_SIZE) {
      throw QuickBiErrors.invalid("PageSize", "must be at most " + MAX_PAGE_SIZE);
    }
    List<Segment> segments = segments(caller.org(), request.paused(), request.userNick());
    long total = segments.stream().mapToLong(Segment::count).sum();
    long skip = (long) (pageNum - 1) * pageSize;
    List<MailTask> page = new ArrayList<>();
    for (Segment segment : segments) {
      if (page.size() >= pageSize) {
        break;
      }
      if (skip >= segment.count()) {
        skip -= segment.count();
        continue;
      }
      page.addAll(read(segment.scan(), skip, pageSize - page.size()));
      skip = 0;
    }
    Map<String, String> nicks = new HashMap<>();
    List<MailTaskItem> items =
        page.stream()
            .map(
                t ->
                    new MailTaskItem(
                        t.mailId(),
                        t.subscribeName(),
                        t.paused(),
                        nicks.computeIfAbsent(
                            t.ownerUserId(),
                            id -> directory.user(id).map(OrgUser::nickName).orElse(null)),
                        t.ownerUserId()))
            .toList();
    long totalPages = (total + pageSize - 1) / pageSize;
    return answer(
        new MailTaskPage(
            items, pageNum, pageSize, total, totalPages, pageNum > 1, pageNum < totalPages));
  }

  /** A stretch of the listing read through one index, with its exact size. */
  private record Segment(Scan scan, long count) {}

  private List<Segment> segments(String org, Boolean paused, String userNick) {
    String kind = MailRepository.TASK_KIND;
    if (userNick == null) {
      if (paused != null) {
        String key = MailRepository.pausedKey(paused);
        return List.of(
            new Segment(
                Scan.exact(kind, org, IndexSlot.INDEX1, key, SCAN_PAGE),
                mails.countTasks(org, IndexSlot.INDEX1, key)));
      }
      return List.of(
          new Segment(
              Scan.all(kind, org, SCAN_PAGE),
              mails.countTasks(org, IndexSlot.INDEX1, MailRepository.pausedKey(false))
                  + mails.countTasks(org, IndexSlot.INDEX1, MailRepository.pausedKey(true))));
    }
    List<Segment> segments = new ArrayList<>();
    List<OrgUser> owners = new ArrayList<>(directory.usersNamed(org, userNick));
    owners.sort(Comparator.comparing(OrgUser::userId));
    for (OrgUser owner : owners) {
      String id = owner.userId();
      if (paused != null) {
        String key = MailRepository.ownerKey(id, paused);
        segments.add(
            new Segment(
                Scan.exact(kind, org, IndexSlot.INDEX2, key, SCAN_PAGE),
                mails.countTasks(org, IndexSlot.INDEX2, key)));
      } else {
        segments.add(
            new Segment(
                Scan.withPrefix(
                    kind, org, IndexSlot.INDEX2, MailRepository.ownerKey(id, null), SCAN_PAGE),
                mails.countTasks(org, IndexSlot.INDEX2, MailRepository.ownerKey(id, false))
                    + mails.countTasks(org, IndexSlot.INDEX2, MailRepository.ownerKey(id, true))));
      }
    }
    return segments;
  }

  /** Up to {@code want} records of a scan after the first {@code skip}, a store page at a time. */
  private List<MailTask> read(Scan scan, long skip, int want) {
    List<MailTask> out = new ArrayList<>();
    Scan page = scan;
    while (out.size() < want) {
      List<Versioned<MailTask>> found = mails.taskRecordsPage(page);
      for (Versioned<MailTask> v : found) {
        if (skip > 0) {
          skip--;
        } else if (out.size() < want) {
          out.add(v.value());
        }
      }
      if (found.size() < scan.limit()) {
        break;
      }
      page = scan.after(scan.positionOf(found.get(found.size() - 1).record()));
    }
    return out;
  }

  // taskfn's own actions

  public Answer<MailTaskCreated> create(MailTaskSpec request) {
    Caller caller = caller(request);
    Instant now = clock.instant();
    OrgUser owner = owner(caller, request.ownerUserId());
    Checked checked =
        checked(
            caller,
            required("SubscribeName", request.subscribeName()),
            required("Recipients", request.recipients()),
            required("Subject", request.subject()),
            required("Body", request.body()),
            required("Report", request.report()),
            request.schedule(),
            request.minIntervalMinutes(),
            now);
    MailTask task =
        new MailTask(
            UUID.randomUUID().toString().replace("-", ""),
            caller.org(),
            checked.name(),
            owner.userId(),
            checked.recipients(),
            request.subject(),
            request.body(),
            checked.report(),
            checked.schedule(),
            Boolean.TRUE.equals(request.paused()),
            Boolean.TRUE.equals(request.skipWhenEmpty()),
            request.minIntervalMinutes(),
            now,
            now,
            null,
            null,
            List.of());
    mails.insertTask(task);
    reschedule(task, now);
    return answer(new MailTaskCreated(task.mailId()));
  }

  public Answer<Boolean> update(MailTaskSpec request) {
    Caller caller = caller(request);
    MailTask current = task(caller, request.mailId());
    Instant now = clock.instant();
    String ownerId =
        request.ownerUserId() == null
            ? current.ownerUserId()
            : owner(caller, request.ownerUserId()).userId();
    MailTask.Schedule schedule =
        request.schedule() == null ? current.schedule() : request.schedule();
    Integer minInterval =
        request.minIntervalMinutes() == null
            ? current.minIntervalMinutes()
            : request.minIntervalMinutes();
    Checked checked =
        checked(
            caller,
            or(request.subscribeName(), current.subscribeName()),
            or(request.recipients(), current.recipients()),
            or(request.subject(), current.subject()),
            or(request.body(), current.body()),
            or(request.report(), current.report()),
            schedule,
            minInterval,
            now);
    MailTask updated =
        mails
            .updateTask(
                caller.org(),
                current.mailId(),
                t ->
                    new MailTask(
                        t.mailId(),
                        t.organizationId(),
                        checked.name(),
                        ownerId,
                        checked.recipients(),
                        or(request.subject(), t.subject()),
                        or(request.body(), t.body()),
                        checked.report(),
                        checked.schedule(),
                        or(request.paused(), t.paused()),
                        or(request.skipWhenEmpty(), t.skipWhenEmpty()),
                        minInterval,
                        t.createTime(),
                        now,
                        t.runningTaskId(),
                        t.runStartTime(),
                        t.manualRunTimes()))
            .orElseThrow(QuickBiErrors::mailNotFound);
    reschedule(updated, now);
    return answer(true);
  }

  public Answer<Boolean> delete(MailRequests.MailTaskRef request) {
    Caller caller = caller(request);
    MailTask task = task(caller, request.mailId());
    mails.deleteTask(caller.org(), task.mailId(), t -> {});
    return answer(true);
  }

  public Answer<Boolean> pause(MailRequests.MailTaskRef request, boolean paused) {
    Caller caller = caller(request);
    MailTask task = task(caller, request.mailId());
    Instant now = clock.instant();
    MailTask changed =
        mails
            .updateTask(caller.org(), task.mailId(), t -> t.paused(paused, now))
            .orElseThrow(QuickBiErrors::mailNotFound);
    reschedule(changed, now);
    return answer(true);
  }

  public Answer<MailTaskDetail> describe(MailRequests.MailTaskRef request) {
    Caller caller = caller(request);
    MailTask t = task(caller, request.mailId());
    return answer(
        new MailTaskDetail(
            t.mailId(),
            t.subscribeName(),
            t.ownerUserId(),
            t.recipients(),
            t.subject(),
            t.body(),
            t.report(),
            t.schedule(),
            t.schedule() == null ? null : MailSchedule.of(t.schedule()).cron(),
            t.paused(),
            t.skipWhenEmpty(),
            t.minIntervalMinutes(),
            TIME.format(t.createTime()),
            TIME.format(t.updateTime()),
            mails.nextFire(t.organizationId(), t.mailId()).map(TIME::format).orElse(null),
            mails.fire(t.organizationId(), t.mailId()).map(MailFire::lastOutcome).orElse(null)));
  }

  public Answer<RunDeliveries> deliveries(MailRequests.GetMailTaskDeliveries request) {
    Caller caller = caller(request);
    MailTask task = task(caller, request.mailId());
    MailRun r =
        run(task, request.taskId()).orElseThrow(() -> QuickBiErrors.objectNotExist("TaskId"));
    return answer(
        new RunDeliveries(
            r.mailId(),
            r.taskId(),
            r.status().name(),
            r.trigger(),
            TIME.format(r.execTime()),
            r.finishTime() == null ? null : TIME.format(r.finishTime()),
            r.reason(),
            r.rowCount(),
            r.deliveries().stream()
                .map(d -> new DeliveryItem(d.recipient(), d.messageId(), d.status(), d.reason()))
                .toList()));
  }

  // Checks of a task's definition

  private record Checked(
      String name,
      MailTask.Recipients recipients,
      MailTask.Report report,
      MailTask.Schedule schedule) {}

  private Checked checked(
      Caller caller,
      String name,
      MailTask.Recipients recipients,
      String subject,
      String body,
      MailTask.Report report,
      MailTask.Schedule schedule,
      Integer minIntervalMinutes,
      Instant now) {
    name = name.trim();
    if (name.isEmpty()) {
      throw QuickBiErrors.missing("SubscribeName");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw QuickBiErrors.invalid(
          "SubscribeName", "must be at most " + MAX_NAME_LENGTH + " characters long");
    }
    noControl("SubscribeName", name);
    templates.check("Subject", subject, false);
    templates.check("Body", body, true);
    if (minIntervalMinutes != null
        && (minIntervalMinutes < 1 || minIntervalMinutes > MAX_MIN_INTERVAL_MINUTES)) {
      throw QuickBiErrors.invalid(
          "MinIntervalMinutes", "must be from 1 to " + MAX_MIN_INTERVAL_MINUTES);
    }
    MailTask.Schedule kept = schedule(schedule, now);
    return new Checked(name, recipients(caller, recipients), report(report), kept);
  }

  /** The schedule as kept: none for {@code manual}. */
  private static MailTask.Schedule schedule(MailTask.Schedule schedule, Instant now) {
    if (schedule == null
        || (schedule.type() != null && schedule.type().trim().equalsIgnoreCase("manual"))) {
      return null;
    }
    MailSchedule.of(schedule).requireFireAfter(now);
    return schedule;
  }

  private MailTask.Recipients recipients(Caller caller, MailTask.Recipients given) {
    List<String> addresses = MailRequests.orEmpty(given.addresses());
    List<String> userIds = MailRequests.orEmpty(given.userIds());
    if (addresses.isEmpty() && userIds.isEmpty()) {
      throw QuickBiErrors.missing("Recipients");
    }
    if (addresses.size() + userIds.size() > MAX_RECIPIENTS) {
      throw QuickBiErrors.invalid(
          "Recipients", "may name at most " + MAX_RECIPIENTS + " recipients");
    }
    for (int i = 0; i < addresses.size(); i++) {
      String at = MailRequests.item("Recipients.Addresses", i);
      String address = addresses.get(i);
      if (isBlank(address)) {
        throw QuickBiErrors.missing(at);
      }
      try {
        InternetAddress parsed = new InternetAddress(address, true);
        if (parsed.getPersonal() != null || !parsed.getAddress().equals(address.trim())) {
          throw new AddressException("a plain address such as ann@example.org");
        }
      } catch (AddressException e) {
        throw QuickBiErrors.invalid(at, "is not an email address: " + Echo.of(address));
      }
    }
    for (int i = 0; i < userIds.size(); i++) {
      String at = MailRequests.item("Recipients.UserIds", i);
      if (isBlank(userIds.get(i))) {
        throw QuickBiErrors.missing(at);
      }
      OrgUser user = member(caller.organization(), at, userIds.get(i));
      if (user.email() == null) {
        throw QuickBiErrors.invalid(at, "names a user without an email address");
      }
    }
    return new MailTask.Recipients(
        addresses.stream().map(String::trim).toList(), List.copyOf(userIds));
  }

  private MailTask.Report report(MailTask.Report report) {
    boolean inline = report.dataJson() != null;
    boolean fetched = report.dataUrl() != null;
    if (inline == fetched) {
      throw inline
          ? QuickBiErrors.invalid("Report", "takes DataJson or DataUrl, not both")
          : QuickBiErrors.missing("Report.DataJson");
    }
    if (inline) {
      try {
        ReportData.parse(report.dataJson(), "the data", config.maxRows());
      } catch (ReportData.Unreadable e) {
        throw QuickBiErrors.invalid("Report.DataJson", e.getMessage());
      }
    } else {
      try {
        OutboundRequest.to(new URI(report.dataUrl().trim()), "GET");
      } catch (URISyntaxException | OutboundRequestException e) {
        throw QuickBiErrors.invalid(
            "Report.DataUrl", "is not an absolute http or https URL: " + Echo.of(report.dataUrl()));
      }
    }
    if (report.chart() != null) {
      ReportChart.check(report.chart());
    }
    return new MailTask.Report(
        report.dataJson(),
        fetched ? report.dataUrl().trim() : null,
        report.chart(),
        report.csv() == null ? Boolean.TRUE : report.csv());
  }

  /** The owner a request names (an admin may name another user), or the caller. */
  private OrgUser owner(Caller caller, String ownerUserId) {
    if (ownerUserId == null || ownerUserId.equals(caller.user().userId())) {
      return caller.user();
    }
    if (!caller.user().admin()) {
      throw QuickBiErrors.notAdmin();
    }
    return member(caller.organization(), "OwnerUserId", ownerUserId);
  }

  /**
   * Makes the task's next fire due, or none while it is paused or has no schedule. The task and its
   * fire are two records: a call that changed the task beside this one (ResumeMailTask beside
   * PauseMailTask) may have written its fire first, so the fire is written again from the task as
   * it is now while that differs from the one it was made from.
   */
  private void reschedule(MailTask task, Instant now) {
    MailTask current = task;
    for (int attempt = 0; attempt < MAX_RESCHEDULES; attempt++) {
      try {
        mails.scheduleFire(current, nextFire(current, now));
      } catch (StoreException e) {
        throw QuickBiErrors.timerScheduleTask();
      }
      Optional<MailTask> stored = mails.task(current.organizationId(), current.mailId());
      if (stored.isEmpty() || firesAlike(stored.get(), current)) {
        return;
      }
      current = stored.get();
    }
    throw QuickBiErrors.timerScheduleTask();
  }

  private static Instant nextFire(MailTask task, Instant now) {
    return task.schedule() == null || task.paused()
        ? null
        : MailSchedule.of(task.schedule()).nextFireAfter(now).orElse(null);
  }

  private static boolean firesAlike(MailTask a, MailTask b) {
    return a.paused() == b.paused() && Objects.equals(a.schedule(), b.schedule());
  }

  private static <T> T required(String parameter, T value) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      throw QuickBiErrors.missing(parameter);
    }
    return value;
  }

  private static <T> T or(T given, T current) {
    return given == null ? current : given;
  }

  private static int atLeastOne(String parameter, Integer value, int whenAbsent) {
    int v = value == null ? whenAbsent : value;
    if (v < 1) {
      throw QuickBiErrors.invalid(parameter, "must be at least 1");
    }
    return v;
  }

  private static void noControl(String parameter, String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw QuickBiErrors.invalid(
            parameter,
            "must not contain control characters (U+"
                + String.format(Locale.ROOT, "%04X", (int) value.charAt(i))
                + " at position "
                + i
                + ")");
      }
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
