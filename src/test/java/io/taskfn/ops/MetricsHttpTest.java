package io.taskfn.ops;

import static io.taskfn.support.Http.call;
import static io.taskfn.support.Http.callRaw;
import static io.taskfn.support.PrometheusScrape.scrape;
import static io.taskfn.support.PrometheusScrape.scrapeUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.taskfn.support.JobsApi;
import io.taskfn.support.PrometheusScrape;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Requests and errors per function, and the dispatcher's meters, as Prometheus reads them. */
@QuarkusTest
class MetricsHttpTest {

  private static final String REQUESTS = "http_server_requests_seconds_count";

  private static Map<String, String> post(String uri, int status) {
    return Map.of("method", "POST", "uri", uri, "status", String.valueOf(status));
  }

  @Test
  void successesAndErrorsAreCountedPerFunctionWithTheirRealStatus() {
    Map<String, String> created = post("/CreateNamespace", 200);
    Map<String, String> unreadable = post("/CreateNamespace", 400);
    Map<String, String> unknownGroup = post("/ExecuteJob", 404);
    Map<String, String> noSuchFunction = post("NOT_FOUND", 404);
    PrometheusScrape before = scrape();

    call("CreateNamespace", Map.of("Name", "metrics", "Uid", "ns-" + UUID.randomUUID()))
        .statusCode(200);
    // Funqy fails this one and HttpErrorRoutes' failure handler answers it.
    callRaw("CreateNamespace", "{").statusCode(400);
    // The function's own 404, which must not be mistaken for a call of no function.
    call("ExecuteJob", Map.of("Namespace", "ns-" + UUID.randomUUID(), "GroupId", "g", "JobId", 1))
        .statusCode(404);
    call("NoSuchFunction", Map.of()).statusCode(404);

    PrometheusScrape after =
        scrapeUntil(
            s ->
                s.sum(REQUESTS, created) > before.sum(REQUESTS, created)
                    && s.sum(REQUESTS, unreadable) > before.sum(REQUESTS, unreadable)
                    && s.sum(REQUESTS, unknownGroup) > before.sum(REQUESTS, unknownGroup)
                    && s.sum(REQUESTS, noSuchFunction) > before.sum(REQUESTS, noSuchFunction));
    for (Map<String, String> labels : List.of(created, unreadable, unknownGroup, noSuchFunction)) {
      assertEquals(
          before.sum(REQUESTS, labels) + 1, after.sum(REQUESTS, labels), labels.toString());
    }
    assertEquals(
        "CLIENT_ERROR",
        after.find(REQUESTS, unreadable).get(0).labels().get("outcome"),
        "a 400 is an error in the outcome tag too");
    assertTrue(
        after.find(REQUESTS, Map.of("uri", "/NoSuchFunction")).isEmpty(),
        "a path no function serves must not become a uri tag");
  }

  @Test
  void theDispatcherReportsClaimsRunsAndWorkPerKind() {
    String namespace = JobsApi.namespaceWithGroup("metrics");
    int jobId =
        JobsApi.createJob(namespace, "metrics", "http", "{\"url\":\"http://127.0.0.1:9/\"}");
    Map<String, String> instances = Map.of("kind", "jobinstance");
    PrometheusScrape before = scrape();
    JobsApi.execute(namespace, "metrics", jobId, "m");
    call("Dispatch", Map.of("MaxSeconds", 30)).statusCode(200);

    PrometheusScrape after =
        scrapeUntil(
            s ->
                s.sum("taskfn_dispatch_attempts_total", instances)
                    > before.sum("taskfn_dispatch_attempts_total", instances));
    assertEquals(
        before.sum("taskfn_dispatch_claim_seconds_count", instances) + 1,
        after.sum("taskfn_dispatch_claim_seconds_count", instances));
    assertEquals(
        before.sum(
                "taskfn_dispatch_attempts_total", Map.of("kind", "jobinstance", "outcome", "done"))
            + 1,
        after.sum(
            "taskfn_dispatch_attempts_total", Map.of("kind", "jobinstance", "outcome", "done")));
    assertEquals(0, after.sum("taskfn_work_running", instances), "Dispatch waited for its work");
    for (String kind : List.of("job", "jobinstance", "flowexecution")) {
      assertEquals(1, after.find("taskfn_work_due", Map.of("kind", kind)).size(), kind);
    }
  }
}
