package io.taskfn.mail;

import io.taskfn.api.ApiException;
import io.taskfn.api.ErrorEnvelope;
import io.taskfn.api.ErrorResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Quick BI's error: {@code {RequestId, Success:false, Code, Message}}. The family's own rejections
 * are 400 as in the vendor's table; those raised before the family sees the request (an unreadable
 * body, a parameter of the wrong type, a method other than POST) keep their status and message and
 * get the vendor's code for a request that failed verification ({@code Invalid.Parameter}), or for
 * an internal error.
 */
@ApplicationScoped
public class QuickBiErrorEnvelope implements ErrorEnvelope {

  static final String FAMILY = "quickbi";

  @Override
  public String family() {
    return FAMILY;
  }

  @Override
  public ErrorResponse render(ApiException e, String requestId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("RequestId", requestId);
    body.put("Success", false);
    body.put("Code", code(e));
    body.put("Message", e.getMessage());
    return new ErrorResponse(e.httpStatus(), Map.of(), body);
  }

  private static String code(ApiException e) {
    return ErrorEnvelope.codeOr(
        e, e.httpStatus() >= 500 ? QuickBiErrors.INTERNAL : QuickBiErrors.INVALID_PARAMETER);
  }
}
