package io.taskfn.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskfn.api.BadInputException;
import io.taskfn.api.Echo;
import io.taskfn.api.PlainJson;
import io.taskfn.http.OutboundRequest;
import io.taskfn.http.OutboundRequestException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * Where an {@code http} job sends its request, read from the job's {@code XAttrs}: {@code url},
 * {@code method} (GET or POST), {@code timeout} in seconds, and optionally {@code respKey} and
 * {@code respValue}, a field of a JSON answer that must hold that value for the run to succeed.
 */
public record HttpTarget(
    URI url, String method, Duration timeout, String respKey, String respValue) {

  private static final ObjectMapper JSON = PlainJson.MAPPER;
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  public static HttpTarget parse(String xAttrs) {
    if (xAttrs == null || xAttrs.isBlank()) {
      throw BadInputException.of(
          "XAttrs", "The parameter XAttrs is required for an http job: {\"url\":…}.");
    }
    JsonNode node;
    try {
      node = JSON.readTree(xAttrs);
    } catch (IOException e) {
      throw BadInputException.of("XAttrs", "The parameter XAttrs must be a JSON object.");
    }
    if (node == null || !node.isObject()) {
      throw BadInputException.of("XAttrs", "The parameter XAttrs must be a JSON object.");
    }
    return new HttpTarget(
        url(node.path("url").asText(null)),
        method(node.path("method").asText("GET")),
        timeout(node.get("timeout")),
        node.path("respKey").asText(null),
        node.path("respValue").asText(null));
  }

  private static URI url(String value) {
    if (value == null || value.isBlank()) {
      throw BadInputException.of("XAttrs", "XAttrs.url is required for an http job.");
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw BadInputException.of(
          "XAttrs", "XAttrs.url must be an absolute http(s) URL: " + Echo.of(value));
    }
    try {
      // The outbound client's own rules, so a job that is accepted can be run.
      OutboundRequest.to(uri, "GET");
    } catch (OutboundRequestException e) {
      throw BadInputException.of("XAttrs", "XAttrs.url can not be called: " + e.getMessage());
    }
    return uri;
  }

  private static String method(String value) {
    String upper = value.toUpperCase(java.util.Locale.ROOT);
    if (!upper.equals("GET") && !upper.equals("POST")) {
      throw BadInputException.of(
          "XAttrs", "XAttrs.method must be GET or POST, not " + Echo.of(value) + ".");
    }
    return upper;
  }

  private static Duration timeout(JsonNode value) {
    if (value == null || value.isNull()) {
      return DEFAULT_TIMEOUT;
    }
    if (!value.canConvertToInt() || value.asInt() < 1) {
      throw BadInputException.of(
          "XAttrs", "XAttrs.timeout must be a whole number of seconds, at least 1.");
    }
    return Duration.ofSeconds(value.asInt());
  }
}
