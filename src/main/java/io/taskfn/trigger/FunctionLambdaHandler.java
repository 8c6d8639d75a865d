package io.taskfn.trigger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskfn.api.ApiException;
import io.taskfn.api.BadInputException;
import io.taskfn.api.Echo;
import io.taskfn.api.ErrorEnvelopes;
import io.taskfn.api.ErrorResponse;
import io.taskfn.api.InvocationTime;
import io.taskfn.api.RequestIds;
import io.taskfn.api.WithResponseHeaders;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The AWS Lambda trigger: one artifact deploys as one Lambda per function, each with {@code
 * TASKFN_LAMBDA_FUNCTION} naming its function. Two kinds of event reach it:
 *
 * <ul>
 *   <li>a direct invocation, whose event is the function's request object as the HTTP body would
 *       be; the result is the function's answer or its family's error envelope;
 *   <li>an API Gateway proxy event (HTTP API payload 2.0, or REST API 1.0), whose {@code body} is
 *       the request object; the result is a proxy response with the HTTP status, headers and body
 *       the HTTP trigger would answer.
 * </ul>
 *
 * The event is read here, as text, rather than by the Lambda runtime: so an event the strict
 * reading refuses (past a limit, a key twice) is answered in the envelope, as over HTTP. Every
 * answer of an invocation carries the request id Lambda assigned to it, and work bounded by a
 * budget sees the invocation's remaining time ({@link InvocationTime}). Due work the invocation
 * created is started by one asynchronous invocation of {@code Dispatch} ({@link DispatchInvoker}).
 */
public class FunctionLambdaHandler implements RequestStreamHandler {

  @Inject FunctionInvocations functions;
  @Inject ErrorEnvelopes envelopes;
  @Inject ObjectMapper mapper;
  @Inject DispatchInvoker dispatchInvoker;

  @ConfigProperty(name = "taskfn.lambda.function")
  Optional<String> function;

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    String name =
        function.orElseThrow(
            () ->
                new IllegalStateException(
                    "set TASKFN_LAMBDA_FUNCTION to the function this Lambda runs"));
    if (!functions.exists(name)) {
      throw new IllegalStateException("TASKFN_LAMBDA_FUNCTION names no function: " + name);
    }
    String requestId =
        context != null && context.getAwsRequestId() != null
            ? context.getAwsRequestId()
            : RequestIds.next();
    String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
    Optional<ProxyRequest> proxied = ProxyRequest.of(event, mapper);
    Supplier<Reply> invocation =
        () ->
            dispatchInvoker.coalescing(
                () ->
                    RequestIds.within(
                        requestId,
                        () ->
                            proxied
                                .map(request -> serve(name, request, requestId))
                                .orElseGet(() -> call(name, event, requestId))));
    int remainingMillis = context == null ? 0 : context.getRemainingTimeInMillis();
    Reply reply =
        remainingMillis > 0
            ? InvocationTime.within(Duration.ofMillis(remainingMillis), invocation)
            : invocation.get();
    mapper.writeValue(output, proxied.isPresent() ? proxyResponse(reply) : reply.body());
  }

  /** What the function answered: status, headers and body, as the HTTP trigger would send. */
  private record Reply(int status, Map<String, String> headers, Object body) {}

  private Reply call(String name, String request, String requestId) {
    try {
      Object answer = functions.call(name, request);
      Map<String, String> headers =
          answer instanceof WithResponseHeaders carrier ? carrier.responseHeaders() : Map.of();
      return new Reply(200, headers, answer);
    } catch (RuntimeException e) {
      return rejection(name, e, requestId);
    }
  }

  private Reply serve(String name, ProxyRequest request, String requestId) {
    if (!request.method().equals("POST")) {
      return rejection(
          name,
          new ApiException(
              405,
              "MethodNotAllowed",
              "The HTTP method "
                  + Echo.of(request.method())
                  + " is not allowed: call "
                  + name
                  + " with POST and a JSON object of its parameters.",
              null),
          requestId);
    }
    if (request.body() == null) {
      return rejection(
          name, BadInputException.of(null, "The request body is not valid base64."), requestId);
    }
    return call(name, request.body(), requestId);
  }

  private Reply rejection(String name, RuntimeException e, String requestId) {
    ApiException error =
        e instanceof ApiException api ? api : Failures.toApiException(e, name, requestId);
    ErrorResponse rendered =
        envelopes.render(name, error, error.answerId() != null ? error.answerId() : requestId);
    return new Reply(rendered.httpStatus(), rendered.headers(), rendered.body());
  }

  private ObjectNode proxyResponse(Reply reply) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>(reply.headers());
    headers.put("Content-Type", "application/json");
    ObjectNode response = mapper.createObjectNode();
    response.put("statusCode", reply.status());
    response.set("headers", mapper.valueToTree(headers));
    response.put("body", mapper.writeValueAsString(reply.body()));
    response.put("isBase64Encoded", false);
    return response;
  }

  /**
   * An API Gateway proxy event: the HTTP method and the body as text ({@code null} when the body
   * was base64 that does not decode). A direct invocation's request object never has a {@code
   * requestContext}, since no function takes a parameter of that name.
   */
  record ProxyRequest(String method, String body) {

    static Optional<ProxyRequest> of(String event, ObjectMapper mapper) {
      if (!event.contains("\"requestContext\"")) {
        // A direct invocation: not read twice, only strictly, as the function's request.
        return Optional.empty();
      }
      JsonNode tree;
      try {
        tree = mapper.readTree(event);
      } catch (IOException notJson) {
        return Optional.empty();
      }
      if (tree == null || !tree.path("requestContext").isObject()) {
        return Optional.empty();
      }
      String method =
          tree.path("requestContext").path("http").path("method").asText(null); // payload 2.0
      if (method == null) {
        method = tree.path("httpMethod").asText(null); // REST API, payload 1.0
      }
      if (method == null || !tree.path("body").isTextual() && !tree.path("body").isNull()) {
        return Optional.empty();
      }
      String body = tree.path("body").isTextual() ? tree.path("body").asText() : "";
      if (tree.path("isBase64Encoded").asBoolean(false)) {
        try {
          body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
          body = null;
        }
      }
      return Optional.of(new ProxyRequest(method, body));
    }
  }
}
