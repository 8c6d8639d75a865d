package io.taskfn.api;

import java.util.List;

/**
 * A vendor's own REST path for a function, served beside {@code POST /<Action>} so that the
 * vendor's SDK, pointed at taskfn, calls it unchanged: {@code {name}} segments of the path, the
 * query parameters and the request headers named here become fields of the function's request,
 * named as the vendor names them (the body's fields are the rest).
 *
 * @param method the HTTP method, upper case
 * @param path the path, with {@code {name}} for a segment that is a request field
 * @param function the function that answers it
 * @param status the HTTP status of a successful answer
 */
public record VendorRoute(
    String method,
    String path,
    String function,
    int status,
    List<String> queryFields,
    List<String> headerFields) {

  /** The routes of one family. */
  public interface Provider {
    List<VendorRoute> vendorRoutes();
  }
}
