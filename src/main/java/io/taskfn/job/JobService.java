package io.taskfn.job;

import io.taskfn.api.BadInputException;
import io.taskfn.api.CallDepth;
import io.taskfn.api.Echo;
import io.taskfn.api.Params;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.job.JobRequests.CreateAppGroup;
import io.taskfn.job.JobRequests.CreateNamespace;
import io.taskfn.job.JobRequests.DeleteAppGroup;
import io.taskfn.job.JobRequests.ExecuteJob;
import io.taskfn.job.JobRequests.GetJobInstanceList;
import io.taskfn.job.JobRequests.GroupRef;
import io.taskfn.job.JobRequests.InstanceRef;
import io.taskfn.job.JobRequests.JobBatch;
import io.taskfn.job.JobRequests.JobRef;
import io.taskfn.job.JobRequests.JobSpec;
import io.taskfn.job.JobRequests.ListGroups;
import io.taskfn.job.JobRequests.ListJobs;
import io.taskfn.job.JobRequests.ListNamespaces;
import io.taskfn.job.JobRequests.RerunJob;
import io.taskfn.job.JobRequests.UpdateAppGroup;
import io.taskfn.job.JobResponses.AppGroupCreated;
import io.taskfn.job.JobResponses.AppGroupInfo;
import io.taskfn.job.JobResponses.AppGroupItem;
import io.taskfn.job.JobResponses.GroupList;
import io.taskfn.job.JobResponses.InstanceInfo;
import io.taskfn.job.JobResponses.InstanceList;
import io.taskfn.job.JobResponses.JobConfigInfo;
import io.taskfn.job.JobResponses.JobCreated;
import io.taskfn.job.JobResponses.JobExecuted;
import io.taskfn.job.JobResponses.JobInfo;
import io.taskfn.job.JobResponses.JobInstanceDetail;
import io.taskfn.job.JobResponses.JobList;
import io.taskfn.job.JobResponses.NamespaceCreated;
import io.taskfn.job.JobResponses.NamespaceInfo;
import io.taskfn.job.JobResponses.NamespaceList;
import io.taskfn.store.DuplicateRecordException;
import io.taskfn.store.Versioned;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** The SchedulerX actions: namespaces, app groups, jobs and their instances. */
@ApplicationScoped
public class JobService {

  static final Set<String> EXECUTE_MODES = Set.of("standalone");

  /** The largest PageSize of GetJobInstanceList. */
  static final int MAX_PAGE_SIZE = 1000;

  /** How many instances one store call reads while paging. */
  private static final int SCAN_PAGE = 500;

  /** How many of the newest instances a listing filtered by time examines. */
  static final int TIME_FILTER_SCAN = 10_000;

  /** The most jobs one BatchDeleteJobs, BatchEnableJobs or BatchDisableJobs names. */
  static final int MAX_BATCH = 1000;

  /** The most days one RerunJob covers. */
  static final int MAX_RERUN_DAYS = 366;

  /** The end of year 9999, the latest time a job's times may name. */
  static final long LAST_MILLISECOND = 253_402_300_799_999L;

  private static final String NO_ALARMS = "taskfn sends no alarms";

  private static final String NO_SHARDING =
      "it configures sharded and map tasks, and taskfn runs each instance standalone";

  private final JobRepository jobs;
  private final JobInstanceRepository instances;
  private final Dispatcher dispatcher;
  private final Clock clock;
  private final Map<String, JobTypeRunner> runners;

  @jakarta.inject.Inject
  public JobService(
      JobRepository jobs,
      JobInstanceRepository instances,
      Dispatcher dispatcher,
      Clock clock,
      jakarta.enterprise.inject.Instance<JobTypeRunner> runners) {
    this(jobs, instances, dispatcher, clock, runners.stream().toList());
  }

