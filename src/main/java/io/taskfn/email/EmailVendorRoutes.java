package io.taskfn.email;

import io.taskfn.api.VendorRoute;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The vendor's REST paths of both API versions, so its SDKs reach taskfn by endpoint alone: the
 * version is the {@code api-version} query parameter, the idempotency ids are headers.
 */
@ApplicationScoped
public class EmailVendorRoutes implements VendorRoute.Provider {

  static final String OPERATIONS_PATH = "/emails/operations/";

  private static final List<String> VERSION = List.of("api-version");

  @Override
  public List<VendorRoute> vendorRoutes() {
    return List.of(
        new VendorRoute(
            "POST",
            "/emails:send",
            "SendEmail",
            202,
            VERSION,
            List.of(
                "repeatability-request-id",
                "repeatability-first-sent",
                "Operation-Id",
                "x-ms-client-request-id")),
        new VendorRoute(
            "GET", "/emails/{messageId}/status", "GetSendStatus", 200, VERSION, List.of()),
        new VendorRoute(
            "GET", OPERATIONS_PATH + "{operationId}", "GetSendResult", 200, VERSION, List.of()));
  }
}
