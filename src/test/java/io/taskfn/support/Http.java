package io.taskfn.support;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Calls to the HTTP trigger. With the Lambda extension present Quarkus points RestAssured at the
 * mock Lambda event server, so HTTP calls name the HTTP test port themselves.
 */
public final class Http {
  private Http() {}

  public static RequestSpecification given() {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    return RestAssured.given().port(port).contentType(ContentType.JSON);
  }

  public static ValidatableResponse call(String action, Object body) {
    return given().body(body).post("/" + action).then();
  }

  public static ValidatableResponse callRaw(String action, String body) {
    return given().body(body).post("/" + action).then();
  }
}
