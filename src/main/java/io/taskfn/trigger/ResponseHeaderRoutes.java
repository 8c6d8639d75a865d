package io.taskfn.trigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.quarkus.runtime.configuration.MemorySize;
import io.taskfn.api.WithResponseHeaders;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.function.BinaryOperator;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Serves {@code POST /<Action>} of the functions whose answer carries response headers ({@link
 * WithResponseHeaders}), ahead of Funqy, which can only write a body. The call goes through the
 * same by-name invocation as the Lambda trigger, and a failure goes to {@link HttpErrorRoutes}, so
 * input and errors are handled exactly as on Funqy's route. A route per such function, rather than
 * a filter over Funqy's answers, because only the answer object knows its headers, and a function
 * called in process during another request (a flow's Task) must not add headers to that request's
 * answer.
 */
@ApplicationScoped
public class ResponseHeaderRoutes {

  private final FunctionInvocations functions;
  private final ObjectMapper mapper;
  private final long maxBodyBytes;

  public ResponseHeaderRoutes(
      FunctionInvocations functions,
      ObjectMapper mapper,
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
    this.functions = functions;
    this.mapper = mapper;
    this.maxBodyBytes = maxBodySize.asLongValue();
  }

  void install(@Observes Router router) {
    for (FunctionInvoker invoker : FunctionRecorder.registry.invokers()) {
      if (invoker.hasOutput() && carriesHeaders(invoker.getOutputType())) {
        String name = invoker.getName();
        router
            .post("/" + name)
            // after the error routes' failure handler, before Funqy's route
            .order(Integer.MIN_VALUE + 1)
            .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
            .blockingHandler(ctx -> serve(ctx, name), false);
      }
    }
  }

  private static boolean carriesHeaders(Type type) {
    Type raw = type instanceof ParameterizedType p ? p.getRawType() : type;
    return raw instanceof Class<?> c && WithResponseHeaders.class.isAssignableFrom(c);
  }

  private void serve(RoutingContext ctx, String name) {
    Buffer body = ctx.body().buffer();
    try {
      Object answer = functions.call(name, body == null ? "" : body.toString());
      respond(ctx, mapper, 200, answer, (header, value) -> value);
    } catch (JsonProcessingException e) {
      ctx.fail(e);
    } catch (RuntimeException e) {
      ctx.fail(e);
    }
  }

  /**
   * Writes a function's answer: the status, its headers (each value through {@code headerValue})
   * and its JSON.
   */
  static void respond(
      RoutingContext ctx,
      ObjectMapper mapper,
      int status,
      Object answer,
      BinaryOperator<String> headerValue)
      throws JsonProcessingException {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json");
    if (answer instanceof WithResponseHeaders carrier) {
      carrier
          .responseHeaders()
          .forEach((name, value) -> ctx.response().putHeader(name, headerValue.apply(name, value)));
    }
    ctx.response().end(mapper.writeValueAsString(answer));
  }
}
