package io.taskfn.job;

import static io.taskfn.support.Http.call;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.support.RecordingEndpoint;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SchedulerX siblings users miss most, over HTTP, in the answer names of the vendor's Tea
 * models (schedulerx2-20190430): app groups, batches, SetJobInstanceSuccess, RerunJob; and the
 * parameters rejected as not supported.
 */
@QuarkusTest
class JobSiblingsHttpTest {

  @Inject Dispatcher dispatcher;

  private RecordingEndpoint endpoint;
  private String namespace;

  @BeforeEach
  void setUp() {
    endpoint = new RecordingEndpoint();
    namespace = "ns-" + UUID.randomUUID();
    call("CreateNamespace", Map.of("Name", "siblings", "Uid", namespace)).statusCode(200);
    call(
            "CreateAppGroup",
            Map.of(
                "Namespace",
                namespace,
                "GroupId",
                "g1",
                "AppName",
                "app",
                "Description",
                "first",
                "MaxJobs",
                50,
                "AppVersion",
                2))
        .statusCode(200);
  }

  @AfterEach
  void tearDown() {
    endpoint.close();
  }

  private Map<String, Object> in(String group, Object... more) {
    Map<String, Object> body = new HashMap<>();
    body.put("Namespace", namespace);
    body.put("GroupId", group);
    for (int i = 0; i < more.length; i += 2) {
      body.put((String) more[i], more[i + 1]);
    }
    return body;
  }

  private long createJob(String group, String url, Object... more) {
    Map<String, Object> body =
        in(group, "Name", "j", "JobType", "http", "TimeType", 100, "XAttrs", JobsRig.xAttrs(url));
    for (int i = 0; i < more.length; i += 2) {
      body.put((String) more[i], more[i + 1]);
    }
    return call("CreateJob", body).statusCode(200).extract().jsonPath().getLong("Data.JobId");
  }

  @Test
  void getUpdateAndDeleteAnAppGroup() {
    createJob("g1", endpoint.url());
    call("GetAppGroup", in("g1"))
        .statusCode(200)
        .body("Data.GroupId", equalTo("g1"))
        .body("Data.AppName", equalTo("app"))
        .body("Data.Description", equalTo("first"))
        .body("Data.MaxJobs", equalTo(50))
        .body("Data.CurJobs", equalTo(1))
        .body("Data.AppVersion", equalTo("2"))
        .body("Data.EnableLog", equalTo(false))
        .body("Data.Namespace", equalTo(namespace));

    call("UpdateAppGroup", in("g1", "Description", "second", "AppVersion", 1)).statusCode(200);
    call("GetAppGroup", in("g1"))
        .body("Data.Description", equalTo("second"))
        .body("Data.AppVersion", equalTo("1"));
    call("UpdateAppGroup", in("g1", "MaxConcurrency", 3))
        .statusCode(400)
        .body("Message", startsWith("The parameter MaxConcurrency is not supported"));
    call("UpdateAppGroup", in("g1", "MonitorConfigJson", "{}"))
        .statusCode(400)
        .body("Message", startsWith("The parameter MonitorConfigJson is not supported"));

    call("DeleteAppGroup", in("g1"))
        .statusCode(400)
        .body("Message", containsString("give DeleteJobs true"));
    call("GetAppGroup", in("g1")).statusCode(200);
    call("DeleteAppGroup", in("g1", "DeleteJobs", true)).statusCode(200);
    call("GetAppGroup", in("g1"))
        .statusCode(404)
        .body("Message", equalTo("groupid not exist groupId: g1 namespace: " + namespace));
    call("ListGroups", Map.of("Namespace", namespace)).body("Data.AppGroups", hasSize(0));
  }

  @Test
  void listGroupsFiltersByNameAndAnUnknownNamespaceIsNotFound() {
    call("CreateAppGroup", in("g2", "AppName", "reports")).statusCode(200);
    call("ListGroups", Map.of("Namespace", namespace))
        .statusCode(200)
        .body("Data.AppGroups.GroupId", equalTo(List.of("g1", "g2")));
    call("ListGroups", Map.of("Namespace", namespace, "AppGroupName", "rep"))
        .body("Data.AppGroups.GroupId", equalTo(List.of("g2")));
    call("ListGroups", Map.of("Namespace", "nowhere")).statusCode(404);
    call("ListNamespaces", Map.of("NamespaceName", "siblings", "Namespace", namespace))
        .statusCode(200)
        .body("Data.Namespaces.UId", equalTo(List.of(namespace)));
  }

