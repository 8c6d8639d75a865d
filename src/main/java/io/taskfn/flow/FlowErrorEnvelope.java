package io.taskfn.flow;

import io.taskfn.api.CodeMessageEnvelope;
import jakarta.enterprise.context.ApplicationScoped;

/** Serverless Workflow's error: a text Code from the vendor's table. */
@ApplicationScoped
public class FlowErrorEnvelope extends CodeMessageEnvelope {

  @Override
  public String family() {
    return "flows";
  }

  @Override
  protected String defaultCode(int status) {
    return switch (status) {
      case 400 -> "InvalidArgument";
      case 404 -> "ResourceNotFound";
      case 415 -> "UnsupportedMediaType";
      case 429 -> "ResourceThrottled";
      default -> "InternalServerError";
    };
  }
}
