package io.taskfn.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** The one place where an {@link ApiException} becomes a family's error envelope. */
public final class ErrorEnvelopes {
  private ErrorEnvelopes() {}

  public static ErrorResponse render(Family family, ApiException e, String requestId) {
    Map<String, Object> body = new LinkedHashMap<>();
    switch (family) {
      case JOBS -> {
        // SchedulerX answers a numeric Code that matches the HTTP status.
        body.put("RequestId", requestId);
        body.put("Success", false);
        body.put("Code", e.httpStatus());
        body.put("Message", e.getMessage());
      }
      case FLOWS -> {
        body.put("RequestId", requestId);
        body.put("Code", codeOrDefault(e, flowsDefaultCode(e.httpStatus())));
        body.put("Message", e.getMessage());
      }
      case TASKFN -> {
        body.put("RequestId", requestId);
        body.put("Code", codeOrDefault(e, taskfnDefaultCode(e.httpStatus())));
        body.put("Message", e.getMessage());
      }
    }
    return new ErrorResponse(e.httpStatus(), Map.of(), body);
  }

  private static String codeOrDefault(ApiException e, String fallback) {
    return e.vendorCode() != null ? e.vendorCode() : fallback;
  }

  private static String flowsDefaultCode(int status) {
    return switch (status) {
      case 400 -> "InvalidArgument";
      case 404 -> "ResourceNotFound";
      case 415 -> "UnsupportedMediaType";
      case 429 -> "ResourceThrottled";
      default -> "InternalServerError";
    };
  }

  private static String taskfnDefaultCode(int status) {
    return switch (status) {
      case 400 -> "InvalidParameter";
      case 404 -> "NotFound";
      case 405 -> "MethodNotAllowed";
      case 409 -> "Conflict";
      default -> "InternalError";
    };
  }
}
