package io.taskfn.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.taskfn.support.Http;
import io.taskfn.support.RecordingEndpoint;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The packaged application (the runner jar, or the native executable under native/build.sh): jobs
 * created and executed over HTTP, run by a call of the Dispatch function.
 */
@QuarkusIntegrationTest
class ExecuteJobIT {

  @Test
  void executeJobRunsTwoInstancesInThePackagedApplication() {
    try (RecordingEndpoint endpoint = new RecordingEndpoint()) {
      String namespace = "it-" + UUID.randomUUID();
      Http.call("CreateNamespace", Map.of("Name", "it", "Uid", namespace)).statusCode(200);
      Http.call("CreateAppGroup", Map.of("Namespace", namespace, "GroupId", "g", "AppName", "a"))
          .statusCode(200);
      int jobId =
          Http.call(
                  "CreateJob",
                  Map.of(
                      "Namespace",
                      namespace,
                      "GroupId",
                      "g",
                      "Name",
                      "it-job",
                      "JobType",
                      "http",
                      "TimeType",
                      100,
                      "MaxConcurrency",
                      2,
                      "XAttrs",
                      "{\"url\":\"" + endpoint.url() + "\",\"method\":\"POST\"}"))
              .statusCode(200)
              .extract()
              .path("Data.JobId");
      int[] instances = new int[2];
      for (int i = 0; i < 2; i++) {
        instances[i] =
            Http.call(
                    "ExecuteJob",
                    Map.of(
                        "Namespace",
                        namespace,
                        "GroupId",
                        "g",
                        "JobId",
                        jobId,
                        "InstanceParameters",
                        "it-" + i))
                .statusCode(200)
                .extract()
                .path("Data.JobInstanceId");
      }
      Http.call("Dispatch", Map.of()).statusCode(200);
      for (int instanceId : instances) {
        Http.call(
                "GetJobInstance",
                Map.of(
                    "Namespace", namespace,
                    "GroupId", "g",
                    "JobId", jobId,
                    "JobInstanceId", instanceId))
            .statusCode(200)
            .body("Data.JobInstanceDetail.Status", equalTo(4));
      }
      Set<String> arrived =
          endpoint.received().stream()
              .map(r -> r.params().get("instanceParameters"))
              .collect(Collectors.toSet());
      assertEquals(Set.of("it-0", "it-1"), arrived);
      Http.callRaw("ExecuteJob", "{").statusCode(400).body("Success", equalTo(false));
    }
  }
}
