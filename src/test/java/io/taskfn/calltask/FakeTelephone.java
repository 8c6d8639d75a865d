package io.taskfn.calltask;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The far end of the webhook dialer, on loopback: it answers each call with the outcome set for its
 * callee (answered by default), notes when (by the test clock) and from whom each call arrived,
 * counts calls in flight where they arrive, and can hold calls until released. It also takes the
 * call records a task posts to {@code /records}.
 */
final class FakeTelephone implements AutoCloseable {

  record Arrival(String callee, String caller, String taskOpenId, Instant at) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Clock clock;
  private final Map<String, CallResult> outcomes = new ConcurrentHashMap<>();
  private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
  private final List<JsonNode> records = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger recordPosts = new AtomicInteger();
  private final AtomicInteger recordsToRefuse = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private volatile CountDownLatch arrived = new CountDownLatch(0);

  FakeTelephone(Clock clock) {
    this.clock = clock;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/dial", this::dial);
    server.createContext("/records", this::record);
    server.start();
  }

  String dialUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/dial";
  }

  String recordsUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/records";
  }

  void answer(String callee, CallResult result) {
    outcomes.put(callee, result);
  }

  /** Calls wait until {@link #release()} from now on; {@link #awaitInFlight} sees them arrive. */
  void hold(int expected) {
    gate = new CountDownLatch(1);
    arrived = new CountDownLatch(expected);
  }

  boolean awaitInFlight() throws InterruptedException {
    return arrived.await(20, TimeUnit.SECONDS);
  }

  void release() {
    gate.countDown();
  }

  List<Arrival> arrivals() {
    return List.copyOf(arrivals);
  }

  List<Arrival> callsTo(String callee) {
    return arrivals.stream().filter(a -> a.callee().equals(callee)).toList();
  }

  /** The records taken. */
  List<JsonNode> records() {
    return List.copyOf(records);
  }

  /** How many record posts arrived, refused ones included. */
  int recordPosts() {
    return recordPosts.get();
  }

  /** The next {@code count} record posts are answered 503. */
  void refuseRecords(int count) {
    recordsToRefuse.set(count);
  }

  int inFlight() {
    return inFlight.get();
  }

  int maxInFlight() {
    return maxInFlight.get();
  }

  private void dial(HttpExchange exchange) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      JsonNode call = JSON.readTree(exchange.getRequestBody());
      String callee = call.path("callee").asText();
      arrivals.add(
          new Arrival(
              callee,
              call.path("caller").asText(),
              call.path("taskOpenId").asText(),
              clock.instant()));
      arrived.countDown();
      gate.await(30, TimeUnit.SECONDS);
      CallResult result = outcomes.getOrDefault(callee, CallResult.ANSWERED);
      String body = "{\"callResult\":" + result.code() + "}";
      send(exchange, 200, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
      exchange.close();
    }
  }

  private void record(HttpExchange exchange) throws IOException {
    try {
      recordPosts.incrementAndGet();
      JsonNode record = JSON.readTree(exchange.getRequestBody());
      if (recordsToRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        send(exchange, 503, "busy");
        return;
      }
      records.add(record);
      send(exchange, 204, null);
    } finally {
      exchange.close();
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    if (body == null) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
