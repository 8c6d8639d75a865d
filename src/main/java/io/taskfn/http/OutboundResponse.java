package io.taskfn.http;

import java.util.List;
import java.util.Map;

/**
 * An answer: its status, headers and body as text.
 *
 * @param truncated whether the body went past the request's size limit; {@code body} then holds
 *     only the bytes up to the limit
 */
public record OutboundResponse(
    int statusCode, Map<String, List<String>> headers, String body, boolean truncated) {

  public boolean isSuccess() {
    return statusCode / 100 == 2;
  }
}