  public JobService(
      JobRepository jobs,
      JobInstanceRepository instances,
      Dispatcher dispatcher,
      Clock clock,
      List<JobTypeRunner> runners) {
    this.runners =
        runners.stream().collect(Collectors.toMap(JobTypeRunner::jobType, Function.identity()));
    this.jobs = jobs;
    this.instances = instances;
    this.dispatcher = dispatcher;
    this.clock = clock;
  }

  public NamespaceCreated createNamespace(CreateNamespace req) {
    String name = Params.maxLength("Name", Params.required("Name", req.name()), 128);
    String uid = req.uid() == null ? UUID.randomUUID().toString() : req.uid();
    Params.maxLength("Uid", uid, 128);
    try {
      jobs.createNamespace(new Namespace(uid, name, req.description(), clock.instant()));
    } catch (DuplicateRecordException e) {
      throw JobErrors.alreadyExists("namespace", uid);
    }
    return new NamespaceCreated(uid);
  }

  public AppGroupCreated createAppGroup(CreateAppGroup req) {
    String namespace = Params.required("Namespace", req.namespace());
    String groupId = Params.maxLength("GroupId", Params.required("GroupId", req.groupId()), 128);
    String appName = Params.required("AppName", req.appName());
    int maxJobs = Params.atLeast("MaxJobs", req.maxJobs(), 1, 1000);
    int appVersion = appVersion(req.appVersion(), 1);
    Params.notSupported(
        "AppType", req.appType(), 1, "taskfn runs general applications (1), no Kubernetes jobs");
    Params.notSupported(
        "ScheduleBusyWorkers", req.scheduleBusyWorkers(), false, "taskfn schedules no workers");
    rejectAlarmsAndLogs(
        req.enableLog(),
        req.monitorConfigJson(),
        req.monitorContactsJson(),
        req.notificationPolicyName());
    if (jobs.findNamespace(namespace).isEmpty()) {
      throw JobErrors.namespaceNotFound(namespace);
    }
    String appKey = req.appKey() == null ? UUID.randomUUID().toString() : req.appKey();
    long appGroupId = jobs.nextAppGroupId();
    try {
      jobs.createGroup(
          new AppGroup(
              appGroupId,
              namespace,
              groupId,
              appName,
              req.description(),
              appKey,
              maxJobs,
              appVersion,
              clock.instant()));
    } catch (DuplicateRecordException e) {
      throw JobErrors.alreadyExists("groupid", groupId);
    }
    return new AppGroupCreated(appGroupId, appKey);
  }

  public NamespaceList listNamespaces(ListNamespaces req) {
    return new NamespaceList(
        jobs.listNamespaces().stream()
            .filter(ns -> req.namespace() == null || ns.uid().equals(req.namespace()))
            .filter(ns -> req.namespaceName() == null || ns.name().contains(req.namespaceName()))
            .map(NamespaceInfo::of)
            .toList());
  }

  public GroupList listGroups(ListGroups req) {
    String namespace = Params.required("Namespace", req.namespace());
    if (jobs.findNamespace(namespace).isEmpty()) {
      throw JobErrors.namespaceNotFound(namespace);
    }
    return new GroupList(
        jobs.listGroups(namespace).stream()
            .filter(g -> req.appGroupName() == null || g.appName().contains(req.appGroupName()))
            .map(AppGroupItem::of)
            .toList());
  }

  public AppGroupInfo getAppGroup(GroupRef req) {
    AppGroup group = requireGroup(req.namespace(), req.groupId());
    return AppGroupInfo.of(group, jobs.countInGroup(group.namespace(), group.groupId()));
  }

  public void updateAppGroup(UpdateAppGroup req) {
    AppGroup group = requireGroup(req.namespace(), req.groupId());
    Params.notSupported(
        "MaxConcurrency",
        req.maxConcurrency(),
        "each job's own MaxConcurrency bounds its running instances");
    rejectAlarmsAndLogs(
        req.enableLog(),
        req.monitorConfigJson(),
        req.monitorContactsJson(),
        req.notificationPolicyName());
    int appVersion = appVersion(req.appVersion(), group.appVersion());
    jobs.updateGroup(
            group.namespace(),
            group.groupId(),
            g -> g.withDetails(orElse(req.description(), g.description()), appVersion))
        .orElseThrow(() -> JobErrors.groupNotFound(req.namespace(), req.groupId()));
  }

