package io.taskfn.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskfn.api.ApiException;
import io.taskfn.api.FunctionCaller;
import io.taskfn.flow.asl.ErrorNames;
import io.taskfn.flow.asl.ExecutionRun;
import io.taskfn.flow.asl.FlowFailure;
import io.taskfn.flow.asl.Json;
import io.taskfn.flow.asl.TaskInvoker;
import io.taskfn.http.OutboundHttp;
import io.taskfn.http.OutboundRequest;
import io.taskfn.http.OutboundRequestException;
import io.taskfn.http.OutboundResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The Task resources a flow can call: {@code taskfn:function:<Action>} runs a function of this
 * service with the state's parameters as its request; {@code arn:aws:states:::http:invoke} (or
 * {@code taskfn:http}) makes an HTTP call from {@code ApiEndpoint}, {@code Method}, {@code
 * Headers}, {@code QueryParameters} and {@code RequestBody}.
 */
@ApplicationScoped
public class ServiceTaskInvoker implements TaskInvoker {

  static final String FUNCTION_PREFIX = "taskfn:function:";
  static final String HTTP_AWS = "arn:aws:states:::http:invoke";
  static final String HTTP = "taskfn:http";

  private final FunctionCaller functions;
  private final OutboundHttp http;

  public ServiceTaskInvoker(FunctionCaller functions, OutboundHttp http) {
    this.functions = functions;
    this.http = http;
  }

  @Override
  public boolean supports(String resource) {
    return resource.equals(HTTP)
        || resource.equals(HTTP_AWS)
        || resource.startsWith(FUNCTION_PREFIX) && resource.length() > FUNCTION_PREFIX.length();
  }

  @Override
  public JsonNode invoke(
      String resource, JsonNode parameters, Duration timeout, ExecutionRun caller)
      throws InterruptedException {
    if (resource.startsWith(FUNCTION_PREFIX)) {
      return callFunction(
          resource.substring(FUNCTION_PREFIX.length()), parameters, timeout, caller);
    }
    return callHttp(parameters, timeout);
  }

  /**
   * Calls the function in the run's own thread, so that stopping the run stops the call (and any
   * flow it starts, which inherits the run's deadline, stop and call depth). An answer that comes
   * after the task's timeout fails the task as one that never came would.
   */
  private JsonNode callFunction(
      String name, JsonNode parameters, Duration timeout, ExecutionRun caller)
      throws InterruptedException {
    if (!functions.exists(name)) {
      throw new FlowFailure(ErrorNames.TASK_FAILED, "There is no function named '" + name + "'.");
    }
    Instant due = caller.now().plus(timeout);
    JsonNode answer;
    try {
      answer = new CallingTask(caller, due).call(() -> functions.invoke(name, parameters));
    } catch (ApiException api) {
      String code =
          api.vendorCode() != null ? api.vendorCode() : Integer.toString(api.httpStatus());
      throw new FlowFailure("taskfn." + name + "." + code, api.getMessage());
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted() || caller.isStopped()) {
        throw new InterruptedException("the run was stopped while " + name + " ran");
      }
      throw new FlowFailure(ErrorNames.TASK_FAILED, name + " failed: " + e);
    }
    if (caller.now().isAfter(due)) {
      throw new FlowFailure(
          ErrorNames.TIMEOUT, name + " did not answer within " + timeout.toSeconds() + " s");
    }
    return answer;
  }

  private JsonNode callHttp(JsonNode parameters, Duration timeout) throws InterruptedException {
    String endpoint = parameters.path("ApiEndpoint").asText(null);
    if (endpoint == null) {
      throw new FlowFailure(ErrorNames.RUNTIME, "The HTTP task needs an ApiEndpoint parameter.");
    }
    String method = parameters.path("Method").asText("GET").toUpperCase(java.util.Locale.ROOT);
    StringJoiner query = new StringJoiner("&");
    Iterator<Map.Entry<String, JsonNode>> params = parameters.path("QueryParameters").fields();
    while (params.hasNext()) {
      Map.Entry<String, JsonNode> p = params.next();
      query.add(
          encode(p.getKey())
              + "="
              + encode(p.getValue().isTextual() ? p.getValue().asText() : p.getValue().toString()));
    }
    URI uri;
    try {
      uri =
          URI.create(
              query.length() == 0
                  ? endpoint
                  : endpoint + (endpoint.contains("?") ? "&" : "?") + query);
    } catch (IllegalArgumentException e) {
      throw new FlowFailure(ErrorNames.RUNTIME, "The ApiEndpoint is not a valid URL: " + endpoint);
    }
    JsonNode body = parameters.get("RequestBody");
    OutboundResponse response;
    try {
      OutboundRequest request =
          OutboundRequest.to(uri, method)
              .timeout(timeout)
              // A larger answer could not be a task result: no state payload is larger.
              .maxResponseBytes(ExecutionRun.MAX_PAYLOAD_BYTES);
      if (body != null && !body.isNull()) {
        request = request.body(body.isTextual() ? body.asText() : Json.write(body));
      }
      if (body != null && body.isContainerNode()) {
        request = request.header("Content-Type", "application/json");
      }
      Iterator<Map.Entry<String, JsonNode>> given = parameters.path("Headers").fields();
      while (given.hasNext()) {
        Map.Entry<String, JsonNode> h = given.next();
        request = request.header(h.getKey(), h.getValue().asText());
      }
      response = http.send(request);
    } catch (OutboundRequestException e) {
      throw new FlowFailure(ErrorNames.RUNTIME, e.getMessage());
    } catch (HttpTimeoutException e) {
      throw new FlowFailure(
          ErrorNames.TIMEOUT, "no answer from " + uri + " within " + timeout.toSeconds() + " s");
    } catch (IOException e) {
      throw new FlowFailure(ErrorNames.TASK_FAILED, "the request to " + uri + " failed: " + e);
    }
    if (response.truncated()) {
      throw new FlowFailure(
          ErrorNames.DATA_LIMIT_EXCEEDED,
          "The answer of "
              + uri
              + " is larger than "
              + ExecutionRun.MAX_PAYLOAD_BYTES
              + " bytes, the largest task result.");
    }
    ObjectNode result = Json.object();
    result.put("StatusCode", response.statusCode());
    ObjectNode headers = result.putObject("Headers");
    response.headers().forEach((k, v) -> headers.put(k, String.join(",", v)));
    JsonNode parsed;
    try {
      parsed = Json.parse(response.body());
    } catch (IllegalArgumentException notJson) {
      parsed = Json.NODES.textNode(response.body());
    }
    result.set("ResponseBody", parsed);
    if (!response.isSuccess()) {
      throw new FlowFailure("States.Http.StatusCode." + response.statusCode(), Json.write(result));
    }
    return result;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
