package io.taskfn.calltask;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.taskfn.api.ApiException;
import io.taskfn.api.ErrorResponse;
import io.taskfn.api.FunctionCaller;
import io.taskfn.api.FunctionCatalog;
import io.taskfn.api.RequestIds;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The vendor's way of naming the action: {@code POST /vms?Action=UpdateTask&Version=2022-01-01}
 * with the parameters as the JSON body, beside {@code POST /UpdateTask}. An absent action answers
 * {@code MissingAction}, one that is no vms function {@code InvalidAction}, another version {@code
 * InvalidParameter}.
 */
@ApplicationScoped
public class VmsActionRoute {

  static final String PATH = "/vms";

  private final ObjectMapper mapper;
  private final FunctionCaller functions;
  private final FunctionCatalog catalog;
  private final VmsErrorEnvelope envelope;
  private final long maxBodyBytes;

  public VmsActionRoute(
      ObjectMapper mapper,
      FunctionCaller functions,
      FunctionCatalog catalog,
      VmsErrorEnvelope envelope,
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
    this.mapper = mapper;
    this.functions = functions;
    this.catalog = catalog;
    this.envelope = envelope;
    this.maxBodyBytes = maxBodySize.asLongValue();
  }

  void install(@Observes Router router) {
    router
        .route(HttpMethod.POST, PATH)
        .handler(BodyHandler.create().setBodyLimit(maxBodyBytes))
        .blockingHandler(this::handle);
  }

  void handle(RoutingContext ctx) {
    String action = ctx.request().getParam("Action");
    try {
      String function = function(action, ctx.request().getParam("Version"));
      String text = ctx.body().asString();
      JsonNode request = text == null || text.isBlank() ? null : mapper.readTree(text);
      write(ctx, 200, functions.invoke(function, request));
    } catch (JsonProcessingException e) {
      reject(
          ctx,
          action,
          VmsErrors.invalid("body", "the body is not JSON: " + e.getOriginalMessage()));
    } catch (ApiException e) {
      reject(ctx, action, e);
    }
  }

  /** The function the action names, if it is one of this family's. */
  private String function(String action, String version) {
    if (action == null || action.isBlank()) {
      throw VmsErrors.missingAction();
    }
    if (!isVmsAction(action)) {
      throw VmsErrors.invalidAction(action);
    }
    if (version != null && !version.equals(VmsMetadata.VERSION)) {
      throw VmsErrors.invalid("Version", "this service answers Version " + VmsMetadata.VERSION);
    }
    return action;
  }

  private boolean isVmsAction(String action) {
    return action != null
        && catalog.find(action).filter(f -> f.family().equals(VmsErrorEnvelope.FAMILY)).isPresent();
  }

  private void reject(RoutingContext ctx, String action, ApiException e) {
    ErrorResponse error =
        envelope.render(isVmsAction(action) ? action : null, e, RequestIds.next());
    write(ctx, error.httpStatus(), mapper.valueToTree(error.body()));
  }

  private void write(RoutingContext ctx, int status, JsonNode body) {
    try {
      ctx.response()
          .setStatusCode(status)
          .putHeader("Content-Type", "application/json")
          .end(mapper.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      ctx.fail(e);
    }
  }
}
