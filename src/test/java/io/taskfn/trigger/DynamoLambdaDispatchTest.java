package io.taskfn.trigger;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.taskfn.support.Dynalite;
import io.taskfn.support.Http;
import io.taskfn.support.JobsApi;
import io.taskfn.support.RecordingEndpoint;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A Lambda deployment over DynamoDB (dynalite): the API calls go over HTTP, as to their own
 * Lambdas, and write instances to the table; nothing runs them until the scheduled {@code Dispatch}
 * Lambda is invoked with a schedule event, which runs every due instance once.
 */
@QuarkusTest
@TestProfile(DynamoLambdaDispatchTest.DispatchLambdaOnDynamo.class)
class DynamoLambdaDispatchTest {

  public static class DispatchLambdaOnDynamo implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("taskfn.lambda.function", "Dispatch");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(DynaliteResource.class));
    }
  }

  public static class DynaliteResource implements QuarkusTestResourceLifecycleManager {
    private Dynalite dynalite;

    @Override
    public Map<String, String> start() {
      try {
        dynalite = Dynalite.start();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return Map.of(
          "taskfn.store", "dynamodb",
          "taskfn.store.dynamodb.table", "lambda",
          "taskfn.store.dynamodb.create-table", "true",
          "quarkus.dynamodb.endpoint-override", dynalite.endpoint().toString(),
          "quarkus.dynamodb.aws.region", "us-east-1",
          "quarkus.dynamodb.aws.credentials.type", "static",
          "quarkus.dynamodb.aws.credentials.static-provider.access-key-id", "taskfn",
          "quarkus.dynamodb.aws.credentials.static-provider.secret-access-key", "taskfn");
    }

    @Override
    public void stop() {
      try {
        dynalite.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void theScheduledDispatchLambdaRunsEveryInstanceOnce() {
    try (RecordingEndpoint endpoint = new RecordingEndpoint()) {
      String namespace = JobsApi.namespaceWithGroup("g");
      // Room for every worker at once: past MaxConcurrency an instance is rejected.
      int jobId =
          Http.call(
                  "CreateJob",
                  Map.of(
                      "Namespace",
                      namespace,
                      "GroupId",
                      "g",
                      "Name",
                      "lambda",
                      "JobType",
                      "http",
                      "TimeType",
                      100,
                      "MaxConcurrency",
                      100,
                      "XAttrs",
                      "{\"url\":\"" + endpoint.url() + "\"}"))
              .statusCode(200)
              .extract()
              .path("Data.JobId");
      int instances = 20;
      for (int i = 0; i < instances; i++) {
        JobsApi.execute(namespace, "g", jobId, "n" + i);
      }
      assertTrue(endpoint.received().isEmpty(), "nothing runs before the Dispatch Lambda");

      Map<String, Object> scheduleEvent =
          Map.of(
              "source", "aws.events",
              "detail-type", "Scheduled Event",
              "resources", List.of("arn:aws:events:us-east-1:123456789012:rule/taskfn-dispatch"));
      Http.lambda(scheduleEvent).statusCode(200).body("Claimed", equalTo(instances));
      Http.lambda(scheduleEvent).statusCode(200).body("Claimed", equalTo(0));

      Map<String, Long> runsPerInstance =
          endpoint.received().stream()
              .collect(
                  Collectors.groupingBy(
                      r -> r.headers().get("schedulerx-jobinstanceid"), Collectors.counting()));
      assertEquals(instances, runsPerInstance.size());
      assertTrue(
          runsPerInstance.values().stream().allMatch(n -> n == 1), runsPerInstance.toString());
      Http.call(
              "GetJobInstanceList",
              Map.of("Namespace", namespace, "GroupId", "g", "JobId", jobId, "Status", 4))
          .statusCode(200)
          .body("Data.Total", equalTo(instances));
    }
  }
}
