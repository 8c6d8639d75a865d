package io.taskfn.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.taskfn.support.Http;
import io.taskfn.support.JobsApi;
import io.taskfn.support.RecordingEndpoint;
import java.util.Map;
import java.util.Set;
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
      String namespace = JobsApi.namespaceWithGroup("g");
      int jobId =
          JobsApi.createJob(
              namespace, "g", "http", "{\"url\":\"" + endpoint.url() + "\",\"method\":\"POST\"}");
      int first = JobsApi.execute(namespace, "g", jobId, "it-0");
      int second = JobsApi.execute(namespace, "g", jobId, "it-1");
      Http.call("Dispatch", Map.of()).statusCode(200);
      assertEquals(4, JobsApi.status(namespace, "g", jobId, first));
      assertEquals(4, JobsApi.status(namespace, "g", jobId, second));
      Set<String> arrived =
          endpoint.received().stream()
              .map(r -> r.params().get("instanceParameters"))
              .collect(Collectors.toSet());
      assertEquals(Set.of("it-0", "it-1"), arrived);
      Http.callRaw("ExecuteJob", "{").statusCode(400).body("Success", equalTo(false));
    }
  }
}
