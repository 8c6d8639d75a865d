package io.taskfn.email;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The vendor SDK's HTTP client interface over {@code java.net.http}: the SDK's own pipeline (its
 * signing, serialization and polling) runs unchanged, only the transport is the JDK's.
 */
final class JdkAzureHttpClient implements HttpClient {

  /** Headers the JDK client sets itself and refuses from a caller. */
  private static final Set<String> RESTRICTED =
      Set.of("host", "content-length", "connection", "expect", "upgrade");

  private final java.net.http.HttpClient client =
      java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Override
  public Mono<HttpResponse> send(HttpRequest request) {
    return Mono.fromCallable(() -> exchange(request));
  }

  private HttpResponse exchange(HttpRequest request) throws Exception {
    BinaryData body = request.getBodyAsBinaryData();
    java.net.http.HttpRequest.Builder out =
        java.net.http.HttpRequest.newBuilder(request.getUrl().toURI())
            .timeout(Duration.ofSeconds(30))
            .method(
                request.getHttpMethod().name(),
                body == null
                    ? BodyPublishers.noBody()
                    : BodyPublishers.ofByteArray(body.toBytes()));
    for (HttpHeader header : request.getHeaders()) {
      if (!RESTRICTED.contains(header.getName().toLowerCase())) {
        out.header(header.getName(), header.getValue());
      }
    }
    java.net.http.HttpResponse<byte[]> answer =
        client.send(out.build(), BodyHandlers.ofByteArray());
    HttpHeaders headers = new HttpHeaders();
    answer.headers().map().forEach((name, values) -> headers.set(name, values));
    return new Answer(request, answer.statusCode(), headers, answer.body());
  }

  private static final class Answer extends HttpResponse {
    private final int status;
    private final HttpHeaders headers;
    private final byte[] body;

    Answer(HttpRequest request, int status, HttpHeaders headers, byte[] body) {
      super(request);
      this.status = status;
      this.headers = headers;
      this.body = body;
    }

    @Override
    public int getStatusCode() {
      return status;
    }

    @Override
    @Deprecated
    public String getHeaderValue(String name) {
      return headers.getValue(name);
    }

    @Override
    public HttpHeaders getHeaders() {
      return headers;
    }

    @Override
    public Flux<ByteBuffer> getBody() {
      return Flux.just(ByteBuffer.wrap(body));
    }

    @Override
    public Mono<byte[]> getBodyAsByteArray() {
      return Mono.just(body);
    }

    @Override
    public Mono<String> getBodyAsString() {
      return Mono.just(new String(body, StandardCharsets.UTF_8));
    }

    @Override
    public Mono<String> getBodyAsString(Charset charset) {
      return Mono.just(new String(body, charset));
    }
  }
}
