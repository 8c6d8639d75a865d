package io.taskfn.job;

import io.taskfn.api.BadInputException;
import io.taskfn.api.Params;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.job.JobRequests.CreateAppGroup;
import io.taskfn.job.JobRequests.CreateNamespace;
import io.taskfn.job.JobRequests.ExecuteJob;
import io.taskfn.job.JobRequests.GetJobInstanceList;
import io.taskfn.job.JobRequests.InstanceRef;
import io.taskfn.job.JobRequests.JobRef;
import io.taskfn.job.JobRequests.JobSpec;
import io.taskfn.job.JobRequests.ListJobs;
import io.taskfn.job.JobResponses.AppGroupCreated;
import io.taskfn.job.JobResponses.InstanceInfo;
import io.taskfn.job.JobResponses.InstanceList;
import io.taskfn.job.JobResponses.JobConfigInfo;
import io.taskfn.job.JobResponses.JobCreated;
import io.taskfn.job.JobResponses.JobExecuted;
import io.taskfn.job.JobResponses.JobInfo;
import io.taskfn.job.JobResponses.JobInstanceDetail;
import io.taskfn.job.JobResponses.JobList;
import io.taskfn.job.JobResponses.NamespaceCreated;
import io.taskfn.store.DuplicateRecordException;
import io.taskfn.store.Versioned;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
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

  /** How many of a job's newest instances a listing filtered by time examines. */
  static final int TIME_FILTER_SCAN = 10_000;

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
    if (jobs.findNamespace(namespace).isEmpty()) {
      throw JobErrors.namespaceNotFound(namespace);
    }
    String appKey = req.appKey() == null ? UUID.randomUUID().toString() : req.appKey();
    try {
      jobs.createGroup(
          new AppGroup(
              namespace, groupId, appName, req.description(), appKey, maxJobs, clock.instant()));
    } catch (DuplicateRecordException e) {
      throw JobErrors.alreadyExists("groupid", groupId);
    }
    return new AppGroupCreated(groupId, appKey);
  }

  public JobCreated createJob(JobSpec req) {
    AppGroup group = requireGroup(req.namespace(), req.groupId());
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
                Params.required("TimeType", req.timeType()),
                req.timeExpression(),
                req.timezone(),
                req.parameters(),
                Params.atLeast("MaxConcurrency", req.maxConcurrency(), 1, 1),
                Params.atLeast("MaxAttempt", req.maxAttempt(), 0, 0),
                Params.atLeast("AttemptInterval", req.attemptInterval(), 1, 30),
                Params.atLeast("Timeout", req.timeout(), 1, 7200),
                req.timeoutEnable() == null || req.timeoutEnable(),
                enabled(req.status(), true),
                clock.instant()));
    jobs.insert(job, clock.instant());
    dispatcher.wakeUp();
    return new JobCreated(job.jobId());
  }

  public void updateJob(JobSpec req) {
    long jobId = Params.required("JobId", req.jobId());
    AppGroup group = requireGroup(req.namespace(), req.groupId());
    boolean newSchedule =
        req.timeType() != null || req.timeExpression() != null || req.timezone() != null;
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
                    orElse(req.timeType(), job.timeType()),
                    orElse(req.timeExpression(), job.timeExpression()),
                    orElse(req.timezone(), job.timezone()),
                    orElse(req.parameters(), job.parameters()),
                    Params.atLeast("MaxConcurrency", req.maxConcurrency(), 1, job.maxConcurrency()),
                    Params.atLeast("MaxAttempt", req.maxAttempt(), 0, job.maxAttempt()),
                    Params.atLeast(
                        "AttemptInterval", req.attemptInterval(), 1, job.attemptInterval()),
                    Params.atLeast("Timeout", req.timeout(), 1, job.timeout()),
                    orElse(req.timeoutEnable(), job.timeoutEnable()),
                    enabled(req.status(), job.enabled()),
                    job.createdAt())));
    dispatcher.wakeUp();
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

  public void setEnabled(JobRef req, boolean enabled) {
    AppGroup group = requireGroup(req.namespace(), req.groupId());
    changeJob(Params.required("JobId", req.jobId()), group, job -> job.withEnabled(enabled));
    dispatcher.wakeUp();
  }

  public JobList listJobs(ListJobs req) {
    AppGroup group = requireGroup(req.namespace(), req.groupId());
    Boolean enabled = req.status() == null ? null : enabled(parseStatus(req.status()), true);
    List<JobConfigInfo> found =
        jobs.listByGroup(group.namespace(), group.groupId()).stream()
            .filter(job -> req.jobName() == null || job.name().contains(req.jobName()))
            .filter(job -> enabled == null || job.enabled() == enabled)
            .map(JobConfigInfo::of)
            .toList();
    return new JobList(found);
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
    requireJob(jobId, requireGroup(req.namespace(), req.groupId()));
    return new InstanceInfo(JobInstanceDetail.of(requireInstance(jobId, instanceId).value()));
  }

  public InstanceList getJobInstanceList(GetJobInstanceList req) {
    long jobId = Params.required("JobId", req.jobId());
    requireJob(jobId, requireGroup(req.namespace(), req.groupId()));
    InstanceStatus status =
        req.status() == null
            ? null
            : InstanceStatus.fromCode(Params.oneOf("Status", req.status(), List.of(1, 3, 4, 5, 9)));
    int pageNum = Params.atLeast("PageNum", req.pageNum(), 1, 1);
    int pageSize = Params.between("PageSize", req.pageSize(), 1, MAX_PAGE_SIZE, 10);
    if (req.startTimestamp() == null && req.endTimestamp() == null) {
      return new InstanceList(
          skipTo(jobId, status, (long) (pageNum - 1) * pageSize, pageSize).stream()
              .map(JobInstanceDetail::of)
              .toList(),
          instances.count(jobId, status));
    }
    return timeFiltered(req, jobId, status, pageNum, pageSize);
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

  /**
   * A page of the instances scheduled between StartTimestamp and EndTimestamp: the newest {@link
   * #TIME_FILTER_SCAN} instances of the job are examined, and Total counts the matches among them.
   */
  private InstanceList timeFiltered(
      GetJobInstanceList req, long jobId, InstanceStatus status, int pageNum, int pageSize) {
    List<JobInstance> matching = new java.util.ArrayList<>();
    Long after = null;
    for (int examined = 0; examined < TIME_FILTER_SCAN; examined += SCAN_PAGE) {
      List<JobInstance> page = instances.newestFirst(jobId, status, after, SCAN_PAGE);
      page.stream()
          .filter(
              i ->
                  req.startTimestamp() == null
                      || i.scheduleTime().toEpochMilli() >= req.startTimestamp())
          .filter(
              i ->
                  req.endTimestamp() == null
                      || i.scheduleTime().toEpochMilli() <= req.endTimestamp())
          .forEach(matching::add);
      if (page.size() < SCAN_PAGE) {
        break;
      }
      after = page.get(page.size() - 1).instanceId();
    }
    List<JobInstanceDetail> shown =
        matching.stream()
            .skip((long) (pageNum - 1) * pageSize)
            .limit(pageSize)
            .map(JobInstanceDetail::of)
            .toList();
    return new InstanceList(shown, matching.size());
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
