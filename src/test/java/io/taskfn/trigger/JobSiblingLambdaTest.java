package io.taskfn.trigger;

import static io.taskfn.support.Http.call;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.taskfn.support.Http;
import io.taskfn.support.JobsApi;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A sibling action deployed as its own Lambda: BatchDisableJobs, with its JobIdList list. */
@QuarkusTest
@TestProfile(JobSiblingLambdaTest.BatchDisableJobsLambda.class)
class JobSiblingLambdaTest {

  public static class BatchDisableJobsLambda implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("taskfn.lambda.function", "BatchDisableJobs");
    }
  }

  @Test
  void batchDisableJobsRunsThroughTheLambdaTrigger() {
    String namespace = JobsApi.namespaceWithGroup("g");
    int first = JobsApi.createJob(namespace, "g", "http", "{\"url\":\"http://127.0.0.1:9/\"}");
    int second = JobsApi.createJob(namespace, "g", "http", "{\"url\":\"http://127.0.0.1:9/\"}");

    Http.lambda(Map.of("Namespace", namespace, "GroupId", "g", "JobIdList", List.of(first, second)))
        .statusCode(200)
        .body("Code", equalTo(200))
        .body("Success", equalTo(true));
    call("ListJobs", Map.of("Namespace", namespace, "GroupId", "g", "Status", "0"))
        .body("Data.Total", equalTo(2));

    Http.lambda(Map.of("Namespace", namespace, "GroupId", "g", "JobIdList", List.of("x")))
        .statusCode(200)
        .body("Success", equalTo(false))
        .body("Code", equalTo(400));
  }
}
