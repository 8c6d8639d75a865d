package io.taskfn.calltask;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code sipp} (Debian's sip-tester) running the callee scenario {@code sipp/callee.xml} on a free
 * loopback UDP port, for as long as a test needs it.
 */
final class SippCallee implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path log;

  private SippCallee(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts sipp, or fails the test saying how to install it. */
  static SippCallee start(Path dir) throws IOException {
    return start(dir, null, false);
  }

  /**
   * Starts sipp with answers that ask for the audio at {@code mediaPort} on loopback (where the
   * test listens), or at sipp's own media port when null; over TCP rather than UDP if {@code tcp}.
   */
  static SippCallee start(Path dir, Integer mediaPort, boolean tcp) throws IOException {
    Path workDir = dir;
    Path sipp = onPath("sipp");
    if (sipp == null) {
      fail(
          "sipp is not installed, so no SIP call can be placed: install Debian's sip-tester"
              + " (apt-get install -y sip-tester; .ci/run does this)");
    }
    workDir = workDir.toAbsolutePath();
    Files.createDirectories(workDir);
    Path scenario = workDir.resolve("callee.xml");
    try (InputStream in = SippCallee.class.getResourceAsStream("/sipp/callee.xml")) {
      String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      if (mediaPort != null) {
        text = text.replace("[media_port]", mediaPort.toString());
      }
      Files.writeString(scenario, text, StandardCharsets.ISO_8859_1);
    }
    int port = tcp ? freeTcpPort() : freeUdpPort();
    Path log = workDir.resolve("sipp.out");
    Process process =
        new ProcessBuilder(
                List.of(
                    sipp.toString(),
                    "-sf",
                    scenario.toString(),
                    "-i",
                    "127.0.0.1",
                    "-p",
                    Integer.toString(port),
                    "-t",
                    tcp ? "t1" : "u1",
                    "-nostdin",
                    "-trace_err",
                    "-trace_msg",
                    "-timeout_error",
                    "-timeout",
                    "300s"))
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new SippCallee(process, port, log);
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  private static int freeTcpPort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  private static Path onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  /** What sipp printed, for a failure's message. */
  String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "(no output)";
    } catch (IOException e) {
      return "(output unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
