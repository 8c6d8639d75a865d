package io.taskfn.flow;

import io.taskfn.api.ApiException;
import io.taskfn.api.ErrorEnvelope;
import io.taskfn.api.ErrorResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** Serverless Workflow's error: a text Code from the vendor's table. */
@ApplicationScoped
public class FlowErrorEnvelope implements ErrorEnvelope {

  @Override
  public String family() {
    return "flows";
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
      case 400 -> "InvalidArgument";
      case 404 -> "ResourceNotFound";
      case 415 -> "UnsupportedMediaType";
      case 429 -> "ResourceThrottled";
      default -> "InternalServerError";
    };
  }
}
