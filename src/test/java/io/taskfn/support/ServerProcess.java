package io.taskfn.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server (the runner jar) as its own process, for tests that kill it or run several:
 * started on a free loopback port with the given system properties, ready once {@code
 * /q/health/ready} answers, and called over HTTP with JSON.
 */
public final class ServerProcess implements AutoCloseable {

  public static final Path JAR = Path.of("target/taskfn-0.1.0-SNAPSHOT-runner.jar");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Process process;
  private final String base;
  private final Path log;

  private ServerProcess(Process process, String base, Path log) {
    this.process = process;
    this.base = base;
    this.log = log;
  }

  /**
   * Starts the server with {@code -D} properties, logging to {@code logDirectory}.
   *
   * @throws IllegalStateException if the jar is missing or the server does not become ready
   */
  public static ServerProcess start(Path logDirectory, Map<String, String> properties)
      throws IOException, InterruptedException {
    return start(logDirectory, freePort(), properties);
  }

  public static ServerProcess start(Path logDirectory, int port, Map<String, String> properties)
      throws IOException, InterruptedException {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR + " is missing: run this through ./mvnw verify");
    }
    if (listening(port)) {
      // Its answers would be taken for this server's.
      throw new IllegalStateException("port " + port + " is taken by another process");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dquarkus.http.port=" + port);
    properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
    command.addAll(List.of("-jar", JAR.toString()));
    Path log = logDirectory.resolve("server-" + port + "-" + System.nanoTime() + ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ServerProcess server = new ServerProcess(process, "http://127.0.0.1:" + port + "/", log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the server exited while starting:\n" + Files.readString(log));
      }
      try {
        if (server.get("q/health/ready").statusCode() == 200) {
          return server;
        }
      } catch (IOException notYet) {
        // still starting
      }
      process.waitFor(100, TimeUnit.MILLISECONDS);
    }
    process.destroyForcibly();
    throw new IllegalStateException("the server did not become ready within 60 s: " + log);
  }

  public URI base() {
    return URI.create(base);
  }

  /** What the server wrote to standard output and error. */
  public Path log() {
    return log;
  }

  /** Whether a process listens on {@code port} of the loopback address. */
  public static boolean listening(int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException nothingThere) {
      return false;
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The function's answer, which must be a 200. */
  public JsonNode call(String action, Map<String, ?> body)
      throws IOException, InterruptedException {
    HttpResponse<String> response = post(action, body);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          action + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  public HttpResponse<String> post(String action, Map<String, ?> body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + action))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** SIGKILL, as a crash: nothing of the process runs after it. */
  public void kill() throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-9", Long.toString(process.pid())).start().waitFor();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the server survived SIGKILL");
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }
}
