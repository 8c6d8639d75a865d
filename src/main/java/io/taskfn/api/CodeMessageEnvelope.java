package io.taskfn.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The error shape {@code {RequestId, Code, Message}} with a text code, shared by the families whose
 * vendors answer that way; each names its usual code for a status.
 */
public abstract class CodeMessageEnvelope implements ErrorEnvelope {

  @Override
  public ErrorResponse render(ApiException e, String requestId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("RequestId", requestId);
    body.put("Code", ErrorEnvelope.codeOr(e, defaultCode(e.httpStatus())));
    body.put("Message", e.getMessage());
    return new ErrorResponse(e.httpStatus(), Map.of(), body);
  }

  /** The family's code for a rejection of this status that names no code of its own. */
  protected abstract String defaultCode(int status);
}
