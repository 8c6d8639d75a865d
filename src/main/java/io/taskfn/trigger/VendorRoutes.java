package io.taskfn.trigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.configuration.MemorySize;
import io.taskfn.api.BadInputException;
import io.taskfn.api.VendorRoute;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Serves the {@link VendorRoute}s the families declare: the request is assembled from the path, the
 * named query parameters and headers and the JSON body, then goes through the same by-name
 * invocation as {@code POST /<Action>}; a failure goes to {@link HttpErrorRoutes}, which renders it
 * in the function's envelope.
 */
@ApplicationScoped
public class VendorRoutes {

  /** The routing context's key for the function a vendor path names. */
  static final String FUNCTION = "taskfn.function";

  private static final Pattern SEGMENT_FIELD = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

  private final FunctionInvocations functions;
  private final ObjectMapper mapper;
  private final List<VendorRoute> routes = new ArrayList<>();
  private final long maxBodyBytes;

  public VendorRoutes(
      FunctionInvocations functions,
      ObjectMapper mapper,
      Instance<VendorRoute.Provider> providers,
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
    this.functions = functions;
    this.mapper = mapper;
    providers.forEach(p -> routes.addAll(p.vendorRoutes()));
    this.maxBodyBytes = maxBodySize.asLongValue();
  }

  void install(@Observes Router router) {
    for (VendorRoute route : routes) {
      List<String> segmentFields = new ArrayList<>();
      router
          .routeWithRegex(HttpMethod.valueOf(route.method()), regex(route.path(), segmentFields))
          .order(Integer.MIN_VALUE + 1)
          .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
          .blockingHandler(ctx -> serve(ctx, route, segmentFields), false);
    }
  }

  /** The path as a regular expression, a capturing group for each {@code {name}} segment. */
  static String regex(String path, List<String> segmentFields) {
    StringBuilder regex = new StringBuilder("^");
    Matcher field = SEGMENT_FIELD.matcher(path);
    int literalFrom = 0;
    while (field.find()) {
      regex.append(literal(path.substring(literalFrom, field.start()))).append("([^/]+)");
      segmentFields.add(field.group(1));
      literalFrom = field.end();
    }
    return regex.append(literal(path.substring(literalFrom))).append('$').toString();
  }

  /**
   * A literal part of a path; a colon in it matches as sent or percent-encoded, as clients vary.
   */
  private static String literal(String part) {
    StringBuilder regex = new StringBuilder();
    String[] pieces = part.split(":", -1);
    for (int i = 0; i < pieces.length; i++) {
      if (i > 0) {
        regex.append("(?::|%3[Aa])");
      }
      if (!pieces[i].isEmpty()) {
        regex.append(Pattern.quote(pieces[i]));
      }
    }
    return regex.toString();
  }

  private void serve(RoutingContext ctx, VendorRoute route, List<String> segmentFields) {
    ctx.put(FUNCTION, route.function());
    try {
      ObjectNode request = body(ctx.body().buffer());
      for (int i = 0; i < segmentFields.size(); i++) {
        request.put(segmentFields.get(i), ctx.pathParam("param" + i));
      }
      for (String name : route.queryFields()) {
        String value = ctx.request().getParam(name);
        if (value != null) {
          request.put(name, value);
        }
      }
      for (String name : route.headerFields()) {
        String value = ctx.request().getHeader(name);
        if (value != null) {
          request.put(name, value);
        }
      }
      Object answer = functions.call(route.function(), request.toString());
      ResponseHeaderRoutes.respond(
          ctx, mapper, route.status(), answer, (header, value) -> absolute(ctx, header, value));
    } catch (JsonProcessingException | RuntimeException e) {
      ctx.fail(e);
    }
  }

  private ObjectNode body(Buffer body) {
    if (body == null || body.length() == 0) {
      return mapper.createObjectNode();
    }
    JsonNode read;
    try {
      read = mapper.readTree(body.toString());
    } catch (JsonProcessingException e) {
      throw BadInputException.of(null, "The body is not JSON: " + e.getOriginalMessage());
    }
    if (read instanceof ObjectNode object) {
      return object;
    }
    throw BadInputException.of(null, "The body must be a JSON object.");
  }

  /**
   * A family answers the location of a resource as a path, knowing no host; here it becomes the
   * absolute URL a vendor's SDK follows, on the host and scheme it called.
   */
  private static String absolute(RoutingContext ctx, String header, String value) {
    boolean location =
        header.equalsIgnoreCase("Location") || header.equalsIgnoreCase("Operation-Location");
    if (!location || !value.startsWith("/")) {
      return value;
    }
    // The authority, not the Host header: an HTTP/2 request carries it as :authority.
    HostAndPort authority = ctx.request().authority();
    if (authority == null) {
      return value;
    }
    String port = authority.port() >= 0 ? ":" + authority.port() : "";
    return ctx.request().scheme() + "://" + authority.host() + port + value;
  }

  /** The function a vendor path of this request names, if any. */
  static String function(RoutingContext ctx) {
    return ctx.get(FUNCTION);
  }
}