  /**
   * Deletes a group; one that holds jobs only with DeleteJobs true, and then its jobs first (their
   * waiting instances end as failed when their turn comes).
   */
  public void deleteAppGroup(DeleteAppGroup req) {
    AppGroup group = requireGroup(req.namespace(), req.groupId());
    List<Job> held = jobs.listByGroup(group.namespace(), group.groupId());
    if (!held.isEmpty() && !Boolean.TRUE.equals(req.deleteJobs())) {
      throw BadInputException.of(
          "DeleteJobs",
          "The app group "
              + Echo.of(group.groupId())
              + " holds "
              + held.size()
              + " jobs: give DeleteJobs true to delete them with it.");
    }
    held.forEach(job -> jobs.delete(job.jobId(), j -> {}));
    jobs.deleteGroup(group.namespace(), group.groupId(), g -> {});
  }

  private static int appVersion(Integer given, int whenAbsent) {
    return Params.oneOf("AppVersion", given == null ? whenAbsent : given, List.of(1, 2));
  }

  private static void rejectAlarmsAndLogs(
      Boolean enableLog, String monitorConfig, String monitorContacts, String policy) {
    Params.notSupported("EnableLog", enableLog, false, "taskfn collects no worker logs");
    Params.notSupported("MonitorConfigJson", monitorConfig, NO_ALARMS);
    Params.notSupported("MonitorContactsJson", monitorContacts, NO_ALARMS);
    Params.notSupported("NotificationPolicyName", policy, NO_ALARMS);
  }

  public JobCreated createJob(JobSpec req) {
    AppGroup group = requireGroup(req.namespace(), req.groupId());
    rejectUnsupported(req);
    if (jobs.countInGroup(group.namespace(), group.groupId()) >= group.maxJobs()) {
      throw BadInputException.of(
          "GroupId", "The app group " + group.groupId() + " already holds MaxJobs jobs.");
    }
    Job job =
        validated(
            true,
            new Job(
                jobs.nextJobId(),
                group.namespace(),
                group.groupId(),
                Params.required("Name", req.name()),
                req.description(),
                Params.required("JobType", req.jobType()),
                req.executeMode() == null ? "standalone" : req.executeMode(),
                req.xAttrs(),
                req.className(),
                req.content(),
                Params.required("TimeType", req.timeType()),
                req.timeExpression(),
                req.timezone(),
                Params.atLeast("DataOffset", req.dataOffset(), 0, 0),
                startTime(req.startTime()),
                req.parameters(),
                Params.atLeast("MaxConcurrency", req.maxConcurrency(), 1, 1),
                Params.atLeast("MaxAttempt", req.maxAttempt(), 0, 0),
                Params.atLeast("AttemptInterval", req.attemptInterval(), 1, 30),
                timeout(req.timeout(), 7200),
                req.timeoutEnable() == null || req.timeoutEnable(),
                enabled(req.status(), true),
                clock.instant(),
                CallDepth.current()));
    jobs.insert(job, clock.instant());
    dispatcher.wakeUp();
    return new JobCreated(job.jobId());
  }

