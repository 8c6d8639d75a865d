package io.taskfn.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.taskfn.dispatch.DispatchObserver;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.http.OutboundHttp;
import io.taskfn.store.InMemoryStoreBackend;
import io.taskfn.support.TestDispatchConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The asynchronous invocation of Dispatch that starts due work at once on Lambda. */
class DispatchInvokerTest {

  private static final String DISPATCH =
      "arn:aws:lambda:eu-west-1:123456789012:function:Dispatch:live";

  private record Invoke(String rawPath, Map<String, List<String>> headers, String body) {}

  private final List<Invoke> invokes = new CopyOnWriteArrayList<>();
  private volatile int status = 202;
  private final HttpServer lambdaApi = lambdaApi();

  private HttpServer lambdaApi() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/",
          exchange -> {
            try (exchange) {
              invokes.add(
                  new Invoke(
                      exchange.getRequestURI().getRawPath(),
                      Map.copyOf(exchange.getRequestHeaders()),
                      new String(
                          exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
              exchange.sendResponseHeaders(status, -1);
            }
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void stop() {
    lambdaApi.stop(0);
  }

  private DispatchInvoker invoker(Optional<String> function) {
    return new DispatchInvoker(
        function,
        Optional.of(URI.create("http://127.0.0.1:" + lambdaApi.getAddress().getPort())),
        "eu-west-1",
        new OutboundHttp(Duration.ofSeconds(2), 4096),
        StaticCredentialsProvider.create(
            AwsSessionCredentials.create("ASIAEXAMPLE", "secret", "session-token")));
  }

  @Test
  void theWakeUpsOfOneInvocationShareOneSignedAsynchronousInvoke() {
    DispatchInvoker invoker = invoker(Optional.of(DISPATCH));
    String answer =
        invoker.coalescing(
            () -> {
              invoker.wakeUp();
              invoker.wakeUp();
              invoker.wakeUp();
              assertEquals(List.of(), invokes, "nothing is sent before the function answered");
              return "answered";
            });
    assertEquals("answered", answer);
    assertEquals(1, invokes.size(), invokes.toString());
    Invoke invoke = invokes.get(0);
    assertEquals(
        "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3ADispatch%3Alive/invocations",
        invoke.rawPath());
    assertEquals(List.of("Event"), invoke.headers().get("X-amz-invocation-type"));
    String authorization = invoke.headers().get("Authorization").get(0);
    assertTrue(
        authorization.matches(
            "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/\\d{8}/eu-west-1/lambda/aws4_request,"
                + " SignedHeaders=\\S*host\\S*x-amz-invocation-type\\S*, Signature=[0-9a-f]{64}"),
        authorization);
    assertEquals(List.of("session-token"), invoke.headers().get("X-amz-security-token"));
    assertEquals("{}", invoke.body());

    // A second invocation that creates no work invokes nothing.
    invoker.coalescing(() -> "read only");
    assertEquals(1, invokes.size());
  }

  @Test
  void aWakeUpOutsideAnyInvocationInvokesAtOnce() {
    invoker(Optional.of(DISPATCH)).wakeUp();
    assertEquals(1, invokes.size());
  }

  @Test
  void withoutADispatchFunctionNothingIsInvoked() {
    DispatchInvoker invoker = invoker(Optional.empty());
    invoker.coalescing(
        () -> {
          invoker.wakeUp();
          return null;
        });
    invoker.wakeUp();
    assertEquals(List.of(), invokes);
  }

  @Test
  void aRefusedOrUnreachableInvokeLeavesTheWorkToTheSchedule() {
    status = 429;
    invoker(Optional.of(DISPATCH)).wakeUp();
    assertEquals(1, invokes.size(), "tried once, the refusal logged, not thrown");
    lambdaApi.stop(0);
    invoker(Optional.of(DISPATCH)).wakeUp();
    assertEquals(1, invokes.size());
  }

  @Test
  void aDispatcherWithoutALoopWakesTheRemoteDispatch() {
    List<String> remote = new CopyOnWriteArrayList<>();
    Dispatcher dispatcher =
        new Dispatcher(
            new InMemoryStoreBackend(),
            Clock.systemUTC(),
            new TestDispatchConfig(Duration.ofSeconds(30), 1),
            List.of(),
            DispatchObserver.NONE,
            () -> remote.add("woken"));
    dispatcher.wakeUp();
    assertEquals(List.of("woken"), remote);
  }
}
