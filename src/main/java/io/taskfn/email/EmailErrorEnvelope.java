package io.taskfn.email;

import io.taskfn.api.ApiException;
import io.taskfn.api.ErrorEnvelope;
import io.taskfn.api.ErrorResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Communication Services' error: {@code {"error":{"code","message","target"}}}, with the code
 * repeated in the {@code x-ms-error-code} header (and {@code Retry-After} on a 429).
 */
@ApplicationScoped
public class EmailErrorEnvelope implements ErrorEnvelope {

  static final String FAMILY = "email";

  @Override
  public String family() {
    return FAMILY;
  }

  @Override
  public ErrorResponse render(ApiException e, String requestId) {
    String code = ErrorEnvelope.codeOr(e, defaultCode(e.httpStatus()));
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", e.getMessage());
    if (e.target() != null) {
      error.put("target", e.target());
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-ms-error-code", code);
    headers.put("x-ms-request-id", requestId);
    if (e instanceof EmailErrors.Throttled throttled) {
      headers.put("Retry-After", Long.toString(throttled.retryAfterSeconds()));
    }
    return new ErrorResponse(e.httpStatus(), headers, Map.of("error", error));
  }

  private static String defaultCode(int status) {
    return switch (status) {
      case 400 -> "BadRequest";
      case 404 -> "NotFound";
      case 405 -> "MethodNotAllowed";
      case 409 -> "Conflict";
      case 412 -> "PreconditionFailed";
      case 413 -> "RequestEntityTooLarge";
      case 429 -> "TooManyRequests";
      default -> "InternalServerError";
    };
  }
}
