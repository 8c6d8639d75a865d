import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load for ExecuteJob over HTTP: creates a namespace, group and http job (aimed at an endpoint
 * this program serves), then calls ExecuteJob from N threads for a fixed time and prints
 * requests/second and latency percentiles. Run by bench/executejob.sh; not a test.
 *
 * <p>Usage: java bench/ExecuteJobLoad.java BASE_URL THREADS WARMUP_SECONDS MEASURE_SECONDS
 */
public class ExecuteJobLoad {

  public static void main(String[] args) throws Exception {
    String base = args[0];
    int threads = Integer.parseInt(args[1]);
    int warmupSeconds = Integer.parseInt(args[2]);
    int measureSeconds = Integer.parseInt(args[3]);

    HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    endpoint.setExecutor(Executors.newFixedThreadPool(4));
    endpoint.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, 2);
      exchange.getResponseBody().write("ok".getBytes());
      exchange.close();
    });
    endpoint.start();

    HttpClient client = HttpClient.newHttpClient();
    String ns = "bench-" + System.nanoTime();
    post(client, base, "CreateNamespace", "{\"Name\":\"bench\",\"Uid\":\"" + ns + "\"}");
    post(client, base, "CreateAppGroup",
        "{\"Namespace\":\"" + ns + "\",\"GroupId\":\"g\",\"AppName\":\"bench\"}");
    String job = post(client, base, "CreateJob",
        "{\"Namespace\":\"" + ns + "\",\"GroupId\":\"g\",\"Name\":\"bench\",\"JobType\":\"http\","
            + "\"TimeType\":100,\"MaxConcurrency\":1000,\"XAttrs\":\"{\\\"url\\\":\\\"http://127.0.0.1:"
            + endpoint.getAddress().getPort() + "/\\\"}\"}");
    Matcher m = Pattern.compile("\"JobId\":(\\d+)").matcher(job);
    if (!m.find()) {
      throw new IllegalStateException("CreateJob answered " + job);
    }
    String body = "{\"Namespace\":\"" + ns + "\",\"GroupId\":\"g\",\"JobId\":" + m.group(1)
        + ",\"InstanceParameters\":\"bench\"}";

    run(client, base, body, threads, warmupSeconds, null);
    List<long[]> perThread = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    long started = System.nanoTime();
    run(client, base, body, threads, measureSeconds, perThread, errors);
    double elapsed = (System.nanoTime() - started) / 1e9;

    long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    System.out.printf("ExecuteJob over HTTP, embedded store: %d threads, %ds measured%n",
        threads, measureSeconds);
    System.out.printf("requests: %d, errors: %d, throughput: %.0f req/s%n",
        all.length, errors.get(), all.length / elapsed);
    System.out.printf("latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f%n",
        pct(all, 0.50), pct(all, 0.90), pct(all, 0.99), all[all.length - 1] / 1e6);
    endpoint.stop(0);
    System.exit(0);
  }

  private static void run(HttpClient client, String base, String body, int threads, int seconds,
      List<long[]> out) throws Exception {
    run(client, base, body, threads, seconds, out, new AtomicLong());
  }

  private static void run(HttpClient client, String base, String body, int threads, int seconds,
      List<long[]> out, AtomicLong errors) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    List<Future<long[]>> futures = new ArrayList<>();
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/ExecuteJob"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        long[] latencies = new long[1 << 16];
        int n = 0;
        while (System.nanoTime() < deadline) {
          long start = System.nanoTime();
          HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
          long took = System.nanoTime() - start;
          if (response.statusCode() != 200) {
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
      long[] l = f.get();
      if (out != null) {
        out.add(l);
      }
    }
    pool.shutdown();
  }

  private static double pct(long[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
  }

  private static String post(HttpClient client, String base, String action, String json)
      throws Exception {
    HttpResponse<String> r = client.send(
        HttpRequest.newBuilder(URI.create(base + "/" + action))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(action + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }
}