  public void updateJob(JobSpec req) {
    long jobId = Params.required("JobId", req.jobId());
    AppGroup group = requireGroup(req.namespace(), req.groupId());
    rejectUnsupported(req);
    Params.notSupported(
        "Status", req.status(), "UpdateJob has no Status: EnableJob and DisableJob change it");
    boolean newSchedule =
        req.timeType() != null
            || req.timeExpression() != null
            || req.timezone() != null
            || req.startTime() != null;
    changeJob(
        jobId,
        group,
        job ->
            validated(
                newSchedule,
                new Job(
                    job.jobId(),
                    job.namespace(),
                    job.groupId(),
                    orElse(req.name(), job.name()),
                    orElse(req.description(), job.description()),
                    orElse(req.jobType(), job.jobType()),
                    orElse(req.executeMode(), job.executeMode()),
                    orElse(req.xAttrs(), job.xAttrs()),
                    orElse(req.className(), job.className()),
                    orElse(req.content(), job.content()),
                    orElse(req.timeType(), job.timeType()),
                    orElse(req.timeExpression(), job.timeExpression()),
                    orElse(req.timezone(), job.timezone()),
                    Params.atLeast("DataOffset", req.dataOffset(), 0, job.dataOffset()),
                    req.startTime() == null ? job.startTime() : startTime(req.startTime()),
                    orElse(req.parameters(), job.parameters()),
                    Params.atLeast("MaxConcurrency", req.maxConcurrency(), 1, job.maxConcurrency()),
                    Params.atLeast("MaxAttempt", req.maxAttempt(), 0, job.maxAttempt()),
                    Params.atLeast(
                        "AttemptInterval", req.attemptInterval(), 1, job.attemptInterval()),
                    timeout(req.timeout(), job.timeout()),
                    orElse(req.timeoutEnable(), job.timeoutEnable()),
                    job.enabled(),
                    job.createdAt(),
                    Math.max(job.callDepth(), CallDepth.current()))));
    dispatcher.wakeUp();
  }

  /** The vendor's job parameters that taskfn does not act on, rejected rather than dropped. */
  private static void rejectUnsupported(JobSpec req) {
    Params.notSupported(
        "TimeoutKillEnable",
        req.timeoutKillEnable(),
        true,
        "taskfn always stops an attempt at its Timeout");
    Params.notSupported("Calendar", blankAsNull(req.calendar()), "taskfn has no calendars");
    Params.notSupported(
        "Priority", req.priority(), "taskfn runs instances in the order they fall due");
    Params.notSupported("FailEnable", req.failEnable(), false, NO_ALARMS);
    Params.notSupported("FailTimes", req.failTimes(), NO_ALARMS);
    Params.notSupported("MissWorkerEnable", req.missWorkerEnable(), false, NO_ALARMS);
    Params.notSupported("SuccessNoticeEnable", req.successNoticeEnable(), false, NO_ALARMS);
    Params.notSupported("SendChannel", blankAsNull(req.sendChannel()), NO_ALARMS);
    Params.notSupported(
        "ContactInfo",
        req.contactInfo() == null || req.contactInfo().isEmpty() ? null : req.contactInfo(),
        NO_ALARMS);
    Params.notSupported("ConsumerSize", req.consumerSize(), NO_SHARDING);
    Params.notSupported("DispatcherSize", req.dispatcherSize(), NO_SHARDING);
    Params.notSupported("PageSize", req.pageSize(), NO_SHARDING);
    Params.notSupported("QueueSize", req.queueSize(), NO_SHARDING);
    Params.notSupported("TaskAttemptInterval", req.taskAttemptInterval(), NO_SHARDING);
    Params.notSupported("TaskMaxAttempt", req.taskMaxAttempt(), NO_SHARDING);
    Params.notSupported("TaskDispatchMode", req.taskDispatchMode(), NO_SHARDING);
    Params.notSupported("Template", req.template(), "taskfn has no job templates");
    Params.maxLength("ClassName", req.className(), 1024);
    Params.maxLength("Content", req.content(), 65_536);
  }

  private static String blankAsNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static long timeout(Long given, long whenAbsent) {
    long seconds = given == null ? whenAbsent : given;
    if (seconds < 1 || seconds > Integer.MAX_VALUE) {
      throw BadInputException.of(
          "Timeout", "The parameter Timeout must be between 1 and " + Integer.MAX_VALUE + ".");
    }
    return seconds;
  }

