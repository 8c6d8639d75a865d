package io.taskfn.ops;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.taskfn.support.Http;
import org.junit.jupiter.api.Test;

/**
 * Quarkus' own endpoints answer as Quarkus documents them, though HttpErrorRoutes ends every path
 * no function serves with a 404 envelope.
 */
@QuarkusTest
class OpsEndpointsTest {

  @Test
  void readinessIsUpAndSaysTheStoreAnswers() {
    Http.given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.find { it.name == 'store' }.status", equalTo("UP"));
  }

  @Test
  void livenessIsUpAndDoesNotDependOnTheStore() {
    Http.given()
        .get("/q/health/live")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", not(hasItem("store")));
  }

  @Test
  void healthGathersEveryCheck() {
    Http.given()
        .get("/q/health")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("store"));
  }

  @Test
  void metricsAnswerInPrometheusFormat() {
    Http.given()
        .accept("text/plain; version=0.0.4")
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .contentType(startsWith("text/plain"))
        .body(containsString("# TYPE "));
  }

  @Test
  void unknownPathsUnderQAndElsewhereStillGetTheJsonEnvelope() {
    for (String path : new String[] {"/q/nope", "/q/health/nope", "/Nope"}) {
      String name = path.substring(1);
      Http.given()
          .get(path)
          .then()
          .statusCode(404)
          .contentType(startsWith("application/json"))
          .body("Message", equalTo("There is no function named '" + name + "'."));
      Http.given()
          .body("{}")
          .post(path)
          .then()
          .statusCode(404)
          .contentType(startsWith("application/json"))
          .body("Message", equalTo("There is no function named '" + name + "'."));
    }
  }
}
