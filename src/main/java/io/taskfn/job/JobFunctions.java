package io.taskfn.job;

import io.quarkus.funqy.Funq;
import io.taskfn.api.EmptyRequests;
import io.taskfn.job.JobRequests.CreateAppGroup;
import io.taskfn.job.JobRequests.CreateNamespace;
import io.taskfn.job.JobRequests.ExecuteJob;
import io.taskfn.job.JobRequests.GetJobInstanceList;
import io.taskfn.job.JobRequests.InstanceRef;
import io.taskfn.job.JobRequests.JobRef;
import io.taskfn.job.JobRequests.JobSpec;
import io.taskfn.job.JobRequests.ListJobs;
import io.taskfn.job.JobResponses.AppGroupCreated;
import io.taskfn.job.JobResponses.Envelope;
import io.taskfn.job.JobResponses.InstanceInfo;
import io.taskfn.job.JobResponses.InstanceList;
import io.taskfn.job.JobResponses.JobCreated;
import io.taskfn.job.JobResponses.JobExecuted;
import io.taskfn.job.JobResponses.JobInfo;
import io.taskfn.job.JobResponses.JobList;
import io.taskfn.job.JobResponses.NamespaceCreated;
import jakarta.inject.Inject;

/** The SchedulerX 2019-04-30 actions, one function each, named as the vendor names them. */
public class JobFunctions {

  @Inject JobService jobs;

  @Funq("CreateNamespace")
  public Envelope<NamespaceCreated> createNamespace(CreateNamespace request) {
    return Envelope.ok(jobs.createNamespace(orEmpty(request, CreateNamespace.class)));
  }

  @Funq("CreateAppGroup")
  public Envelope<AppGroupCreated> createAppGroup(CreateAppGroup request) {
    return Envelope.ok(jobs.createAppGroup(orEmpty(request, CreateAppGroup.class)));
  }

  @Funq("CreateJob")
  public Envelope<JobCreated> createJob(JobSpec request) {
    return Envelope.ok(jobs.createJob(orEmpty(request, JobSpec.class)));
  }

  @Funq("UpdateJob")
  public Envelope<Void> updateJob(JobSpec request) {
    return done(() -> jobs.updateJob(orEmpty(request, JobSpec.class)));
  }

  @Funq("GetJobInfo")
  public Envelope<JobInfo> getJobInfo(JobRef request) {
    return Envelope.ok(jobs.getJobInfo(orEmpty(request, JobRef.class)));
  }

  @Funq("DeleteJob")
  public Envelope<Void> deleteJob(JobRef request) {
    return done(() -> jobs.deleteJob(orEmpty(request, JobRef.class)));
  }

  @Funq("EnableJob")
  public Envelope<Void> enableJob(JobRef request) {
    return done(() -> jobs.setEnabled(orEmpty(request, JobRef.class), true));
  }

  @Funq("DisableJob")
  public Envelope<Void> disableJob(JobRef request) {
    return done(() -> jobs.setEnabled(orEmpty(request, JobRef.class), false));
  }

  @Funq("ListJobs")
  public Envelope<JobList> listJobs(ListJobs request) {
    return Envelope.ok(jobs.listJobs(orEmpty(request, ListJobs.class)));
  }

  @Funq("ExecuteJob")
  public Envelope<JobExecuted> executeJob(ExecuteJob request) {
    return Envelope.ok(jobs.executeJob(orEmpty(request, ExecuteJob.class)));
  }

  @Funq("GetJobInstance")
  public Envelope<InstanceInfo> getJobInstance(InstanceRef request) {
    return Envelope.ok(jobs.getJobInstance(orEmpty(request, InstanceRef.class)));
  }

  @Funq("GetJobInstanceList")
  public Envelope<InstanceList> getJobInstanceList(GetJobInstanceList request) {
    return Envelope.ok(jobs.getJobInstanceList(orEmpty(request, GetJobInstanceList.class)));
  }

  @Funq("StopInstance")
  public Envelope<Void> stopInstance(InstanceRef request) {
    return done(() -> jobs.stopInstance(orEmpty(request, InstanceRef.class)));
  }

  @Funq("RetryJobInstance")
  public Envelope<Void> retryJobInstance(InstanceRef request) {
    return done(() -> jobs.retryJobInstance(orEmpty(request, InstanceRef.class)));
  }

  private static Envelope<Void> done(Runnable action) {
    action.run();
    return Envelope.ok(null);
  }

  /** An empty body arrives as null; it means every parameter is absent. */
  private static <T> T orEmpty(T request, Class<T> type) {
    return request != null ? request : EmptyRequests.of(type);
  }
}
