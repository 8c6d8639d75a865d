package io.taskfn.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads an answer's body up to a number of bytes. It asks for one chunk at a time, so the client
 * holds no more than a chunk beyond the limit, and it cancels the rest of the body once past the
 * limit rather than reading what it would throw away.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<LimitedBody.Bytes> {

  record Bytes(byte[] bytes, boolean truncated) {}

  private final int limit;
  private final ByteArrayOutputStream read = new ByteArrayOutputStream();
  private final CompletableFuture<Bytes> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  LimitedBody(int limit) {
    this.limit = limit;
  }

  @Override
  public CompletionStage<Bytes> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> chunk) {
    if (result.isDone()) {
      // Chunks already on their way when the body was cancelled.
      return;
    }
    for (ByteBuffer buffer : chunk) {
      int room = limit - read.size();
      int take = Math.min(room, buffer.remaining());
      byte[] bytes = new byte[take];
      buffer.get(bytes);
      read.writeBytes(bytes);
      if (buffer.hasRemaining()) {
        subscription.cancel();
        result.complete(new Bytes(read.toByteArray(), true));
        return;
      }
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable failure) {
    result.completeExceptionally(failure);
  }

  @Override
  public void onComplete() {
    result.complete(new Bytes(read.toByteArray(), false));
  }
}