  private static Long startTime(Long millis) {
    if (millis != null && (millis < 0 || millis > LAST_MILLISECOND)) {
      throw BadInputException.of(
          "StartTime",
          "The parameter StartTime must be epoch milliseconds between 0 and "
              + LAST_MILLISECOND
              + ".");
    }
    return millis;
  }

  public JobInfo getJobInfo(JobRef req) {
    AppGroup group = requireGroup(req.namespace(), req.groupId());
    if (req.jobId() == null) {
      String name = Params.required("JobId", req.jobName());
      return jobs.findByName(group.namespace(), group.groupId(), name)
          .map(job -> new JobInfo(JobConfigInfo.of(job)))
          .orElseThrow(() -> JobErrors.jobNotFound(name, group.groupId()));
    }
    return new JobInfo(JobConfigInfo.of(requireJob(req.jobId(), group).value()));
  }

  public void deleteJob(JobRef req) {
    AppGroup group = requireGroup(req.namespace(), req.groupId());
    long jobId = Params.required("JobId", req.jobId());
    if (!jobs.delete(jobId, job -> requireInGroup(job, group))) {
      throw JobErrors.jobNotFound(jobId, group.groupId());
    }
  }

  /**
   * EnableJob and DisableJob: as the vendor, GroupId may be left out; the job is then found by id.
   */
  public void setEnabled(JobRef req, boolean enabled) {
    long jobId = Params.required("JobId", req.jobId());
    if (req.groupId() != null) {
      changeJob(
          jobId, requireGroup(req.namespace(), req.groupId()), job -> job.withEnabled(enabled));
    } else {
      String namespace = requireNamespace(req.namespace());
      jobs.update(
              jobId,
              job -> {
                if (!job.namespace().equals(namespace)) {
                  throw JobErrors.jobNotFoundInNamespace(jobId, namespace);
                }
                return job.withEnabled(enabled);
              },
              clock.instant())
          .orElseThrow(() -> JobErrors.jobNotFoundInNamespace(jobId, namespace));
    }
    dispatcher.wakeUp();
  }

  public void batchDelete(JobBatch req) {
    AppGroup group = requireGroup(req.namespace(), req.groupId());
    for (long jobId : requireAll(req.jobIdList(), group)) {
      jobs.delete(jobId, job -> requireInGroup(job, group));
    }
  }

  public void batchSetEnabled(JobBatch req, boolean enabled) {
    AppGroup group = requireGroup(req.namespace(), req.groupId());
    for (long jobId : requireAll(req.jobIdList(), group)) {
      changeJob(jobId, group, job -> job.withEnabled(enabled));
    }
    dispatcher.wakeUp();
  }

  /** The ids of a batch, each naming a job of the group: one that does not changes nothing. */
  private Set<Long> requireAll(List<Long> ids, AppGroup group) {
    Params.required("JobIdList", ids);
    if (ids.isEmpty() || ids.size() > MAX_BATCH) {
      throw BadInputException.of(
          "JobIdList", "The parameter JobIdList must hold 1 to " + MAX_BATCH + " job ids.");
    }
    Set<Long> unique = new java.util.LinkedHashSet<>();
    for (Long jobId : ids) {
      requireJob(Params.required("JobIdList", jobId), group);
      unique.add(jobId);
    }
    return unique;
  }

  public JobList listJobs(ListJobs req) {
    AppGroup group = requireGroup(req.namespace(), req.groupId());
    Boolean enabled = req.status() == null ? null : enabled(parseStatus(req.status()), true);
    int pageNum = Params.atLeast("PageNum", req.pageNum(), 1, 1);
    int pageSize = Params.between("PageSize", req.pageSize(), 1, MAX_PAGE_SIZE, MAX_PAGE_SIZE);
    List<Job> found =
        jobs.listByGroup(group.namespace(), group.groupId()).stream()
            .filter(job -> req.jobName() == null || job.name().contains(req.jobName()))
            .filter(job -> enabled == null || job.enabled() == enabled)
            .toList();
    List<JobConfigInfo> page =
        found.stream()
            .skip((long) (pageNum - 1) * pageSize)
            .limit(pageSize)
            .map(JobConfigInfo::of)
            .toList();
    return new JobList(page, pageNum, pageSize, found.size());
  }

