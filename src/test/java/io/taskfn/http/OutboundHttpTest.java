package io.taskfn.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.taskfn.support.RecordingEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbound client against real HTTP servers on loopback. */
class OutboundHttpTest {

  private final OutboundHttp http = new OutboundHttp(Duration.ofSeconds(5), 1 << 20);
  private RecordingEndpoint endpoint;

  @BeforeEach
  void setUp() {
    endpoint = new RecordingEndpoint();
  }

  @AfterEach
  void tearDown() {
    endpoint.close();
  }

  private OutboundRequest post() {
    return OutboundRequest.to(URI.create(endpoint.url()), "POST");
  }

  @Test
  void sendsMethodHeadersAndBodyAndReadsTheAnswer() throws Exception {
    endpoint.answer(201, "{\"code\":\"ok\"}");
    OutboundResponse response =
        http.send(
            post()
                .header("X-Trace", "t-1")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("a=1"));
    assertEquals(201, response.statusCode());
    assertEquals("{\"code\":\"ok\"}", response.body());
    assertFalse(response.truncated());
    RecordingEndpoint.Received received = endpoint.received().get(0);
    assertEquals("POST", received.method());
    assertEquals("t-1", received.headers().get("x-trace"));
    assertEquals("1", received.params().get("a"));
  }

  @Test
  void aCallWithoutAnAnswerInTimeFailsWithATimeout() throws Exception {
    endpoint.hold();
    HttpTimeoutException late =
        assertThrows(
            HttpTimeoutException.class, () -> http.send(post().timeout(Duration.ofMillis(300))));
    assertTrue(late.getMessage().contains("within 300 ms"), late.getMessage());
  }

  @Test
  void theTimeoutAlsoBoundsABodyThatStopsComing() throws Exception {
    CountDownLatch stalled = new CountDownLatch(1);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, 0);
          OutputStream out = exchange.getResponseBody();
          out.write("{\"first\":".getBytes(StandardCharsets.UTF_8));
          out.flush();
          try {
            stalled.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    server.start();
    try {
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
      assertThrows(
          HttpTimeoutException.class,
          () -> http.send(OutboundRequest.to(uri, "GET").timeout(Duration.ofMillis(300))));
    } finally {
      stalled.countDown();
      server.stop(0);
    }
  }

  @Test
  void anAnswerPastTheLimitIsCutThereAndMarkedTruncated() throws Exception {
    endpoint.answer(200, "x".repeat(5000));
    OutboundResponse cut = http.send(post().maxResponseBytes(1000));
    assertTrue(cut.truncated());
    assertEquals("x".repeat(1000), cut.body());

    OutboundResponse whole = http.send(post().maxResponseBytes(5000));
    assertFalse(whole.truncated());
    assertEquals(5000, whole.body().length());

    OutboundHttp small = new OutboundHttp(Duration.ofSeconds(5), 10);
    OutboundResponse byDefault = small.send(post());
    assertTrue(byDefault.truncated());
    assertEquals("x".repeat(10), byDefault.body());
  }

  @Test
  void headersThatCouldSplitOrCorruptTheRequestAreRefusedNamingTheHeader() throws Exception {
    OutboundRequestException newline =
        assertThrows(
            OutboundRequestException.class, () -> post().header("X-Name", "a\r\nInjected: yes"));
    assertTrue(newline.getMessage().contains("X-Name"), newline.getMessage());
    assertTrue(newline.getMessage().contains("control character"), newline.getMessage());
    OutboundRequestException name =
        assertThrows(OutboundRequestException.class, () -> post().header("X Name", "v"));
    assertTrue(name.getMessage().contains("'X Name'"), name.getMessage());
    assertThrows(OutboundRequestException.class, () -> post().header("X-Name", "名前"));
    assertThrows(OutboundRequestException.class, () -> post().header("X-Name", ""));
    OutboundRequestException reserved =
        assertThrows(
            OutboundRequestException.class, () -> http.send(post().header("Host", "elsewhere")));
    assertTrue(reserved.getMessage().contains("Host"), reserved.getMessage());
    assertTrue(endpoint.received().isEmpty(), "nothing was sent");
  }

  @Test
  void onlyHttpAndHttpsUrlsAndTokenMethodsAreAccepted() {
    for (String url :
        new String[] {
          "ftp://127.0.0.1/x", "file:///etc/passwd", "/relative", "http://127.0.0.1:99999/x"
        }) {
      OutboundRequestException refused =
          assertThrows(
              OutboundRequestException.class, () -> OutboundRequest.to(URI.create(url), "GET"));
      assertTrue(refused.getMessage().contains(url), refused.getMessage());
    }
    assertThrows(
        OutboundRequestException.class,
        () -> OutboundRequest.to(URI.create(endpoint.url()), "GET /x HTTP/1.1"));
  }

  @Test
  void anUnreachableServerIsAnIoFailure() throws IOException {
    String url = endpoint.url();
    endpoint.close();
    assertThrows(IOException.class, () -> http.send(OutboundRequest.to(URI.create(url), "GET")));
  }
}
