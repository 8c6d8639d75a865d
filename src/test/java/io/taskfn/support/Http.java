package io.taskfn.support;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Calls to the HTTP trigger. With the Lambda extension present Quarkus points RestAssured at the
 * mock Lambda event server, so HTTP calls name the HTTP test port themselves.
 */
public final class Http {
  private Http() {}

  private static final HttpClient RAW =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static int port() {
    return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
  }

  public static RequestSpecification given() {
    return RestAssured.given().port(port()).contentType(ContentType.JSON);
  }

  public static ValidatableResponse call(String action, Object body) {
    return given().body(body).post("/" + action).then();
  }

  /**
   * An event to the mock Lambda event server, as the Lambda trigger receives one. The handler
   * writes the answer's bytes and the mock server does not say they are JSON, so they are read as
   * JSON here.
   */
  public static ValidatableResponse lambda(Object event) {
    int lambdaPort =
        ConfigProvider.getConfig()
            .getValue("quarkus.lambda.mock-event-server.test-port", Integer.class);
    return RestAssured.given()
        .port(lambdaPort)
        .contentType(ContentType.JSON)
        .body(event)
        .post("/_lambda_")
        .then()
        .defaultParser(io.restassured.parsing.Parser.JSON);
  }

  public static ValidatableResponse callRaw(String action, String body) {
    return given().body(body).post("/" + action).then();
  }

  /**
   * A request exactly as given, which RestAssured would not send: the request target unencoded, no
   * Content-Type when {@code contentType} is null, any method with or without a body.
   */
  public static HttpResponse<String> send(
      String method, String target, String contentType, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + target))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    try {
      return RAW.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A status and body as read off the wire. */
  public record RawAnswer(int status, String body) {}

  /**
   * A POST of {@code {}} to {@code target} with the header lines {@code extraHeaders} (each ending
   * in CRLF), written over a socket as given: Java's HTTP client refuses to send a target that is
   * not a URI.
   */
  public static RawAnswer rawPost(String host, int port, String target, String extraHeaders)
      throws IOException {
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(30_000);
      socket
          .getOutputStream()
          .write(
              ("POST "
                      + target
                      + " HTTP/1.1\r\nHost: "
                      + host
                      + "\r\nContent-Type: application/json\r\n"
                      + "Content-Length: 2\r\nConnection: close\r\n"
                      + extraHeaders
                      + "\r\n{}")
                  .getBytes(StandardCharsets.ISO_8859_1));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new RawAnswer(
          Integer.parseInt(answer.substring(9, 12)),
          answer.substring(answer.indexOf("\r\n\r\n") + 4));
    }
  }

  /** {@link #rawPost(String, int, String, String)} to this test's server. */
  public static RawAnswer rawPost(String target, String extraHeaders) throws IOException {
    return rawPost("127.0.0.1", port(), target, extraHeaders);
  }
}
