import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load for StartSyncExecution over HTTP: creates an Express flow from the shared 20-state Pass
 * chain, then runs it from N threads for a fixed time and prints executions/second and latency
 * percentiles. Run by bench/sync-execution.sh; not a test.
 *
 * <p>Usage: java bench/SyncExecutionLoad.java BASE_URL DEFINITION_FILE THREADS WARMUP_S MEASURE_S
 */
public class SyncExecutionLoad {

  public static void main(String[] args) throws Exception {
    String base = args[0];
    String definition = Files.readString(Path.of(args[1]));
    int threads = Integer.parseInt(args[2]);
    int warmup = Integer.parseInt(args[3]);
    int measure = Integer.parseInt(args[4]);
    HttpClient client = HttpClient.newHttpClient();
    String flow = "bench_" + System.nanoTime();
    String create = "{\"Name\":\"" + flow + "\",\"ExecutionMode\":\"Express\",\"Definition\":"
        + quote(definition) + "}";
    HttpResponse<String> created = post(client, base + "/CreateFlow", create);
    if (created.statusCode() != 200) {
      throw new IllegalStateException("CreateFlow answered " + created.body());
    }
    String body = "{\"FlowName\":\"" + flow + "\",\"Input\":\"{\\\"a\\\":\\\"x\\\",\\\"n\\\":1}\"}";
    run(client, base, body, threads, warmup, new ArrayList<>(), new AtomicLong());
    List<long[]> latencies = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    long started = System.nanoTime();
    run(client, base, body, threads, measure, latencies, errors);
    double elapsed = (System.nanoTime() - started) / 1e9;
    long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    System.out.printf("StartSyncExecution (20-state Pass chain) over HTTP, embedded store: %d threads, %ds%n",
        threads, measure);
    System.out.printf("executions: %d, errors: %d, throughput: %.0f executions/s%n",
        all.length, errors.get(), all.length / elapsed);
    System.out.printf("latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f%n",
        pct(all, 0.5), pct(all, 0.9), pct(all, 0.99), all[all.length - 1] / 1e6);
    System.exit(0);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static HttpResponse<String> post(HttpClient client, String url, String json) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void run(HttpClient client, String base, String body, int threads, int seconds,
      List<long[]> out, AtomicLong errors) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    List<Future<long[]>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        long[] lat = new long[1 << 15];
        int n = 0;
        while (System.nanoTime() < deadline) {
          long start = System.nanoTime();
          HttpResponse<String> r = post(client, base + "/StartSyncExecution", body);
          long took = System.nanoTime() - start;
          if (r.statusCode() != 200 || !r.body().contains("\"Succeeded\"")) {
            errors.incrementAndGet();
            continue;
          }
          if (n == lat.length) {
            lat = Arrays.copyOf(lat, n * 2);
          }
          lat[n++] = took;
        }
        return Arrays.copyOf(lat, n);
      }));
    }
    for (Future<long[]> f : futures) {
      out.add(f.get());
    }
    pool.shutdown();
  }

  private static double pct(long[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
  }
}
