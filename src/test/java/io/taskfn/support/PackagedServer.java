package io.taskfn.support;

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
import java.util.concurrent.TimeUnit;

/**
 * The packaged runner jar as a process on a loopback port, for the *IT tests that need the
 * application as it ships (its log, its HTTP decoder, a kill -9) rather than a @QuarkusTest.
 */
public final class PackagedServer implements AutoCloseable {

  public static final Path JAR = Path.of("target/taskfn-0.1.0-SNAPSHOT-runner.jar");

  private final Process process;
  private final int port;
  private final Path log;

  private PackagedServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts the jar with its store in {@code store/data} and its output in a new log file under
   * {@code store}, and returns once it is ready.
   *
   * @param port the port, or 0 for a free one
   */
  public static PackagedServer start(Path store, int port, String... systemProperties)
      throws IOException, InterruptedException {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR + " is missing: run this through ./mvnw verify");
    }
    int chosen = port == 0 ? freePort() : port;
    Path log = store.resolve("server-" + System.nanoTime() + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dquarkus.http.host=127.0.0.1");
    command.add("-Dquarkus.http.port=" + chosen);
    command.add("-Dtaskfn.store.path=" + store.resolve("data"));
    for (String property : systemProperties) {
      command.add("-D" + property);
    }
    command.add("-jar");
    command.add(JAR.toString());
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PackagedServer server = new PackagedServer(process, chosen, log);
    server.awaitReady();
    return server;
  }

  private void awaitReady() throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> ready =
            http.send(
                HttpRequest.newBuilder(base().resolve("/q/health/ready"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited while starting; see " + log);
      }
      process.waitFor(100, TimeUnit.MILLISECONDS);
    }
    process.destroyForcibly();
    throw new IllegalStateException("the server did not become ready within 60 s; see " + log);
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  public int port() {
    return port;
  }

  public Path log() {
    return log;
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  public void kill() throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-9", Long.toString(process.pid())).start().waitFor();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the server outlived kill -9");
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
