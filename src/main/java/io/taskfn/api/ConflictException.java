package io.taskfn.api;

/** The resource exists but is in a state that forbids the request. */
public class ConflictException extends ApiException {

  private final String resourceId;

  public ConflictException(int httpStatus, String vendorCode, String resourceId, String message) {
    super(httpStatus, vendorCode, message, null);
    this.resourceId = resourceId;
  }

  public String resourceId() {
    return resourceId;
  }
}
