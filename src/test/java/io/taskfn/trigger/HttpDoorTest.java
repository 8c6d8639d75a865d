package io.taskfn.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.taskfn.api.FunctionCatalog;
import io.taskfn.api.FunctionSpec;
import io.taskfn.support.EnvelopeShapes;
import io.taskfn.support.Http;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What no function takes is refused before its body is read, for every function, in its family's
 * envelope: another method than POST (GET included) with 405, a query string with 400, a body that
 * is not application/json with 415, a URI over the limit with 414, a body over the limit with the
 * vendor's EntityTooLarge.
 */
@QuarkusTest
class HttpDoorTest {

  private static final String JSON = "application/json";

  @Inject FunctionCatalog catalog;

  @ConfigProperty(name = "quarkus.http.test-port")
  int port;

  @Inject ObjectMapper mapper;

  /** Checks the family's envelope and returns its code as text. */
  private String envelope(String function, HttpResponse<String> answer, int status)
      throws IOException {
    assertEquals(status, answer.statusCode(), function + ": " + answer.body());
    assertTrue(
        answer.headers().firstValue("Content-Type").orElse("").startsWith(JSON),
        function + ": " + answer.headers());
    return EnvelopeShapes.read(catalog.familyOf(function), mapper.readTree(answer.body()), status)
        .code();
  }

  @Test
  void everyMethodButPostIsRefusedWith405ForEveryFunction() throws IOException {
    for (FunctionSpec function : catalog.all()) {
      String name = function.name();
      for (String method : List.of("GET", "PUT", "DELETE", "PATCH", "OPTIONS")) {
        HttpResponse<String> answer = Http.send(method, "/" + name, null, null);
        EnvelopeShapes.Rejection rejection =
            EnvelopeShapes.read(function.family(), mapper.readTree(answer.body()), 405);
        assertEquals(405, answer.statusCode(), name);
        String code = rejection.code();
        assertEquals("POST", answer.headers().firstValue("Allow").orElse(""), name);
        if (!function.family().equals("jobs")) {
          assertEquals("MethodNotAllowed", code, name);
        }
        assertEquals(
            "The HTTP method "
                + method
                + " is not allowed: call "
                + name
                + " with POST and a JSON object of its parameters.",
            rejection.message());
      }
      // A GET with parameters in its query string was read by Funqy, and refused with an empty 400.
      envelope(name, Http.send("GET", "/" + name + "?Name=x&JobId=1", null, null), 405);
      assertEquals(405, Http.send("HEAD", "/" + name, null, null).statusCode(), name);
    }
  }

  @Test
  void aQueryStringIsRefusedInTheEnvelope() throws IOException {
    HttpResponse<String> jobs = Http.send("POST", "/GetJobInfo?JobId=1", JSON, "{}");
    envelope("GetJobInfo", jobs, 400);
    assertEquals(
        "The parameters of GetJobInfo go in the JSON body; the request URI has no query string.",
        mapper.readTree(jobs.body()).get("Message").asText());
    assertEquals(
        "InvalidArgument",
        envelope("DescribeFlow", Http.send("POST", "/DescribeFlow?a=%41", JSON, "{}"), 400));
  }

