import com.sun.net.httpserver.HttpServer;
import io.taskfn.support.BenchCalls;
import java.net.InetSocketAddress;
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
 * HTTP load on one taskfn action from N threads for a fixed time; prints requests/second and
 * latency percentiles. Run by bench/http-load.sh; not a test.
 *
 * <p>Scenarios: {@code executejob} creates a namespace, group and an http job aimed at an
 * endpoint served here, then calls ExecuteJob; {@code sync} creates an Express flow from the shared
 * 20-state Pass chain, then calls StartSyncExecution.
 *
 * <p>Usage: java -cp target/test-classes bench/HttpLoad.java SCENARIO BASE_URL THREADS WARMUP_SECONDS MEASURE_SECONDS
 */
public class HttpLoad {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  /** One action to call, and how to tell its answer succeeded. */
  record Target(String action, String body, String mustContain, String description) {}

  public static void main(String[] args) throws Exception {
    String scenario = args[0];
    String base = args[1];
    int threads = Integer.parseInt(args[2]);
    int warmupSeconds = Integer.parseInt(args[3]);
    int measureSeconds = Integer.parseInt(args[4]);
    Target target =
        switch (scenario) {
          case "executejob" -> executeJob(base);
          case "sync" -> syncExecution(base);
          default -> throw new IllegalArgumentException("scenario: executejob or sync");
        };

    run(base, target, threads, warmupSeconds, new ArrayList<>(), new AtomicLong());
    List<long[]> perThread = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    long started = System.nanoTime();
    run(base, target, threads, measureSeconds, perThread, errors);
    double elapsed = (System.nanoTime() - started) / 1e9;

    long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    System.out.printf("%s over HTTP, %s store: %d threads, %ds measured%n",
        target.description(), System.getProperty("bench.store", "embedded"), threads,
        measureSeconds);
    System.out.printf("requests: %d, errors: %d, throughput: %.0f req/s%n",
        all.length, errors.get(), all.length / elapsed);
    System.out.printf("latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f%n",
        pct(all, 0.50), pct(all, 0.90), pct(all, 0.99), all[all.length - 1] / 1e6);
    // The endpoint's threads would keep the JVM alive.
    System.exit(0);
  }

  private static Target executeJob(String base) throws Exception {
    HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    endpoint.setExecutor(Executors.newFixedThreadPool(4));
    endpoint.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, 2);
      exchange.getResponseBody().write("ok".getBytes());
      exchange.close();
    });
    endpoint.start();
    String body =
        BenchCalls.createHttpJob(
                base, "bench", "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/", "")
            .request(",\"InstanceParameters\":\"bench\"");
    return new Target("ExecuteJob", body, "\"JobInstanceId\"", "ExecuteJob");
  }

  private static Target syncExecution(String base) throws Exception {
    String definition = Files.readString(Path.of("..", "shared", "bench", "pass-chain-20.json"));
    String flow = "bench_" + System.nanoTime();
    BenchCalls.post(base, "CreateFlow", "{\"Name\":\"" + flow + "\",\"ExecutionMode\":\"Express\",\"Definition\":"
        + quote(definition) + "}");
    return new Target(
        "StartSyncExecution",
        "{\"FlowName\":\"" + flow + "\",\"Input\":\"{\\\"a\\\":\\\"x\\\",\\\"n\\\":1}\"}",
        "\"Succeeded\"",
        "StartSyncExecution (20-state Pass chain)");
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static void run(String base, Target target, int threads, int seconds, List<long[]> out,
      AtomicLong errors) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    HttpRequest request = request(base, target.action(), target.body());
    List<Future<long[]>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        long[] latencies = new long[1 << 16];
        int n = 0;
        while (System.nanoTime() < deadline) {
          long start = System.nanoTime();
          HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
          long took = System.nanoTime() - start;
          if (response.statusCode() != 200 || !response.body().contains(target.mustContain())) {
            errors.incrementAndGet();
            continue;
          }
          if (n == latencies.length) {
            latencies = Arrays.copyOf(latencies, n * 2);
          }
          latencies[n++] = took;
        }
        return Arrays.copyOf(latencies, n);
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

  private static HttpRequest request(String base, String action, String json) {
    return HttpRequest.newBuilder(URI.create(base + "/" + action))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }
}
