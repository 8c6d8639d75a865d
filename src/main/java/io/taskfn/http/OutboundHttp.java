package io.taskfn.http;

import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one client every family calls other servers with. One shared {@link HttpClient} (its
 * connections are pooled across callers); each call is bounded in time as a whole, answer body
 * included, and reads at most a set number of bytes of the answer.
 */
@ApplicationScoped
public class OutboundHttp {

  /**
   * The longest a call may be allowed: longer bounds (States Language tasks default to 99,999,999
   * seconds) change nothing in practice and overflow the millisecond arithmetic of waiting.
   */
  static final Duration LONGEST_TIMEOUT = Duration.ofDays(365);

  private final HttpClient client;
  private final int maxResponseBytes;

  @Inject
  public OutboundHttp(
      @ConfigProperty(name = "taskfn.http.connect-timeout", defaultValue = "10s")
          Duration connectTimeout,
      @ConfigProperty(name = "taskfn.http.max-response-size", defaultValue = "1M")
          MemorySize maxResponseSize) {
    this(connectTimeout, (int) Math.min(Integer.MAX_VALUE, maxResponseSize.asLongValue()));
  }

  public OutboundHttp(Duration connectTimeout, int maxResponseBytes) {
    this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    this.maxResponseBytes = maxResponseBytes;
  }

  /**
   * Sends the request and reads the answer.
   *
   * @throws HttpTimeoutException when the whole call took longer than the request's timeout
   * @throws IOException when the server could not be reached or the exchange broke off
   * @throws OutboundRequestException when Java's client refuses the request (a header it reserves
   *     for itself, such as Host or Content-Length)
   * @throws InterruptedException when the calling thread is interrupted; the call is abandoned
   */
  public OutboundResponse send(OutboundRequest request) throws IOException, InterruptedException {
    Duration bound =
        request.timeout().compareTo(LONGEST_TIMEOUT) > 0 ? LONGEST_TIMEOUT : request.timeout();
    int limit = request.maxResponseBytes() > 0 ? request.maxResponseBytes() : maxResponseBytes;
    CompletableFuture<HttpResponse<LimitedBody.Bytes>> call =
        client.sendAsync(build(request), answer -> new LimitedBody(limit));
    HttpResponse<LimitedBody.Bytes> response;
    try {
      // The client's own request timeout stops at the answer's headers; this bounds the body too.
      response = call.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new HttpTimeoutException(
          "no complete answer from " + request.uri() + " within " + bound.toMillis() + " ms");
    } catch (InterruptedException e) {
      call.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof IllegalArgumentException refused) {
        throw new OutboundRequestException(
            "The request to " + request.uri() + " can not be sent: " + refused.getMessage() + ".");
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(cause);
    }
    LimitedBody.Bytes body = response.body();
    return new OutboundResponse(
        response.statusCode(),
        response.headers().map(),
        new String(body.bytes(), charset(response)),
        body.truncated());
  }

  private static HttpRequest build(OutboundRequest request) {
    try {
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(request.uri())
              .method(
                  request.method(),
                  request.body() == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(request.body()));
      request.headers().forEach(h -> builder.header(h.getKey(), h.getValue()));
      return builder.build();
    } catch (IllegalArgumentException refused) {
      throw new OutboundRequestException(
          "The request to " + request.uri() + " can not be sent: " + refused.getMessage() + ".");
    }
  }

  /** The charset the answer names, UTF-8 when it names none or one this JVM does not know. */
  private static Charset charset(HttpResponse<?> response) {
    String type = response.headers().firstValue("Content-Type").orElse("");
    for (String parameter : type.split(";")) {
      String[] pair = parameter.trim().split("=", 2);
      if (pair.length == 2 && pair[0].trim().toLowerCase(Locale.ROOT).equals("charset")) {
        try {
          return Charset.forName(pair[1].trim().replace("\"", ""));
        } catch (IllegalArgumentException unknown) {
          return StandardCharsets.UTF_8;
        }
      }
    }
    return StandardCharsets.UTF_8;
  }
}
