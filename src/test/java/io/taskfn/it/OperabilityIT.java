package io.taskfn.it;

import static io.taskfn.support.PrometheusScrape.scrapeUntil;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.taskfn.support.Http;
import io.taskfn.support.PrometheusScrape;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Health and metrics of the packaged application, with the routes it is really built with. */
@QuarkusIntegrationTest
class OperabilityIT {

  @Test
  void readyWithTheStoreAndLive() {
    Http.given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.find { it.name == 'store' }.status", equalTo("UP"));
    Http.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void metricsCountFunctionCalls() {
    Http.call("CreateNamespace", Map.of("Name", "it", "Uid", "ns-" + UUID.randomUUID()))
        .statusCode(200);
    Map<String, String> created =
        Map.of("method", "POST", "uri", "/CreateNamespace", "status", "200");
    PrometheusScrape scrape =
        scrapeUntil(s -> s.sum("http_server_requests_seconds_count", created) >= 1);
    assertTrue(scrape.sum("http_server_requests_seconds_count", created) >= 1);
  }

  @Test
  void unknownQuarkusPathGetsTheEnvelope() {
    Http.given()
        .get("/q/nope")
        .then()
        .statusCode(404)
        .body("Message", equalTo("There is no function named 'q/nope'."));
  }
}
