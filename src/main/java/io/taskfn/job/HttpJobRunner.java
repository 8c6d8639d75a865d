package io.taskfn.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskfn.api.PlainJson;
import io.taskfn.http.OutboundHttp;
import io.taskfn.http.OutboundRequest;
import io.taskfn.http.OutboundRequestException;
import io.taskfn.http.OutboundResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * Runs an attempt of an {@code http} job: the job's and the instance's parameters go in the request
 * (query of a GET, form body of a POST) and in {@code schedulerx-*} headers.
 */
@ApplicationScoped
public class HttpJobRunner implements JobTypeRunner {

  /** How much of an answer's body is kept as the instance's result. */
  static final int RESULT_LIMIT = 1000;

  private static final ObjectMapper JSON = PlainJson.MAPPER;

  private final OutboundHttp http;

  public HttpJobRunner(OutboundHttp http) {
    this.http = http;
  }

  @Override
  public String jobType() {
    return "http";
  }

  @Override
  public void validate(String xAttrs) {
    HttpTarget.parse(xAttrs);
  }

  @Override
  public Outcome run(Job job, JobInstance instance, Duration timeout) throws InterruptedException {
    HttpTarget target = HttpTarget.parse(job.xAttrs());
    if (target.timeout().compareTo(timeout) < 0) {
      timeout = target.timeout();
    }
    String form =
        "instanceParameters="
            + encode(instance.instanceParameters())
            + "&jobParameters="
            + encode(job.parameters());
    URI uri = target.method().equals("GET") ? withQuery(target.url(), form) : target.url();
    OutboundResponse response;
    try {
      OutboundRequest request =
          OutboundRequest.to(uri, target.method())
              .timeout(timeout)
              .header("schedulerx-jobId", Long.toString(job.jobId()))
              // SchedulerX sends the name URL-encoded (its users decode it with URLDecoder), which
              // also keeps names in any script within what a header value may hold.
              .header("schedulerx-jobName", encode(job.name()))
              .header("schedulerx-jobInstanceId", Long.toString(instance.instanceId()))
              .header("schedulerx-attempt", Integer.toString(instance.attempt()))
              .header(
                  "schedulerx-scheduleTimestamp",
                  Long.toString(instance.scheduleTime().toEpochMilli()));
      if (target.method().equals("POST")) {
        request = request.header("Content-Type", "application/x-www-form-urlencoded").body(form);
      }
      response = http.send(request);
    } catch (OutboundRequestException e) {
      return new Outcome(false, "request to " + uri + " not sent: " + e.getMessage());
    } catch (HttpTimeoutException e) {
      return new Outcome(false, "timed out after " + timeout.toSeconds() + "s: " + uri);
    } catch (IOException e) {
      return new Outcome(false, "request to " + uri + " failed: " + reason(e));
    }
    String body = truncate(response.body());
    if (!response.isSuccess()) {
      return new Outcome(false, "HTTP " + response.statusCode() + ": " + body);
    }
    if (target.respKey() != null && response.truncated()) {
      return new Outcome(
          false,
          "answer over the response size limit, " + target.respKey() + " unchecked: " + body);
    }
    if (target.respKey() != null && !expectedValue(response.body(), target)) {
      return new Outcome(
          false, "answer's " + target.respKey() + " is not " + target.respValue() + ": " + body);
    }
    return new Outcome(true, body);
  }

  /**
   * Why a request failed, in words: an instance's result is read by clients, and Java's own text
   * for a refused connection is its exception's class name, with no message.
   */
  private static String reason(IOException e) {
    if (e instanceof ConnectException) {
      return "the connection was refused or could not be made";
    }
    if (e instanceof SSLException) {
      return "the TLS handshake failed";
    }
    String message = e.getMessage();
    // A wrapped cause's message is its toString(): a class name is no reason to a client.
    return message == null || message.isBlank() || message.contains("Exception")
        ? "the connection failed"
        : message;
  }

  private static boolean expectedValue(String body, HttpTarget target) {
    try {
      JsonNode node = JSON.readTree(body);
      JsonNode value = node == null ? null : node.get(target.respKey());
      return value != null && !value.isContainerNode() && value.asText().equals(target.respValue());
    } catch (IOException e) {
      return false;
    }
  }

  /** The URL with the form added to its query; a fragment is dropped, as clients never send it. */
  private static URI withQuery(URI url, String form) {
    String base = url.toString();
    if (url.getRawFragment() != null) {
      base = base.substring(0, base.indexOf('#'));
    }
    return URI.create(base + (url.getRawQuery() == null ? "?" : "&") + form);
  }

  private static String encode(String value) {
    return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String truncate(String body) {
    return body.length() <= RESULT_LIMIT ? body : body.substring(0, RESULT_LIMIT) + "…";
  }
}
