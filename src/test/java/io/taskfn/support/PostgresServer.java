package io.taskfn.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, from the machine's own binaries (Debian's {@code postgresql}
 * package, which {@code .ci/run} installs): a new cluster in a temporary directory on a free
 * loopback port, stopped and removed on close. PostgreSQL refuses to run as root, so as root it
 * runs as the {@code postgres} user.
 */
public final class PostgresServer implements AutoCloseable {

  private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");

  private final Path bin;
  private final Path directory;
  private final int port;
  private final boolean asPostgresUser;

  private PostgresServer(Path bin, Path directory, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.directory = directory;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /**
   * @throws IllegalStateException with what to install when the server binaries are missing
   */
  public static PostgresServer start() throws IOException, InterruptedException {
    Path bin = binaries();
    Path directory = Files.createTempDirectory("taskfn-pg");
    boolean root = "root".equals(System.getProperty("user.name"));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    PostgresServer server = new PostgresServer(bin, directory, port, root);
    if (root) {
      server.run(List.of("chown", "postgres", directory.toString()), false);
    }
    Path data = directory.resolve("data");
    server.run(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-U",
            "taskfn",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync"),
        true);
    server.run(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            directory.resolve("server.log").toString(),
            "-w",
            "-o",
            "-p "
                + port
                + " -k "
                + directory
                + " -c listen_addresses=127.0.0.1"
                + " -c max_connections=200",
            "start"),
        true);
    return server;
  }

  private static Path binaries() throws IOException {
    if (Files.isDirectory(DEBIAN_BINARIES)) {
      try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
        Path newest =
            versions
                .map(v -> v.resolve("bin"))
                .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                .max(Comparator.comparing(Path::toString))
                .orElse(null);
        if (newest != null) {
          return newest;
        }
      }
    }
    throw new IllegalStateException(
        "PostgreSQL server binaries (initdb, pg_ctl) were not found under "
            + DEBIAN_BINARIES
            + ": install Debian's postgresql package (apt-get install postgresql); .ci/run does");
  }

  private void run(List<String> command, boolean asServerUser)
      throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asServerUser && asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Path log = directory.resolve("command.log");
    Process process =
        new ProcessBuilder(full)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException(
          String.join(" ", full) + " failed:\n" + Files.readString(log));
    }
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public String user() {
    return "taskfn";
  }

  /** A new, empty database on this server. */
  public String createDatabase(String name) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user(), "");
        var st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    return jdbcUrl(name);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      run(
          List.of(
              bin.resolve("pg_ctl").toString(),
              "-D",
              directory.resolve("data").toString(),
              "-m",
              "immediate",
              "stop"),
          true);
    } finally {
      try (Stream<Path> files = Files.walk(directory)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
