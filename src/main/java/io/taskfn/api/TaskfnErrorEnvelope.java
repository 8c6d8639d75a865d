package io.taskfn.api;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** taskfn's own functions (the dispatcher) and calls to names no function has. */
@ApplicationScoped
public class TaskfnErrorEnvelope implements ErrorEnvelope {

  public static final String FAMILY = "taskfn";

  @Override
  public String family() {
    return FAMILY;
  }

  @Override
  public ErrorResponse render(ApiException e, String requestId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("RequestId", requestId);
    body.put("Code", ErrorEnvelope.codeOr(e, defaultCode(e.httpStatus())));
    body.put("Message", e.getMessage());
    return new ErrorResponse(e.httpStatus(), Map.of(), body);
  }

  private static String defaultCode(int status) {
    return switch (status) {
      case 400 -> "InvalidParameter";
      case 404 -> "NotFound";
      case 405 -> "MethodNotAllowed";
      case 409 -> "Conflict";
      default -> "InternalError";
    };
  }
}