  @Test
  void aBatchWithAJobOfAnotherGroupChangesNothing() {
    call("CreateAppGroup", in("g2", "AppName", "other")).statusCode(200);
    long mine = createJob("g1", endpoint.url());
    long theirs = createJob("g2", endpoint.url());
    call("BatchDisableJobs", in("g1", "JobIdList", List.of(mine, theirs)))
        .statusCode(404)
        .body("Message", equalTo("job not exist jobId: " + theirs + " groupId: g1"));
    call("GetJobInfo", in("g1", "JobId", mine)).body("Data.JobConfigInfo.Status", equalTo(1));
    call("BatchDeleteJobs", in("g1", "JobIdList", List.of()))
        .statusCode(400)
        .body("Message", startsWith("The parameter JobIdList must hold 1 to 1000"));
    call("BatchEnableJobs", in("g1")).statusCode(400);
  }

  @Test
  void setJobInstanceSuccessMarksAFailedInstanceSucceeded() throws Exception {
    long jobId = createJob("g1", "http://127.0.0.1:9/refused");
    long instanceId =
        call("ExecuteJob", in("g1", "JobId", jobId))
            .statusCode(200)
            .extract()
            .jsonPath()
            .getLong("Data.JobInstanceId");
    dispatcher.runUntilIdle(Duration.ofSeconds(30));
    Map<String, Object> ref = in("g1", "JobId", jobId, "JobInstanceId", instanceId);
    call("GetJobInstance", ref).body("Data.JobInstanceDetail.Status", equalTo(5));

    call("SetJobInstanceSuccess", ref).statusCode(200).body("Success", equalTo(true));
    call("GetJobInstance", ref)
        .body("Data.JobInstanceDetail.Status", equalTo(4))
        .body("Data.JobInstanceDetail.Result", equalTo("set to success by SetJobInstanceSuccess"));
    call("SetJobInstanceSuccess", ref)
        .statusCode(400)
        .body("Message", containsString("success (status 4)"));
    call("SetJobInstanceSuccess", in("g1", "JobId", jobId, "JobInstanceId", 999_999_999L))
        .statusCode(404);
  }

  @Test
  void rerunJobRunsOneInstancePerDayWithThatDaysDataTime() throws Exception {
    long jobId = createJob("g1", endpoint.url(), "Timezone", "Asia/Shanghai", "MaxConcurrency", 3);
    long start = Instant.parse("2026-03-01T00:00:00+08:00").toEpochMilli();
    long end = Instant.parse("2026-03-03T23:00:00+08:00").toEpochMilli();
    call(
            "RerunJob",
            in("g1", "JobId", jobId, "DataTime", "10:30:00", "StartDate", start, "EndDate", end))
        .statusCode(200)
        .body("Success", equalTo(true));
    dispatcher.runUntilIdle(Duration.ofSeconds(30));
    call("GetJobInstanceList", in("g1", "JobId", jobId))
        .statusCode(200)
        .body("Total", equalTo(null))
        .body("Data.Total", equalTo(3))
        .body("Data.JobInstanceDetails.TriggerType", equalTo(List.of(2, 2, 2)))
        .body("Data.JobInstanceDetails.Status", equalTo(List.of(4, 4, 4)))
        .body(
            "Data.JobInstanceDetails.DataTime",
            equalTo(List.of("2026-03-03 02:30:00", "2026-03-02 02:30:00", "2026-03-01 02:30:00")));
    call(
            "RerunJob",
            in("g1", "JobId", jobId, "DataTime", "25:00", "StartDate", start, "EndDate", end))
        .statusCode(400)
        .body("Message", startsWith("The parameter DataTime must be a time of day HH:mm:ss"));
    call(
            "RerunJob",
            in("g1", "JobId", jobId, "DataTime", "10:30:00", "StartDate", end, "EndDate", start))
        .statusCode(400)
        .body("Message", equalTo("The parameter EndDate must not be before StartDate."));
  }

  @Test
  void jobParametersTaskfnDoesNotActOnAreRejectedNotDropped() {
    Map<String, Object> unsupported =
        Map.of(
            "Calendar",
            "workday",
            "Priority",
            5,
            "SendChannel",
            "mail",
            "FailEnable",
            true,
            "ContactInfo",
            List.of(Map.of("UserName", "a")),
            "ConsumerSize",
            5,
            "TaskMaxAttempt",
            1,
            "TimeoutKillEnable",
            false);
    for (Map.Entry<String, Object> parameter : unsupported.entrySet()) {
      Map<String, Object> body =
          in(
              "g1",
              "Name",
              "j",
              "JobType",
              "http",
              "TimeType",
              100,
              "XAttrs",
              "{\"url\":\"http://127.0.0.1:9/\"}");
      body.put(parameter.getKey(), parameter.getValue());
      call("CreateJob", body)
          .statusCode(400)
          .body("Code", equalTo(400))
          .body(
              "Message", startsWith("The parameter " + parameter.getKey() + " is not supported: "));
    }
    long jobId = createJob("g1", endpoint.url(), "FailEnable", false, "TimeoutKillEnable", true);
    call("UpdateJob", in("g1", "JobId", jobId, "Status", 0))
        .statusCode(400)
        .body("Message", containsString("EnableJob and DisableJob change it"));
  }
}
