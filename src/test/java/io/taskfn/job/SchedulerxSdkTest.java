package io.taskfn.job;

import static io.taskfn.support.Http.call;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.AcsResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.schedulerx2.model.v20190430.BatchDeleteJobsResponse;
import com.aliyuncs.schedulerx2.model.v20190430.BatchDisableJobsResponse;
import com.aliyuncs.schedulerx2.model.v20190430.BatchEnableJobsResponse;
import com.aliyuncs.schedulerx2.model.v20190430.CreateAppGroupResponse;
import com.aliyuncs.schedulerx2.model.v20190430.CreateJobResponse;
import com.aliyuncs.schedulerx2.model.v20190430.CreateNamespaceResponse;
import com.aliyuncs.schedulerx2.model.v20190430.DeleteJobResponse;
import com.aliyuncs.schedulerx2.model.v20190430.DisableJobResponse;
import com.aliyuncs.schedulerx2.model.v20190430.EnableJobResponse;
import com.aliyuncs.schedulerx2.model.v20190430.ExecuteJobResponse;
import com.aliyuncs.schedulerx2.model.v20190430.GetJobInfoResponse;
import com.aliyuncs.schedulerx2.model.v20190430.GetJobInfoResponse.Data.JobConfigInfo;
import com.aliyuncs.schedulerx2.model.v20190430.GetJobInstanceListResponse;
import com.aliyuncs.schedulerx2.model.v20190430.GetJobInstanceResponse;
import com.aliyuncs.schedulerx2.model.v20190430.GetJobInstanceResponse.Data.JobInstanceDetail;
import com.aliyuncs.schedulerx2.model.v20190430.ListGroupsResponse;
import com.aliyuncs.schedulerx2.model.v20190430.ListJobsResponse;
import com.aliyuncs.schedulerx2.model.v20190430.ListNamespacesResponse;
import com.aliyuncs.schedulerx2.model.v20190430.StopInstanceResponse;
import com.aliyuncs.schedulerx2.model.v20190430.UpdateJobResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.taskfn.api.FunctionCatalog;
import io.taskfn.api.FunctionSpec;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.support.AliyunSdkAnswers;
import io.taskfn.support.RecordingEndpoint;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every jobs action's answer read with SchedulerX's own SDK models and unmarshallers (1.1.1), and
 * every field taskfn claims to support read back non-null and equal to what was stored. Fields that
 * the newer Tea models hold and 1.1.1 does not (JobType, XAttrs, an instance's JobName and
 * Parameters, ListJobs' paging, ListGroups' AppGroupId) are checked by those models' names.
 */
@QuarkusTest
class SchedulerxSdkTest {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @Inject Dispatcher dispatcher;
  private final FunctionCatalog catalog = FunctionCatalog.loadFromClasspath();

  private RecordingEndpoint endpoint;
  private String namespace;
  private long appGroupId;

  @BeforeEach
  void setUp() throws Exception {
    endpoint = new RecordingEndpoint();
    namespace = "ns-" + UUID.randomUUID();
    CreateNamespaceResponse ns =
        ok(
            CreateNamespaceResponse.class,
            "CreateNamespace",
            Map.of("Name", "sdk test", "Uid", namespace, "Description", "read by the SDK"));
    assertEquals(namespace, ns.getData().getNamespaceUid());
    CreateAppGroupResponse group =
        ok(
            CreateAppGroupResponse.class,
            "CreateAppGroup",
            Map.of(
                "Namespace", namespace,
                "GroupId", "g1",
                "AppName", "app",
                "AppKey", "key-1",
                "Description", "the group"));
    appGroupId = group.getData().getAppGroupId();
    assertEquals("key-1", group.getData().getAppKey());
  }

  @AfterEach
  void tearDown() {
    endpoint.close();
  }

  /** Reads the answer with the SDK and checks the envelope every successful answer carries. */
  private static <T extends AcsResponse> T ok(Class<T> type, String action, Object body)
      throws ClientException {
    T response = AliyunSdkAnswers.read(type, call(action, body).statusCode(200));
    // Each response class declares these itself; AcsResponse has none of them.
    assertEquals(200, invoke(response, "getCode"), action);
    assertEquals(true, invoke(response, "getSuccess"), action);
    assertNotNull(invoke(response, "getRequestId"), action);
    return response;
  }