  @Test
  void aBodyThatIsNotJsonIsRefusedWith415() throws IOException {
    String body = "{\"Name\":\"x\"}";
    for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", null}) {
      assertEquals(
          "UnsupportedMediaType",
          envelope("DescribeFlow", Http.send("POST", "/DescribeFlow", type, body), 415));
      HttpResponse<String> jobs = Http.send("POST", "/GetJobInfo", type, body);
      envelope("GetJobInfo", jobs, 415);
      assertEquals(
          "The content type must be \"application/json\".",
          mapper.readTree(jobs.body()).get("Message").asText());
    }
    envelope(
        "GetJobInfo",
        Http.send("POST", "/GetJobInfo", "application/json; charset=ISO-8859-1", body),
        415);
    // The parameters are read: the answer is about them, not about the content type.
    HttpResponse<String> read =
        Http.send("POST", "/DescribeFlow", "Application/JSON; charset=\"utf-8\"", body);
    assertEquals("FlowNotExists", envelope("DescribeFlow", read, 404));
    // No body, no content type needed: every parameter is absent.
    assertEquals(200, Http.send("POST", "/ListFlows", null, null).statusCode());
  }

  @Test
  void aUriOverTheLimitIsRefusedWith414InTheFamilysEnvelope() throws IOException {
    String query = "?q=" + "a".repeat(HttpErrorRoutes.MAX_URI_LENGTH);
    assertEquals(
        "URITooLong",
        envelope(
            "StartSyncExecution",
            Http.send("POST", "/StartSyncExecution" + query, JSON, "{}"),
            414));
    HttpResponse<String> jobs = Http.send("POST", "/ExecuteJob" + query, JSON, "{}");
    envelope("ExecuteJob", jobs, 414);
    assertEquals(
        "The request URI is longer than 4096 characters.",
        mapper.readTree(jobs.body()).get("Message").asText());
    // A long path names no function: taskfn's own envelope, which does not repeat the path.
    String path = "/" + "x".repeat(HttpErrorRoutes.MAX_URI_LENGTH);
    assertEquals(
        "URITooLong", envelope("no-such-function", Http.send("GET", path, null, null), 414));
  }

  @Test
  void aUriThatIsNotOneIsRefusedInTheFamilysEnvelope() throws IOException {
    // Before: an empty 400 from Quarkus' own check, before any route.
    for (String target : List.of("/ExecuteJob?a=%zz", "/ExecuteJob?a={x}", "/ExecuteJob?a=%")) {
      Http.RawAnswer answer = Http.rawPost(target, "");
      assertEquals(400, answer.status(), target + ": " + answer.body());
      JsonNode body = mapper.readTree(answer.body());
      EnvelopeShapes.read("jobs", body, 400);
      assertTrue(body.get("Message").asText().startsWith("The request URI is not valid"), target);
    }
    // A path that names no function: taskfn's own envelope.
    for (String target : List.of("/Execute%zzJob", "/ExecuteJob/%zz", "/Exe|cuteJob")) {
      Http.RawAnswer unknown = Http.rawPost(target, "");
      assertEquals(400, unknown.status(), target + ": " + unknown.body());
      EnvelopeShapes.read("taskfn", mapper.readTree(unknown.body()), 400);
    }
  }

  @Test
  void headerFieldsOverTheLimitAreRefusedWith431InTheEnvelope() throws IOException {
    String justUnder = "X-Pad: " + "a".repeat(HttpErrorRoutes.MAX_HEADER_BYTES - 200) + "\r\n";
    assertNotEquals(431, Http.rawPost("/DescribeFlow", justUnder).status(), "read as before");
    // Before: a bare 431 with an empty body from the HTTP decoder.
    String over = "X-Pad: " + "a".repeat(HttpErrorRoutes.MAX_HEADER_BYTES) + "\r\n";
    Http.RawAnswer answer = Http.rawPost("/DescribeFlow", over);
    assertEquals(431, answer.status(), answer.body());
    assertEquals(
        "RequestHeaderFieldsTooLarge",
        EnvelopeShapes.read("flows", mapper.readTree(answer.body()), 431).code());
    String many = ("X-Many: " + "b".repeat(100) + "\r\n").repeat(300);
    assertEquals(431, Http.rawPost("/ExecuteJob", many).status());
  }

  @Test
  void overHttp2ALongUriIsRefusedInTheEnvelopeToo() throws Exception {
    HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    URI base = URI.create("http://127.0.0.1:" + port + "/");
    // The first request upgrades the connection from HTTP/1.1; the next ones use HTTP/2.
    http2.send(
        HttpRequest.newBuilder(base.resolve("q/health/live")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> answer =
        http2.send(
            HttpRequest.newBuilder(
                    base.resolve(
                        "DescribeFlow?q=" + "a".repeat(4 * HttpErrorRoutes.MAX_URI_LENGTH)))
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(HttpClient.Version.HTTP_2, answer.version());
    assertEquals("URITooLong", envelope("DescribeFlow", answer, 414));
  }

  @Test
  void aBodyOverTheLimitIsTheVendorsEntityTooLarge() throws IOException {
    // The test profile's limit is 1 MiB.
    String body = "{\"Name\":\"" + "x".repeat(2 << 20) + "\"}";
    HttpResponse<String> flows = Http.send("POST", "/DescribeFlow", JSON, body);
    assertEquals("EntityTooLarge", envelope("DescribeFlow", flows, 400));
    assertEquals(
        "The payload size exceeds maximum allowed size (1048576 bytes).",
        mapper.readTree(flows.body()).get("Message").asText());
    envelope("CreateJob", Http.send("POST", "/CreateJob", JSON, body), 400);
  }
}
