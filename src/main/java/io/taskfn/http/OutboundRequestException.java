package io.taskfn.http;

/**
 * A request {@link OutboundHttp} refuses to send: a URL that is not http(s), a method or header
 * name that is not an HTTP token, a header value that could split or corrupt the request. Nothing
 * was sent.
 */
public class OutboundRequestException extends IllegalArgumentException {
  public OutboundRequestException(String message) {
    super(message);
  }
}
