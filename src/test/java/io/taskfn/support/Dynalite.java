package io.taskfn.support;

import io.taskfn.store.DynamoStoreBackend;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * dynalite, the open DynamoDB implementation from npm, as a real server for tests: installed once
 * into a cache directory with npm (Amazon's DynamoDB Local may not be used: its licence is not open
 * source), started on a loopback port with its data in memory, stopped on close. A machine without
 * node and npm fails here with what to install.
 */
public final class Dynalite implements AutoCloseable {

  public static final String VERSION = "4.0.0";

  /** Where dynalite is installed; {@code .ci/install-test-tools} installs it there too. */
  public static final Path HOME =
      Path.of(
          System.getProperty(
              "dynalite.home",
              Path.of(System.getProperty("user.home"), ".cache", "taskfn", "dynalite-" + VERSION)
                  .toString()));

  private final Process process;
  private final int port;
  private final Path log;

  private Dynalite(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Loaded before dynalite: dynalite 4.0.0 throws from a request's error handler when its client
   * goes away mid-request (a server killed with kill -9, as the crash tests do), which ends the
   * whole process and fails every later call; DynamoDB drops only that request. Other errors still
   * end it.
   */
  private static final String KEEP_SERVING =
      """
      process.on('uncaughtException', (e) => {
        if (e && e.code === 'ECONNRESET') {
          console.error('a client went away mid-request: ' + e.message);
        } else {
          console.error(e);
          process.exit(1);
        }
      });
      """;

  /** A dynalite on a free port, so builds that run side by side never share one. */
  public static Dynalite start() throws IOException, InterruptedException {
    return start(ServerProcess.freePort());
  }

  /**
   * @throws IllegalStateException when node or npm is missing, the port is taken, or dynalite does
   *     not start
   */
  private static Dynalite start(int port) throws IOException, InterruptedException {
    if (ServerProcess.listening(port)) {
      throw new IllegalStateException(
          "port " + port + " is taken by another process: dynalite could not listen there");
    }
    Path cli = install();
    Path log = Files.createTempFile("dynalite-" + port, ".log");
    Path keepServing = Files.createTempFile("dynalite-keep-serving", ".js");
    Files.writeString(keepServing, KEEP_SERVING);
    Process process =
        new ProcessBuilder(
                List.of(
                    "node",
                    "--require",
                    keepServing.toString(),
                    cli.toString(),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(port),
                    "--createTableMs",
                    "0",
                    "--deleteTableMs",
                    "0",
                    "--updateTableMs",
                    "0"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "dynalite exited while starting:\n" + Files.readString(log));
      }
      if (ServerProcess.listening(port)) {
        return new Dynalite(process, port, log);
      }
      process.waitFor(50, TimeUnit.MILLISECONDS);
    }
    process.destroyForcibly();
    throw new IllegalStateException("dynalite did not listen on " + port + " within 30 s: " + log);
  }

  private static Path install() throws IOException, InterruptedException {
    Path cli = HOME.resolve("node_modules/dynalite/cli.js");
    if (Files.exists(cli)) {
      return cli;
    }
    Files.createDirectories(HOME);
    Path log = HOME.resolve("npm-install.log");
    Process npm;
    try {
      npm =
          new ProcessBuilder(
                  "npm",
                  "install",
                  "--no-audit",
                  "--no-fund",
                  "--prefix",
                  HOME.toString(),
                  "dynalite@" + VERSION)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "npm was not found: the DynamoDB tests run dynalite from npm; install node and npm"
              + " (apt-get install nodejs npm; .ci/install-test-tools does)",
          e);
    }
    if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0 || !Files.exists(cli)) {
      npm.destroyForcibly();
      throw new IllegalStateException(
          "npm install dynalite@" + VERSION + " failed:\n" + Files.readString(log));
    }
    return cli;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** A client of this server; dynalite checks that requests are signed, not by whom. */
  public DynamoDbClient client() {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("taskfn", "taskfn")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** A backend over a new table of this server, which closes its client when closed. */
  public DynamoStoreBackend newStore(String table) {
    DynamoStoreBackend store = new DynamoStoreBackend(client(), table, true);
    store.createTable();
    return store;
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
