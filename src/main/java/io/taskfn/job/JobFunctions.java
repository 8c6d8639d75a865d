package io.taskfn.job;

import io.quarkus.funqy.Funq;
import io.taskfn.api.EmptyBodyAsEmptyRequest;
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
import io.taskfn.job.JobResponses.Envelope;
import io.taskfn.job.JobResponses.GroupList;
import io.taskfn.job.JobResponses.InstanceInfo;
import io.taskfn.job.JobResponses.InstanceList;
import io.taskfn.job.JobResponses.JobCreated;
import io.taskfn.job.JobResponses.JobExecuted;
import io.taskfn.job.JobResponses.JobInfo;
import io.taskfn.job.JobResponses.JobList;
import io.taskfn.job.JobResponses.NamespaceCreated;
import io.taskfn.job.JobResponses.NamespaceList;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** The SchedulerX 2019-04-30 actions, one function each, named as the vendor names them. */
@Singleton
@EmptyBodyAsEmptyRequest
public class JobFunctions {

  @Inject JobService jobs;

  @Funq("CreateNamespace")
  public Envelope<NamespaceCreated> createNamespace(CreateNamespace request) {
    return Envelope.ok(jobs.createNamespace(request));
  }

  @Funq("CreateAppGroup")
  public Envelope<AppGroupCreated> createAppGroup(CreateAppGroup request) {
    return Envelope.ok(jobs.createAppGroup(request));
  }

  @Funq("ListNamespaces")
  public Envelope<NamespaceList> listNamespaces(ListNamespaces request) {
    return Envelope.ok(jobs.listNamespaces(request));
  }

  @Funq("ListGroups")
  public Envelope<GroupList> listGroups(ListGroups request) {
    return Envelope.ok(jobs.listGroups(request));
  }

  @Funq("GetAppGroup")
  public Envelope<AppGroupInfo> getAppGroup(GroupRef request) {
    return Envelope.ok(jobs.getAppGroup(request));
  }

  @Funq("UpdateAppGroup")
  public Envelope<Void> updateAppGroup(UpdateAppGroup request) {
    return done(() -> jobs.updateAppGroup(request));
  }

  @Funq("DeleteAppGroup")
  public Envelope<Void> deleteAppGroup(DeleteAppGroup request) {
    return done(() -> jobs.deleteAppGroup(request));
  }

  @Funq("CreateJob")
  public Envelope<JobCreated> createJob(JobSpec request) {
    return Envelope.ok(jobs.createJob(request));
  }

  @Funq("UpdateJob")
  public Envelope<Void> updateJob(JobSpec request) {
    return done(() -> jobs.updateJob(request));
  }

  @Funq("GetJobInfo")
  public Envelope<JobInfo> getJobInfo(JobRef request) {
    return Envelope.ok(jobs.getJobInfo(request));
  }

  @Funq("DeleteJob")
  public Envelope<Void> deleteJob(JobRef request) {
    return done(() -> jobs.deleteJob(request));
  }

  @Funq("EnableJob")
  public Envelope<Void> enableJob(JobRef request) {
    return done(() -> jobs.setEnabled(request, true));
  }

  @Funq("DisableJob")
  public Envelope<Void> disableJob(JobRef request) {
    return done(() -> jobs.setEnabled(request, false));
  }

  @Funq("BatchDeleteJobs")
  public Envelope<Void> batchDeleteJobs(JobBatch request) {
    return done(() -> jobs.batchDelete(request));
  }

  @Funq("BatchEnableJobs")
  public Envelope<Void> batchEnableJobs(JobBatch request) {
    return done(() -> jobs.batchSetEnabled(request, true));
  }

  @Funq("BatchDisableJobs")
  public Envelope<Void> batchDisableJobs(JobBatch request) {
    return done(() -> jobs.batchSetEnabled(request, false));
  }

  @Funq("ListJobs")
  public Envelope<JobList> listJobs(ListJobs request) {
    return Envelope.ok(jobs.listJobs(request));
  }

  @Funq("ExecuteJob")
  public Envelope<JobExecuted> executeJob(ExecuteJob request) {
    return Envelope.ok(jobs.executeJob(request));
  }

  @Funq("GetJobInstance")
  public Envelope<InstanceInfo> getJobInstance(InstanceRef request) {
    return Envelope.ok(jobs.getJobInstance(request));
  }

  @Funq("GetJobInstanceList")
  public Envelope<InstanceList> getJobInstanceList(GetJobInstanceList request) {
    return Envelope.ok(jobs.getJobInstanceList(request));
  }

  @Funq("StopInstance")
  public Envelope<Void> stopInstance(InstanceRef request) {
    return done(() -> jobs.stopInstance(request));
  }

  @Funq("RetryJobInstance")
  public Envelope<Void> retryJobInstance(InstanceRef request) {
    return done(() -> jobs.retryJobInstance(request));
  }

  @Funq("SetJobInstanceSuccess")
  public Envelope<Void> setJobInstanceSuccess(InstanceRef request) {
    return done(() -> jobs.setJobInstanceSuccess(request));
  }

  @Funq("RerunJob")
  public Envelope<Void> rerunJob(RerunJob request) {
    return done(() -> jobs.rerunJob(request));
  }

  private static Envelope<Void> done(Runnable action) {
    action.run();
    return Envelope.ok(null);
  }
}
