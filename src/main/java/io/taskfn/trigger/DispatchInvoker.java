package io.taskfn.trigger;

import io.taskfn.api.CallScoped;
import io.taskfn.dispatch.RemoteDispatch;
import io.taskfn.http.OutboundHttp;
import io.taskfn.http.OutboundRequest;
import io.taskfn.http.OutboundResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Starts due work at once on Lambda: a function that created some (an ExecuteJob, a SendEmail)
 * invokes the {@code Dispatch} Lambda asynchronously (the Invoke API with {@code
 * X-Amz-Invocation-Type: Event}), which runs everything due. The wake-ups of one invocation share
 * one Invoke, sent once the function has answered and before the answer goes back, since Lambda
 * freezes the process after that and a call still under way would stall until the next invocation.
 * A wake-up from a thread outside any invocation invokes at once.
 *
 * <p>The Invoke is one signed POST (AWS Signature Version 4, by the signer the DynamoDB client
 * already brings) through {@link OutboundHttp}, rather than the AWS SDK's Lambda client: the one
 * call does not warrant a second SDK client in the cold start, and no version of that client
 * matching the SDK the DynamoDB extension brings is available here.
 *
 * <p>{@code taskfn.lambda.dispatch-function} (the template sets it on every function but {@code
 * Dispatch}, whose own loop runs what falls due while it runs) names the function, alias or ARN to
 * invoke; unset, wake-ups do nothing and due work waits for the schedule.
 */
@ApplicationScoped
public class DispatchInvoker implements RemoteDispatch {

  private static final Logger LOG = Logger.getLogger(DispatchInvoker.class);

  /** An asynchronous Invoke is answered once queued, in milliseconds. */
  static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(3);

  private static final CallScoped<AtomicBoolean> REQUESTED_IN_CALL = new CallScoped<>();

  private final Optional<String> dispatchFunction;
  private final URI endpoint;
  private final String region;
  private final OutboundHttp http;
  private final AwsCredentialsProvider credentials;

  /** The Lambda's role comes from its environment (the SDK's default chain reads it there). */
  @Inject
  public DispatchInvoker(
      @ConfigProperty(name = "taskfn.lambda.dispatch-function") Optional<String> dispatchFunction,
      @ConfigProperty(name = "taskfn.lambda.endpoint") Optional<URI> endpoint,
      @ConfigProperty(name = "aws.region", defaultValue = "us-east-1") String region,
      OutboundHttp http) {
    this(dispatchFunction, endpoint, region, http, DefaultCredentialsProvider.builder().build());
  }

  public DispatchInvoker(
      Optional<String> dispatchFunction,
      Optional<URI> endpoint,
      String region,
      OutboundHttp http,
      AwsCredentialsProvider credentials) {
    this.dispatchFunction = dispatchFunction.filter(name -> !name.isBlank());
    this.region = region;
    this.endpoint =
        endpoint.orElseGet(() -> URI.create("https://lambda." + region + ".amazonaws.com"));
    this.http = http;
    this.credentials = credentials;
  }

  @Override
  public void wakeUp() {
    if (dispatchFunction.isEmpty()) {
      return;
    }
    Optional<AtomicBoolean> call = REQUESTED_IN_CALL.get();
    if (call.isPresent()) {
      call.get().set(true);
    } else {
      invoke();
    }
  }

  /** Runs one invocation, then sends the one Invoke its wake-ups asked for, if any. */
  public <T> T coalescing(Supplier<T> invocation) {
    AtomicBoolean requested = new AtomicBoolean();
    T result = REQUESTED_IN_CALL.with(requested, invocation);
    if (requested.get()) {
      invoke();
    }
    return result;
  }

  /**
   * Queues an invocation of Dispatch. A failure is logged, not passed on: the work is stored and
   * the scheduled Dispatch runs it.
   */
  private void invoke() {
    String function = dispatchFunction.orElseThrow();
    URI uri =
        endpoint.resolve(
            "/2015-03-31/functions/"
                + URLEncoder.encode(function, StandardCharsets.UTF_8)
                + "/invocations");
    String body = "{}";
    try {
      SdkHttpRequest unsigned =
          SdkHttpRequest.builder()
              .method(SdkHttpMethod.POST)
              .uri(uri)
              .putHeader("X-Amz-Invocation-Type", "Event")
              .putHeader("Content-Type", "application/json")
              .build();
      SignedRequest signed =
          AwsV4HttpSigner.create()
              .sign(
                  r ->
                      r.identity(credentials.resolveCredentials())
                          .request(unsigned)
                          .payload(ContentStreamProvider.fromUtf8String(body))
                          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                          .putProperty(AwsV4HttpSigner.REGION_NAME, region));
      List<Map.Entry<String, String>> headers = new ArrayList<>();
      signed
          .request()
          .headers()
          .forEach(
              (name, values) -> {
                // Java's client writes Host itself, from the same URI the signature covers.
                if (!name.equalsIgnoreCase("Host")) {
                  values.forEach(value -> headers.add(Map.entry(name, value)));
                }
              });
      OutboundResponse answer =
          http.send(new OutboundRequest(uri, "POST", headers, body, INVOKE_TIMEOUT, 0));
      if (answer.statusCode() != 202) {
        LOG.warnf(
            "invoking %s answered %d: %s; the due work waits for the scheduled Dispatch",
            function, answer.statusCode(), answer.body());
      }
    } catch (IOException | RuntimeException e) {
      LOG.warnf(e, "could not invoke %s; the due work waits for the scheduled Dispatch", function);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