  public JobExecuted executeJob(ExecuteJob req) {
    long jobId = Params.required("JobId", req.jobId());
    AppGroup group = requireGroup(req.namespace(), req.groupId());
    Job job = requireJob(jobId, group).value();
    if (Boolean.TRUE.equals(req.checkJobStatus()) && !job.enabled()) {
      throw JobErrors.jobDisabled(jobId);
    }
    Instant now = clock.instant();
    JobInstance instance =
        JobInstance.waiting(
            instances.nextInstanceId(),
            job,
            TriggerType.API,
            now,
            req.instanceParameters(),
            req.designateType(),
            req.worker(),
            req.label());
    instances.insertWaiting(instance, now);
    dispatcher.wakeUp();
    return new JobExecuted(instance.instanceId());
  }

  public InstanceInfo getJobInstance(InstanceRef req) {
    long jobId = Params.required("JobId", req.jobId());
    long instanceId = Params.required("JobInstanceId", req.jobInstanceId());
    Job job = requireJob(jobId, requireGroup(req.namespace(), req.groupId())).value();
    return new InstanceInfo(JobInstanceDetail.of(requireInstance(jobId, instanceId).value(), job));
  }

  /**
   * A job's instances newest first, or without JobId, as the vendor allows, those of every job of
   * the group, merged newest first.
   */
  public InstanceList getJobInstanceList(GetJobInstanceList req) {
    AppGroup group = requireGroup(req.namespace(), req.groupId());
    List<Job> listed =
        req.jobId() == null
            ? jobs.listByGroup(group.namespace(), group.groupId())
            : List.of(requireJob(req.jobId(), group).value());
    Map<Long, Job> byId =
        listed.stream().collect(Collectors.toMap(Job::jobId, Function.identity()));
    InstanceStatus status =
        req.status() == null
            ? null
            : InstanceStatus.fromCode(Params.oneOf("Status", req.status(), List.of(1, 3, 4, 5, 9)));
    int pageNum = Params.atLeast("PageNum", req.pageNum(), 1, 1);
    int pageSize = Params.between("PageSize", req.pageSize(), 1, MAX_PAGE_SIZE, 10);
    long skip = (long) (pageNum - 1) * pageSize;
    Function<JobInstance, JobInstanceDetail> detail =
        i -> JobInstanceDetail.of(i, byId.get(i.jobId()));
    if (req.startTimestamp() == null && req.endTimestamp() == null) {
      List<JobInstance> page =
          req.jobId() == null
              ? newestOfJobs(byId.keySet(), status).skip(skip).limit(pageSize).toList()
              : skipTo(req.jobId(), status, skip, pageSize);
      long total = byId.keySet().stream().mapToLong(jobId -> instances.count(jobId, status)).sum();
      return new InstanceList(page.stream().map(detail).toList(), total);
    }
    List<JobInstance> matching =
        newestOfJobs(byId.keySet(), status)
            .limit(TIME_FILTER_SCAN)
            .filter(
                i ->
                    req.startTimestamp() == null
                        || i.scheduleTime().toEpochMilli() >= req.startTimestamp())
            .filter(
                i ->
                    req.endTimestamp() == null
                        || i.scheduleTime().toEpochMilli() <= req.endTimestamp())
            .toList();
    return new InstanceList(
        matching.stream().skip(skip).limit(pageSize).map(detail).toList(), matching.size());
  }

