package io.taskfn.trigger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.quarkus.runtime.configuration.MemorySize;
import io.taskfn.api.ApiException;
import io.taskfn.api.BadInputException;
import io.taskfn.api.Echo;
import io.taskfn.api.ErrorEnvelopes;
import io.taskfn.api.ErrorResponse;
import io.taskfn.api.InputErrors;
import io.taskfn.api.RequestIds;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.MIMEHeader;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers every refused HTTP call in the envelope of the function's family, in the vendor's words.
 * Funqy and Vert.x answer a thrown exception with a 500 text page, unreadable input, a bad query
 * string or a GET with an empty 400, and other methods with 405; this class refuses at the door
 * what no function takes, before a body is read, and writes every refusal itself.
 */
@ApplicationScoped
public class HttpErrorRoutes {

  /**
   * The longest request URI a route sees: Quarkus' default request-line limit, so nothing that was
   * accepted before is refused now. The HTTP decoder's own limit is raised above it in
   * application.properties so that a longer URI reaches this check and gets the envelope.
   */
  static final int MAX_URI_LENGTH = 4096;

  /**
   * The most bytes of header lines (names and values) a route sees: Quarkus' default limit for
   * HTTP/1.1, so nothing accepted before is refused now. The decoders' own limits are raised above
   * it in application.properties, as for the URI, so that more gets the envelope.
   */
  static final int MAX_HEADER_BYTES = 20 * 1024;

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
    router.route().order(Integer.MIN_VALUE).handler(this::admit);
    router.route().order(Integer.MIN_VALUE).failureHandler(this::onFailure);
    // Paths no function serves end here, so they too get an envelope rather than an HTML page.
    router.route().order(Integer.MAX_VALUE).handler(ctx -> ctx.fail(404));
  }

  /** Refuses what no function takes before its body is read; lets everything else on. */
  void admit(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (request.uri().length() > MAX_URI_LENGTH) {
      ctx.fail(
          new ApiException(
              414,
              "URITooLong",
              "The request URI is longer than " + MAX_URI_LENGTH + " characters.",
              null));
      return;
    }
    if (!isUri(request.uri())) {
      ctx.fail(
          BadInputException.of(
              null,
              "The request URI is not valid: characters outside RFC 3986 must be"
                  + " percent-encoded, and a '%' must begin two hexadecimal digits."));
      return;
    }
    if (headerBytes(request) > MAX_HEADER_BYTES) {
      ctx.fail(
          new ApiException(
              431,
              "RequestHeaderFieldsTooLarge",
              "The request's header fields are longer than " + MAX_HEADER_BYTES + " bytes.",
              null));
      return;
    }
    String action = action(ctx);
    if (FunctionRecorder.registry.matchInvoker(action) == null) {
      ctx.next();
    } else if (request.method() != HttpMethod.POST) {
      ctx.response().putHeader(HttpHeaders.ALLOW, HttpMethod.POST.name());
      ctx.fail(methodNotAllowed(action, request.method()));
    } else if (request.query() != null) {
      ctx.fail(
          BadInputException.of(
              null,
              "The parameters of "
                  + action
                  + " go in the JSON body; the request URI has no query string."));
    } else if (hasBody(request) && !isJson(ctx.parsedHeaders().contentType())) {
      ctx.fail(
          new ApiException(
              415, "UnsupportedMediaType", "The content type must be \"application/json\".", null));
    } else {
      ctx.next();
    }
  }

  /**
   * What Quarkus checks before any route when its own check is on (it answers an empty 400); taskfn
   * turns that check off (TaskfnMain) and makes it here, ahead of the routes whose path matching
   * would fail on a bad escape.
   */
  private static boolean isUri(String uri) {
    try {
      new URI(uri);
      return true;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static long headerBytes(HttpServerRequest request) {
    long bytes = 0;
    for (Map.Entry<String, String> header : request.headers()) {
      bytes += header.getKey().length() + header.getValue().length();
    }
    return bytes;
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
        || (length != null && !length.trim().equals("0"));
  }

  /** {@code application/json}, in UTF-8 if a charset is named: the only body Funqy reads. */
  private static boolean isJson(MIMEHeader type) {
    String charset = type.parameter("charset");
    return "application".equalsIgnoreCase(type.component())
        && "json".equalsIgnoreCase(type.subComponent())
        && (charset == null || charset.equalsIgnoreCase("utf-8"));
  }

  private static ApiException methodNotAllowed(String action, HttpMethod method) {
    return new ApiException(
        405,
        "MethodNotAllowed",
        "The HTTP method "
            + Echo.of(method.name())
            + " is not allowed: call "
            + Echo.of(action)
            + " with POST and a JSON object of its parameters.",
        null);
  }

  /**
   * The function a vendor path named, or the path without its leading slash: Funqy's function name
   * for it, if it has one.
   */
  private static String action(RoutingContext ctx) {
    String function = VendorRoutes.function(ctx);
    if (function != null) {
      return function;
    }
    String path = ctx.request().path();
    return path == null || path.isEmpty() ? "" : path.substring(1);
  }

  void onFailure(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    String requestId = RequestIds.next();
    ApiException error = explain(ctx, action(ctx), requestId);
    respond(ctx, error, error.answerId() != null ? error.answerId() : requestId);
  }

  private void respond(RoutingContext ctx, ApiException error, String requestId) {
    ErrorResponse response = envelopes.render(action(ctx), error, requestId);
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
              : BadInputException.of(null, "The request could not be read.");
      case 404 ->
          new ApiException(
              404, null, "There is no function named '" + Echo.of(action) + "'.", null);
      case 405 ->
          new ApiException(
              405,
              "MethodNotAllowed",
              "The HTTP method " + Echo.of(ctx.request().method().name()) + " is not allowed here.",
              null);
      case 413 ->
          new ApiException(
              400,
              "EntityTooLarge",
              "The payload size exceeds maximum allowed size (" + maxBodyBytes + " bytes).",
              null);
      default ->
          new ApiException(
              ctx.statusCode() > 0 ? ctx.statusCode() : 500,
              null,
              "The request failed. Request id: " + requestId + ".",
              null);
    };
  }
}
