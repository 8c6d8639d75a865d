package io.taskfn.job;

import io.taskfn.api.ApiException;
import io.taskfn.api.ErrorEnvelope;
import io.taskfn.api.ErrorResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** SchedulerX's error: a numeric Code that matches the HTTP status, and Success false. */
@ApplicationScoped
public class JobErrorEnvelope implements ErrorEnvelope {

  @Override
  public String family() {
    return "jobs";
  }

  @Override
  public ErrorResponse render(ApiException e, String requestId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("RequestId", requestId);
    body.put("Success", false);
    body.put("Code", e.httpStatus());
    body.put("Message", e.getMessage());
    return new ErrorResponse(e.httpStatus(), Map.of(), body);
  }
}