  /** The instances of a page, newest first, reading past {@code skip} a store page at a time. */
  private List<JobInstance> skipTo(long jobId, InstanceStatus status, long skip, int pageSize) {
    Long after = null;
    while (skip > 0) {
      int step = (int) Math.min(skip, SCAN_PAGE);
      List<JobInstance> passed = instances.newestFirst(jobId, status, after, step);
      if (passed.size() < step) {
        return List.of();
      }
      after = passed.get(passed.size() - 1).instanceId();
      skip -= step;
    }
    return instances.newestFirst(jobId, status, after, pageSize);
  }

  /** The instances of the jobs merged newest first, each job's read a store page at a time. */
  private java.util.stream.Stream<JobInstance> newestOfJobs(
      java.util.Collection<Long> jobIds, InstanceStatus status) {
    return java.util.stream.StreamSupport.stream(
        new NewestFirstMerge(
            jobIds, (jobId, after) -> instances.newestFirst(jobId, status, after, SCAN_PAGE)),
        false);
  }

  public void stopInstance(InstanceRef req) {
    long jobId = Params.required("JobId", req.jobId());
    long instanceId = Params.required("InstanceId", req.instanceId());
    requireJob(jobId, requireGroup(req.namespace(), req.groupId()));
    Versioned<JobInstance> stopped =
        changeInstance(
            jobId, instanceId, i -> i.fail(clock.instant(), "stopped by StopInstance"), null);
    dispatcher.cancel(stopped.record().key());
  }

  public void retryJobInstance(InstanceRef req) {
    long jobId = Params.required("JobId", req.jobId());
    long instanceId = Params.required("JobInstanceId", req.jobInstanceId());
    requireJob(jobId, requireGroup(req.namespace(), req.groupId()));
    Instant now = clock.instant();
    changeInstance(jobId, instanceId, i -> i.rerun(now), now);
    dispatcher.wakeUp();
  }

  /** Marks a running, failed or rejected instance as succeeded; a running attempt is stopped. */
  public void setJobInstanceSuccess(InstanceRef req) {
    long jobId = Params.required("JobId", req.jobId());
    long instanceId = Params.required("JobInstanceId", req.jobInstanceId());
    requireJob(jobId, requireGroup(req.namespace(), req.groupId()));
    Versioned<JobInstance> done =
        changeInstance(jobId, instanceId, i -> i.markSucceeded(clock.instant()), null);
    dispatcher.cancel(done.record().key());
  }

