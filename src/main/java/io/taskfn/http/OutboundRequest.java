package io.taskfn.http;

import io.taskfn.api.Echo;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One outbound HTTP call, checked whenever one is made: a request that breaks a rule is never
 * constructed, so it never reaches the wire; {@link OutboundRequestException} names the value and
 * the rule.
 *
 * @param uri absolute, http or https, with a host
 * @param method an HTTP token
 * @param headers in the order they go out; a name may repeat
 * @param body the request body as text, or null for none
 * @param timeout how long the whole call may take, answer included
 * @param maxResponseBytes how much of the answer's body is read at most; 0 for the client's limit
 */
public record OutboundRequest(
    URI uri,
    String method,
    List<Map.Entry<String, String>> headers,
    String body,
    Duration timeout,
    int maxResponseBytes) {

  /** How long a call takes at most when nobody says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  public OutboundRequest {
    checkUrl(uri);
    if (method == null || !isToken(method)) {
      throw new OutboundRequestException(
          "The method '"
              + Echo.of(method)
              + "' is not an HTTP method name (letters, digits, !#$%&'*+-.^_`|~).");
    }
    headers = List.copyOf(headers);
    for (Map.Entry<String, String> header : headers) {
      checkHeader(header.getKey(), header.getValue());
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new OutboundRequestException("The timeout must be positive, not " + timeout + ".");
    }
    if (maxResponseBytes < 0) {
      throw new OutboundRequestException("The response size limit must be positive.");
    }
  }

  /** A request without headers or body. */
  public static OutboundRequest to(URI uri, String method) {
    return new OutboundRequest(uri, method, List.of(), null, DEFAULT_TIMEOUT, 0);
  }

  /** This request with one more header. */
  public OutboundRequest header(String name, String value) {
    // Before Map.entry, which refuses a null with a bare NullPointerException.
    checkHeader(name, value);
    List<Map.Entry<String, String>> more = new ArrayList<>(headers);
    more.add(Map.entry(name, value));
    return new OutboundRequest(uri, method, more, body, timeout, maxResponseBytes);
  }

  public OutboundRequest body(String text) {
    return new OutboundRequest(uri, method, headers, text, timeout, maxResponseBytes);
  }

  public OutboundRequest timeout(Duration bound) {
    return new OutboundRequest(uri, method, headers, body, bound, maxResponseBytes);
  }

  public OutboundRequest maxResponseBytes(int limit) {
    if (limit == 0) {
      throw new OutboundRequestException("The response size limit must be positive.");
    }
    return new OutboundRequest(uri, method, headers, body, timeout, limit);
  }

  private static void checkUrl(URI uri) {
    String scheme =
        uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new OutboundRequestException(
          "The URL " + Echo.of(uri) + " is not an absolute http or https URL with a host.");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw new OutboundRequestException(
          "The URL " + Echo.of(uri) + " has the port " + uri.getPort() + "; ports are 1 to 65535.");
    }
  }

  private static void checkHeader(String name, String value) {
    if (name == null || !isToken(name)) {
      throw new OutboundRequestException(
          "The header name '"
              + Echo.of(name)
              + "' is not an HTTP token (letters, digits, !#$%&'*+-.^_`|~).");
    }
    checkValue(name, value);
  }

  private static void checkValue(String name, String value) {
    if (value == null || value.isEmpty()) {
      // An empty field is valid HTTP, but Java's client fails on one instead of sending it.
      throw new OutboundRequestException("The header " + Echo.of(name) + " has no value.");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || (c < 0x20 && c != '\t') || c == 0x7f) {
        throw new OutboundRequestException(
            "The value of the header "
                + Echo.of(name)
                + " holds the control character U+"
                + String.format("%04X", (int) c)
                + " at "
                + i
                + "; header values may not hold control characters.");
      }
      if (c > 0xff) {
        throw new OutboundRequestException(
            "The value of the header "
                + Echo.of(name)
                + " holds '"
                + c
                + "' at "
                + i
                + "; header values are ISO-8859-1 text: encode other characters.");
      }
    }
  }

  /** RFC 9110's token: what a method or a header name may be made of. */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean alnum = c < 0x80 && Character.isLetterOrDigit(c);
      if (!alnum && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }
}
