package io.taskfn.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;

/**
 * An answer that carries HTTP response headers besides its body (a vendor's {@code Retry-After},
 * say). Funqy writes only the body, so the HTTP trigger serves functions whose answer type
 * implements this itself and sets these headers; triggers without headers (Lambda, calls by name)
 * see only the body.
 */
public interface WithResponseHeaders {

  /** The headers to send with this answer; empty when there are none. */
  @JsonIgnore
  Map<String, String> responseHeaders();
}
