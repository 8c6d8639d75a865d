package io.taskfn.calltask;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskfn.api.PlainJson;
import io.taskfn.dispatch.HeldRecord;
import io.taskfn.dispatch.LeasedHandler;
import io.taskfn.http.OutboundHttp;
import io.taskfn.http.OutboundRequest;
import io.taskfn.http.OutboundResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Sends a call record to its task's {@code CallRecordPostUrl} as JSON. An answer other than 2xx, or
 * none, is tried again a minute later, then two, … up to {@link #ATTEMPTS} attempts in all; the
 * record stays in QueryCallRecordMsg whatever the receiver does.
 */
@Singleton
public class CallRecordPoster extends LeasedHandler<CallRecordPost> {

  private static final Logger LOG = Logger.getLogger(CallRecordPoster.class);
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final int ATTEMPTS = 5;
  private static final ObjectMapper JSON = PlainJson.MAPPER;

  private final OutboundHttp http;
  private final Clock clock;

  @Inject
  public CallRecordPoster(CallTaskStore store, OutboundHttp http, Clock clock) {
    super(store.postRecords());
    this.http = http;
    this.clock = clock;
  }

  @Override
  protected boolean isFinished(CallRecordPost post) {
    return post.isDone();
  }

  @Override
  protected CallRecordPost failed(CallRecordPost post, RuntimeException cause) {
    return new CallRecordPost(
        post.url(), post.record(), post.attempts() + 1, cause.toString(), clock.instant());
  }

  @Override
  protected void handle(HeldRecord<CallRecordPost> held) throws InterruptedException {
    CallRecordPost post = held.value();
    String error = send(post);
    Instant now = clock.instant();
    if (error == null) {
      held.release(new CallRecordPost(post.url(), post.record(), post.attempts(), null, now), null);
      return;
    }
    int attempts = post.attempts() + 1;
    if (attempts >= ATTEMPTS) {
      LOG.warnf(
          "CallRecordPostUrl of task %s did not take call %s after %d attempts: %s",
          post.record().taskOpenId(), post.record().callId(), attempts, error);
      held.release(new CallRecordPost(post.url(), post.record(), attempts, error, now), null);
      return;
    }
    held.release(
        new CallRecordPost(post.url(), post.record(), attempts, error, null),
        now.plus(Duration.ofMinutes(attempts)));
  }

  /** Null when the receiver took the record, else why not. */
  private String send(CallRecordPost post) throws InterruptedException {
    try {
      OutboundResponse answer =
          http.send(
              OutboundRequest.to(URI.create(post.url()), "POST")
                  .header("Content-Type", "application/json")
                  .body(JSON.writeValueAsString(post.record()))
                  .timeout(TIMEOUT));
      return answer.isSuccess() ? null : "HTTP " + answer.statusCode();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a call record could not be written as JSON", e);
    } catch (IOException | IllegalArgumentException e) {
      return e.toString();
    }
  }
}
