package io.taskfn.api;

/**
 * A rejection a client is meant to see: an HTTP status, the vendor's error code (or null for the
 * family's usual code for that status), a message naming what was wrong, and the parameter at fault
 * where there is one. Each family renders it in its own envelope ({@link ErrorEnvelope}).
 */
public class ApiException extends RuntimeException {

  private final int httpStatus;
  private final String vendorCode;
  private final String target;

  /** The request id the client chose for the call, where its vendor lets it choose one. */
  private String answerId;

  public ApiException(int httpStatus, String vendorCode, String message, String target) {
    super(message, null, false, false);
    this.httpStatus = httpStatus;
    this.vendorCode = vendorCode;
    this.target = target;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The vendor's code, or null when the family's usual code for the status applies. */
  public String vendorCode() {
    return vendorCode;
  }

  /** The request parameter at fault, or null. */
  public String target() {
    return target;
  }

  /**
   * Makes the rejection answer with the request id the client chose for the call, as a vendor that
   * lets clients choose one does for its errors too.
   */
  public ApiException answeredAs(String requestId) {
    this.answerId = requestId;
    return this;
  }

  /** The request id the client chose, or null: the trigger's own id then. */
  public String answerId() {
    return answerId;
  }
}
