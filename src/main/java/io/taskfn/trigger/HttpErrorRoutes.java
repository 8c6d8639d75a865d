package io.taskfn.trigger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.quarkus.runtime.configuration.MemorySize;
import io.taskfn.api.ApiException;
import io.taskfn.api.ErrorEnvelopes;
import io.taskfn.api.ErrorResponse;
import io.taskfn.api.InputErrors;
import io.taskfn.api.RequestIds;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers every failed HTTP call in the envelope of the function's family. Funqy itself answers a
 * thrown exception with a 500 text page and unreadable input with an empty 400; this handler runs
 * before its defaults and writes the vendor's error instead.
 */
@ApplicationScoped
public class HttpErrorRoutes {

  private final ObjectMapper mapper;
  private final ErrorEnvelopes envelopes;
  private final long maxBodyBytes;

  public HttpErrorRoutes(
      ObjectMapper mapper,
      ErrorEnvelopes envelopes,
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
    this.mapper = mapper;
    this.envelopes = envelopes;
    this.maxBodyBytes = maxBodySize.asLongValue();
  }

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).failureHandler(this::onFailure);
    // Paths no function serves end here, so they too get an envelope rather than an HTML page.
    router.route().order(Integer.MAX_VALUE).handler(ctx -> ctx.fail(404));
  }

  void onFailure(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    String action = ctx.request().path().replaceFirst("^/+", "");
    String requestId = RequestIds.next();
    ApiException error = explain(ctx, action, requestId);
    ErrorResponse response = envelopes.render(action, error, requestId);
    try {
      ctx.response()
          .setStatusCode(response.httpStatus())
          .putHeader("Content-Type", "application/json");
      response.headers().forEach(ctx.response()::putHeader);
      ctx.response().end(mapper.writeValueAsString(response.body()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      ctx.response().setStatusCode(500).end();
    }
  }

  /**
   * The reader Funqy read the body with (a copy of this application's mapper that also matches keys
   * regardless of case), so the explanation finds what it tripped on.
   */
  private static ObjectReader funqyReader(FunctionInvoker invoker) {
    return (ObjectReader) invoker.getBindingContext().get(ObjectReader.class.getName());
  }

  private ApiException explain(RoutingContext ctx, String action, String requestId) {
    if (ctx.failure() != null) {
      return Failures.toApiException(ctx.failure(), action, requestId);
    }
    FunctionInvoker invoker = FunctionRecorder.registry.matchInvoker(action);
    return switch (ctx.statusCode()) {
      case 400 ->
          invoker != null && invoker.hasInput() && ctx.body().buffer() != null
              ? InputErrors.explain(
                  funqyReader(invoker), ctx.body().asString(), invoker.getInputType())
              : new ApiException(
                  400,
                  null,
                  "The request could not be read: POST a JSON object of "
                      + action
                      + "'s parameters.",
                  null);
      case 404 -> new ApiException(404, null, "There is no function named '" + action + "'.", null);
      case 413 ->
          new ApiException(
              400,
              "EntityTooLarge",
              "The payload size exceeds maximum allowed size (" + maxBodyBytes + " bytes).",
              null);
      case 405 ->
          new ApiException(
              405, null, "Call " + action + " with POST and a JSON body of its parameters.", null);
      default ->
          new ApiException(
              ctx.statusCode() > 0 ? ctx.statusCode() : 500,
              null,
              "The request failed. Request id: " + requestId + ".",
              null);
    };
  }
}