  private static Object invoke(Object target, String getter) {
    try {
      return target.getClass().getMethod(getter).invoke(target);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private Map<String, Object> job(Object... more) {
    Map<String, Object> body = new HashMap<>();
    body.put("Namespace", namespace);
    body.put("GroupId", "g1");
    for (int i = 0; i < more.length; i += 2) {
      body.put((String) more[i], more[i + 1]);
    }
    return body;
  }

  private long createFullJob() throws ClientException {
    CreateJobResponse created =
        ok(
            CreateJobResponse.class,
            "CreateJob",
            job(
                "Name",
                "nightly",
                "Description",
                "every field",
                "JobType",
                "http",
                "XAttrs",
                JobsRig.xAttrs(endpoint.url()),
                "ClassName",
                "com.example.Nightly",
                "Content",
                "echo kept",
                "TimeType",
                1,
                "TimeExpression",
                "0 0 12 * * ?",
                "Timezone",
                "Asia/Shanghai",
                "DataOffset",
                3600,
                "StartTime",
                1_700_000_000_000L,
                "Parameters",
                "p=1",
                "MaxConcurrency",
                3,
                "MaxAttempt",
                2,
                "AttemptInterval",
                15,
                "Timeout",
                120L,
                "TimeoutEnable",
                true,
                "TimeoutKillEnable",
                true,
                "Status",
                1));
    assertNotNull(created.getData().getJobId());
    return created.getData().getJobId();
  }

  @Test
  void namespacesAndGroupsReadBack() throws Exception {
    ListNamespacesResponse namespaces =
        ok(ListNamespacesResponse.class, "ListNamespaces", Map.of("Namespace", namespace));
    assertEquals(1, namespaces.getData().getNamespaces().size());
    ListNamespacesResponse.Data.Namespace ns = namespaces.getData().getNamespaces().get(0);
    assertEquals(namespace, ns.getUId());
    assertEquals("sdk test", ns.getName());
    assertEquals("read by the SDK", ns.getDescription());

    ListGroupsResponse groups =
        ok(ListGroupsResponse.class, "ListGroups", Map.of("Namespace", namespace));
    assertEquals(1, groups.getData().getAppGroups().size());
    ListGroupsResponse.Data.AppGroup group = groups.getData().getAppGroups().get(0);
    assertEquals("g1", group.getGroupId());
    assertEquals("app", group.getAppName());
    assertEquals("key-1", group.getAppKey());
    assertEquals("the group", group.getDescription());
    // The Tea models' names, which 1.1.1 does not read.
    call("ListGroups", Map.of("Namespace", namespace))
        .body("Data.AppGroups[0].AppGroupId", equalTo((int) appGroupId))
        .body("Data.AppGroups[0].Namespace", equalTo(namespace));
  }

  @Test
  void everyJobFieldReadsBackFromGetJobInfoAndListJobs() throws Exception {
    long jobId = createFullJob();
    JobConfigInfo info =
        ok(GetJobInfoResponse.class, "GetJobInfo", job("JobId", jobId))
            .getData()
            .getJobConfigInfo();
    assertEquals(jobId, info.getJobId());
    assertEquals("nightly", info.getName());
    assertEquals("every field", info.getDescription());
    assertEquals("standalone", info.getExecuteMode());
    assertEquals("com.example.Nightly", info.getClassName());
    assertEquals("echo kept", info.getContent());
    assertEquals("p=1", info.getParameters());
    assertEquals("3", info.getMaxConcurrency());
    assertEquals(2, info.getMaxAttempt());
    assertEquals(15, info.getAttemptInterval());
    assertEquals(1, info.getStatus());
    assertEquals(1, info.getTimeConfig().getTimeType());
    assertEquals("0 0 12 * * ?", info.getTimeConfig().getTimeExpression());
    assertEquals(3600, info.getTimeConfig().getDataOffset());
    JobConfigInfo.JobMonitorInfo.MonitorConfig monitor =
        info.getJobMonitorInfo().getMonitorConfig();
    assertEquals(120L, monitor.getTimeout());
    assertEquals(true, monitor.getTimeoutEnable());
    assertEquals(true, monitor.getTimeoutKillEnable());
    assertEquals(false, monitor.getFailEnable());
    assertEquals(false, monitor.getMissWorkerEnable());
    assertTrue(info.getJobMonitorInfo().getContactInfo().isEmpty());
    call("GetJobInfo", job("JobId", jobId))
        .body("Data.JobConfigInfo.JobType", equalTo("http"))
        .body("Data.JobConfigInfo.XAttrs", equalTo(JobsRig.xAttrs(endpoint.url())))
        .body("Data.JobConfigInfo.TimeConfig.Timezone", equalTo("Asia/Shanghai"));

    ListJobsResponse listed =
        ok(ListJobsResponse.class, "ListJobs", job("PageNum", 1, "PageSize", 10));
    assertEquals(1, listed.getData().getJobs().size());
    ListJobsResponse.Data.Job item = listed.getData().getJobs().get(0);
    assertEquals(jobId, item.getJobId());
    assertEquals("nightly", item.getName());
    assertEquals("every field", item.getDescription());
    assertEquals("com.example.Nightly", item.getClassName());
    assertEquals("echo kept", item.getContent());
    assertEquals("p=1", item.getParameters());
    assertEquals("3", item.getMaxConcurrency());
    assertEquals(2, item.getMaxAttempt());
    assertEquals(15, item.getAttemptInterval());
    assertEquals(1, item.getStatus());
    assertEquals(3600, item.getTimeConfig().getDataOffset());
    assertEquals(120L, item.getJobMonitorInfo().getMonitorConfig().getTimeout());
    assertEquals(true, item.getJobMonitorInfo().getMonitorConfig().getTimeoutEnable());
    call("ListJobs", job("PageNum", 1, "PageSize", 10))
        .body("Data.PageNumber", equalTo(1))
        .body("Data.PageSize", equalTo(10))
        .body("Data.Total", equalTo(1))
        .body("Data.Jobs[0].StartTime", equalTo(1_700_000_000_000L));

    ok(
        UpdateJobResponse.class,
        "UpdateJob",
        job("JobId", jobId, "Timeout", 60L, "MaxConcurrency", 4, "Content", "echo changed"));
    JobConfigInfo updated =
        ok(GetJobInfoResponse.class, "GetJobInfo", job("JobId", jobId))
            .getData()
            .getJobConfigInfo();
    assertEquals(60L, updated.getJobMonitorInfo().getMonitorConfig().getTimeout());
    assertEquals("4", updated.getMaxConcurrency());
    assertEquals("echo changed", updated.getContent());
    assertEquals("nightly", updated.getName(), "what UpdateJob does not give stays");
  }

  @Test
  void instancesReadBackWithTheirTimesAndParameters() throws Exception {
    long jobId = createFullJob();
    long instanceId =
        ok(
                ExecuteJobResponse.class,
                "ExecuteJob",
                job("JobId", jobId, "InstanceParameters", "day=1"))
            .getData()
            .getJobInstanceId();
    dispatcher.runUntilIdle(Duration.ofSeconds(30));

    JobInstanceDetail detail =
        ok(
                GetJobInstanceResponse.class,
                "GetJobInstance",
                job("JobId", jobId, "JobInstanceId", instanceId))
            .getData()
            .getJobInstanceDetail();
    assertEquals(instanceId, detail.getInstanceId());
    assertEquals(jobId, detail.getJobId());
    assertEquals(4, detail.getStatus());
    assertEquals(3, detail.getTriggerType());
    assertEquals(1, detail.getTimeType());
    assertNotNull(detail.getExecutor());
    assertNotNull(detail.getResult());
    LocalDateTime scheduled = LocalDateTime.parse(detail.getScheduleTime(), TIME);
    assertEquals(scheduled.minusSeconds(3600), LocalDateTime.parse(detail.getDataTime(), TIME));
    assertNotNull(LocalDateTime.parse(detail.getStartTime(), TIME));
    assertNotNull(LocalDateTime.parse(detail.getEndTime(), TIME));
    call("GetJobInstance", job("JobId", jobId, "JobInstanceId", instanceId))
        .body("Data.JobInstanceDetail.JobName", equalTo("nightly"))
        .body("Data.JobInstanceDetail.Parameters", equalTo("day=1"));

    for (Map<String, Object> request :
        List.of(job("JobId", jobId), job("PageNum", 1, "PageSize", 5))) {
      GetJobInstanceListResponse list =
          ok(GetJobInstanceListResponse.class, "GetJobInstanceList", request);
      assertEquals(1, list.getData().getJobInstanceDetails().size(), request.toString());
      GetJobInstanceListResponse.Data.JobInstanceDetailsItem item =
          list.getData().getJobInstanceDetails().get(0);
      assertEquals(instanceId, item.getInstanceId());
      assertEquals(jobId, item.getJobId());
      assertEquals(4, item.getStatus());
      assertEquals(3, item.getTriggerType());
      assertEquals(1, item.getTimeType());
      assertEquals(detail.getScheduleTime(), item.getScheduleTime());
      assertEquals(detail.getDataTime(), item.getDataTime());
      assertEquals(detail.getStartTime(), item.getStartTime());
      assertEquals(detail.getEndTime(), item.getEndTime());
      assertEquals(detail.getExecutor(), item.getExecutor());
      assertEquals(detail.getResult(), item.getResult());
    }

    long waiting =
        ok(ExecuteJobResponse.class, "ExecuteJob", job("JobId", jobId))
            .getData()
            .getJobInstanceId();
    ok(StopInstanceResponse.class, "StopInstance", job("JobId", jobId, "InstanceId", waiting));
  }

  @Test
  void lifecycleAnswersAndBatchesReadBack() throws Exception {
    long first = createFullJob();
    long second = createFullJob();
    // As the vendor's EnableJob and DisableJob, GroupId may be left out.
    ok(DisableJobResponse.class, "DisableJob", Map.of("Namespace", namespace, "JobId", first));
    call("GetJobInfo", job("JobId", first)).body("Data.JobConfigInfo.Status", equalTo(0));
    ok(EnableJobResponse.class, "EnableJob", Map.of("Namespace", namespace, "JobId", first));
    call("GetJobInfo", job("JobId", first)).body("Data.JobConfigInfo.Status", equalTo(1));

    ok(
        BatchDisableJobsResponse.class,
        "BatchDisableJobs",
        job("JobIdList", List.of(first, second)));
    call("ListJobs", job("Status", "0")).body("Data.Jobs", hasSize(2));
    ok(BatchEnableJobsResponse.class, "BatchEnableJobs", job("JobIdList", List.of(first, second)));
    call("ListJobs", job("Status", "1")).body("Data.Jobs", hasSize(2));
    ok(BatchDeleteJobsResponse.class, "BatchDeleteJobs", job("JobIdList", List.of(first)));
    ok(DeleteJobResponse.class, "DeleteJob", job("JobId", second));
    call("ListJobs", job()).body("Data.Total", equalTo(0));
  }

  @Test
  void everyJobsActionsRejectionReadsAsTheSdksException() {
    List<String> actions =
        catalog.all().stream()
            .filter(f -> f.family().equals("jobs"))
            .map(FunctionSpec::name)
            .toList();
    assertEquals(24, actions.size());
    for (String action : actions) {
      if (action.equals("ListNamespaces")) {
        continue; // it has no required parameter
      }
      ClientException rejected =
          assertThrows(
              ClientException.class,
              () ->
                  AliyunSdkAnswers.read(AcsResponse.class, call(action, Map.of()).statusCode(400)),
              action);
      assertEquals("400", rejected.getErrCode(), action);
      assertNotNull(rejected.getRequestId(), action);
      assertTrue(rejected.getErrMsg().startsWith("The parameter "), action + ": " + rejected);
    }
    ClientException missing =
        assertThrows(
            ClientException.class,
            () ->
                AliyunSdkAnswers.read(
                    GetJobInfoResponse.class,
                    call("GetJobInfo", job("JobId", 999_999_999L)).statusCode(404)));
    assertEquals("404", missing.getErrCode());
    assertEquals("job not exist jobId: 999999999 groupId: g1", missing.getErrMsg());
  }
}
