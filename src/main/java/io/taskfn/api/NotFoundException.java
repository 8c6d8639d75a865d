package io.taskfn.api;

/** The resource a request names does not exist (for the caller's tenant): a 404. */
public class NotFoundException extends ApiException {

  private final String resourceId;

  public NotFoundException(String vendorCode, String resourceId, String message) {
    super(404, vendorCode, message, null);
    this.resourceId = resourceId;
  }

  public String resourceId() {
    return resourceId;
  }
}
