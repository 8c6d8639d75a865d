import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Time from starting a fresh server process to its first answer of a function call, over RUNS runs
 * (each on a fresh store); prints the median, least and most. With RUNS 0 it makes one training run
 * (for a class-data archive or AOT cache written as the process exits). Run by bench/start-time.sh.
 *
 * <p>Usage: java bench/StartTime.java RUNS URL BODY LOG java ARGS...
 */
public class StartTime {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  public static void main(String[] args) throws Exception {
    int runs = Integer.parseInt(args[0]);
    String url = args[1];
    String body = args[2];
    Path log = Path.of(args[3]);
    List<String> command = List.of(args).subList(4, args.length);
    if (runs == 0) {
      long took = firstAnswer(command, url, body, log);
      System.out.printf("training run answered after %.2f s%n", took / 1e9);
      return;
    }
    long[] times = new long[runs];
    for (int i = 0; i < runs; i++) {
      times[i] = firstAnswer(command, url, body, log);
    }
    Arrays.sort(times);
    System.out.printf("first answer: median %.3f s, least %.3f s, most %.3f s (%d runs)%n",
        times[runs / 2] / 1e9, times[0] / 1e9, times[runs - 1] / 1e9, runs);
  }

  private static long firstAnswer(List<String> command, String url, String body, Path log)
      throws Exception {
    Path store = Files.createTempDirectory("start-time");
    List<String> line = new ArrayList<>(command);
    line.add(1, "-Dtaskfn.store.path=" + store);
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    long started = System.nanoTime();
    Process server = new ProcessBuilder(line).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    try {
      while (true) {
        if (!server.isAlive()) {
          throw new IllegalStateException("the server exited; see " + log);
        }
        try {
          HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() != 200) {
            throw new IllegalStateException("answered " + r.statusCode() + ": " + r.body());
          }
          return System.nanoTime() - started;
        } catch (java.net.ConnectException e) {
          Thread.sleep(5);
        }
      }
    } finally {
      server.destroy();
      server.waitFor();
      try (var files = Files.walk(store)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }
}