  /**
   * One instance for each day from StartDate to EndDate (in the job's Timezone), its DataTime that
   * day at DataTime, to run now: data of those days is processed again.
   */
  public void rerunJob(RerunJob req) {
    long jobId = Params.required("JobId", req.jobId());
    Job job = requireJob(jobId, requireGroup(req.namespace(), req.groupId())).value();
    LocalTime at = dataTimeOfDay(Params.required("DataTime", req.dataTime()));
    long from = Params.required("StartDate", req.startDate());
    long to = Params.required("EndDate", req.endDate());
    if (from < 0 || to > LAST_MILLISECOND) {
      throw BadInputException.of(
          "StartDate",
          "The parameters StartDate and EndDate must be epoch milliseconds between 0 and "
              + LAST_MILLISECOND
              + ".");
    }
    if (to < from) {
      throw BadInputException.of("EndDate", "The parameter EndDate must not be before StartDate.");
    }
    ZoneId zone = job.schedule().zone();
    LocalDate first = Instant.ofEpochMilli(from).atZone(zone).toLocalDate();
    LocalDate last = Instant.ofEpochMilli(to).atZone(zone).toLocalDate();
    if (ChronoUnit.DAYS.between(first, last) >= MAX_RERUN_DAYS) {
      throw BadInputException.of(
          "EndDate",
          "RerunJob covers at most " + MAX_RERUN_DAYS + " days from StartDate to EndDate.");
    }
    Instant now = clock.instant();
    for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
      JobInstance instance =
          JobInstance.waiting(
                  instances.nextInstanceId(), job, TriggerType.RERUN, now, null, null, null, null)
              .forDataTime(day.atTime(at).atZone(zone).toInstant());
      instances.insertWaiting(instance, now);
    }
    dispatcher.wakeUp();
  }

  private static LocalTime dataTimeOfDay(String text) {
    try {
      return LocalTime.parse(text, DateTimeFormatter.ofPattern("HH:mm:ss"));
    } catch (DateTimeParseException e) {
      throw BadInputException.of(
          "DataTime",
          "The parameter DataTime must be a time of day HH:mm:ss, not " + Echo.of(text) + ".");
    }
  }

  private String requireNamespace(String namespace) {
    Params.required("Namespace", namespace);
    if (jobs.findNamespace(namespace).isEmpty()) {
      throw JobErrors.namespaceNotFound(namespace);
    }
    return namespace;
  }

  private AppGroup requireGroup(String namespace, String groupId) {
    Params.required("Namespace", namespace);
    Params.required("GroupId", groupId);
    return jobs.findGroup(namespace, groupId)
        .orElseThrow(() -> JobErrors.groupNotFound(namespace, groupId));
  }

  private Versioned<Job> requireJob(long jobId, AppGroup group) {
    Versioned<Job> job =
        jobs.find(jobId).orElseThrow(() -> JobErrors.jobNotFound(jobId, group.groupId()));
    requireInGroup(job.value(), group);
    return job;
  }

  private Versioned<JobInstance> requireInstance(long jobId, long instanceId) {
    return instances
        .find(instanceId)
        .filter(v -> v.value().jobId() == jobId)
        .orElseThrow(() -> JobErrors.instanceNotFound(jobId, instanceId));
  }

  private void changeJob(long jobId, AppGroup group, UnaryOperator<Job> change) {
    jobs.update(jobId, job -> change.apply(requireInGroup(job, group)), clock.instant())
        .orElseThrow(() -> JobErrors.jobNotFound(jobId, group.groupId()));
  }

  private static Job requireInGroup(Job job, AppGroup group) {
    if (!job.namespace().equals(group.namespace()) || !job.groupId().equals(group.groupId())) {
      throw JobErrors.jobNotFound(job.jobId(), group.groupId());
    }
    return job;
  }

  private Versioned<JobInstance> changeInstance(
      long jobId, long instanceId, UnaryOperator<JobInstance> change, Instant due) {
    return instances
        .update(instanceId, i -> change.apply(requireOfJob(i, jobId)), due)
        .orElseThrow(() -> JobErrors.instanceNotFound(jobId, instanceId));
  }

  private static JobInstance requireOfJob(JobInstance instance, long jobId) {
    if (instance.jobId() != jobId) {
      throw JobErrors.instanceNotFound(jobId, instance.instanceId());
    }
    return instance;
  }

  /**
   * @param newSchedule whether the request gives the schedule: only then must a cron expression
   *     still fire, so that a job whose last fire has passed can still be renamed
   */
  private Job validated(boolean newSchedule, Job job) {
    Params.maxLength("Name", job.name(), 100);
    Params.noControlCharacters("Name", job.name());
    Params.oneOf("JobType", job.jobType(), new java.util.TreeSet<>(runners.keySet()));
    Params.oneOf("ExecuteMode", job.executeMode(), EXECUTE_MODES);
    JobSchedule schedule = job.schedule();
    if (newSchedule) {
      schedule.requireFireAfter(clock.instant());
    }
    runners.get(job.jobType()).validate(job.xAttrs());
    return job;
  }

  private static int parseStatus(String status) {
    try {
      return Integer.parseInt(status);
    } catch (NumberFormatException e) {
      throw BadInputException.of("Status", "The parameter Status must be 0 or 1.");
    }
  }

  private static boolean enabled(Integer status, boolean whenAbsent) {
    if (status == null) {
      return whenAbsent;
    }
    Params.oneOf("Status", status, List.of(0, 1));
    return status == 1;
  }

  private static <T> T orElse(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
