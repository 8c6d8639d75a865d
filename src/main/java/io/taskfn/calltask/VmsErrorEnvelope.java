package io.taskfn.calltask;

import io.taskfn.api.ApiException;
import io.taskfn.api.ErrorEnvelope;
import io.taskfn.api.ErrorResponse;
import io.taskfn.api.IllegalTransitionException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The vms error: {@code ResponseMetadata} as in every answer, with {@code Error {Code, Message}}.
 * Rejections raised outside this family (an unreadable body, a parameter of the wrong type) carry
 * no vms code and get the code of their status.
 */
@ApplicationScoped
public class VmsErrorEnvelope implements ErrorEnvelope {

  static final String FAMILY = "vms";

  private final VmsMetadata metadata;

  public VmsErrorEnvelope(VmsMetadata metadata) {
    this.metadata = metadata;
  }

  @Override
  public String family() {
    return FAMILY;
  }

  @Override
  public ErrorResponse render(ApiException e, String requestId) {
    return render(null, e, requestId);
  }

  @Override
  public ErrorResponse render(String function, ApiException e, String requestId) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("Code", code(e));
    error.put("Message", message(e));
    Map<String, Object> responseMetadata = new LinkedHashMap<>();
    responseMetadata.putAll(metadata.of(function, requestId).asMap());
    responseMetadata.put("Error", error);
    return new ErrorResponse(
        e.httpStatus(), Map.of(), Map.of("ResponseMetadata", responseMetadata));
  }

  private static String code(ApiException e) {
    if (e instanceof IllegalTransitionException) {
      return VmsErrors.OPERATION_DENIED;
    }
    return ErrorEnvelope.codeOr(
        e,
        switch (e.httpStatus()) {
          case 400, 404, 405, 413 -> VmsErrors.INVALID_PARAMETER;
          case 503 -> VmsErrors.SERVICE_UNAVAILABLE;
          default -> VmsErrors.INTERNAL_ERROR;
        });
  }

  /**
   * Rejections from outside the family, put in the vendor's sentence where they name a parameter.
   */
  private static String message(ApiException e) {
    if (e instanceof IllegalTransitionException) {
      return "Operation is denied because the specified resource is in use: "
          + e.getMessage()
          + ".";
    }
    if (e.vendorCode() == null && e.httpStatus() == 400 && e.target() != null) {
      return "The specified parameter " + e.target() + " is invalid: " + e.getMessage();
    }
    return e.getMessage();
  }
}
