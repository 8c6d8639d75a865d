package io.taskfn.api;

import jakarta.enterprise.context.ApplicationScoped;

/** taskfn's own functions (the dispatcher) and calls to names no function has. */
@ApplicationScoped
public class TaskfnErrorEnvelope extends CodeMessageEnvelope {

  public static final String FAMILY = "taskfn";

  @Override
  public String family() {
    return FAMILY;
  }

  @Override
  protected String defaultCode(int status) {
    return switch (status) {
      case 400 -> "InvalidParameter";
      case 404 -> "NotFound";
      case 405 -> "MethodNotAllowed";
      case 409 -> "Conflict";
      default -> "InternalError";
    };
  }
}
