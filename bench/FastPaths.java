import com.sun.net.httpserver.HttpServer;
import io.taskfn.support.BenchCalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fast-paths table of issue 12: each workload against taskfn and the bare Funqy endpoint in
 * one run, load from wrk. Run by bench/fast-paths.sh; not a test.
 *
 * <p>Usage: java -cp target/test-classes bench/FastPaths.java TASKFN_URL BARE_URL TASKFN_PID WRK_THREADS CONNECTIONS
 * WARMUP_SECONDS MEASURE_SECONDS
 */
public class FastPaths {

  /** One action to load, the answer a correct call contains, and what the table calls it. */
  record Workload(String label, String base, String action, String body, String mustContain) {}

  /** What wrk measured. */
  record Figures(long requests, long errors, double perSecond, double p50Ms, double p99Ms) {}

  public static void main(String[] args) throws Exception {
    try {
      run(args);
    } catch (Exception e) {
      e.printStackTrace();
      // The endpoint's threads would keep the JVM alive.
      System.exit(1);
    }
    System.exit(0);
  }

  private static void run(String[] args) throws Exception {
    String taskfn = args[0];
    String bare = args[1];
    long taskfnPid = Long.parseLong(args[2]);
    int threads = Integer.parseInt(args[3]);
    int connections = Integer.parseInt(args[4]);
    int warmup = Integer.parseInt(args[5]);
    int seconds = Integer.parseInt(args[6]);

    AtomicLong jobRuns = new AtomicLong();
    HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    endpoint.setExecutor(Executors.newFixedThreadPool(4));
    endpoint.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, 2);
          exchange.getResponseBody().write("ok".getBytes());
          exchange.close();
          jobRuns.incrementAndGet();
        });
    endpoint.start();

    BenchCalls.JobRef job =
        BenchCalls.createHttpJob(
            taskfn, "bench", "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/", "");
    String flow = "bench_" + System.nanoTime();
    String definition = Files.readString(Path.of("..", "shared", "bench", "pass-chain-20.json"));
    BenchCalls.post(taskfn, "CreateFlow", "{\"Name\":\"" + flow + "\",\"ExecutionMode\":\"Express\","
        + "\"Definition\":" + quote(definition) + "}");

    List<Workload> workloads = List.of(
        new Workload("bare Funqy endpoint", bare, "GetSendStatus",
            "{\"messageId\":\"m-1\"}", "outForDelivery"),
        new Workload("`GetJobInfo` (one job, read only)", taskfn, "GetJobInfo",
            job.request(""), "\"JobId\""),
        new Workload("`ExecuteJob` (dispatcher running every instance)", taskfn, "ExecuteJob",
            job.request(",\"InstanceParameters\":\"bench\""), "\"JobInstanceId\""),
        new Workload("`StartSyncExecution`, 20-state Pass chain", taskfn, "StartSyncExecution",
            "{\"FlowName\":\"" + flow + "\",\"Input\":\"{\\\"a\\\":\\\"x\\\",\\\"n\\\":1}\"}",
            "\"Succeeded\""));

    String only = System.getProperty("fast.only", "");
    if (!only.isEmpty()) {
      workloads = workloads.stream().filter(w -> w.action().equals(only)).toList();
    }
    List<String> rows = new ArrayList<>();
    Figures bareFigures = null;
    String executeJobNote = "";
    for (Workload w : workloads) {
      String answer = BenchCalls.post(w.base(), w.action(), w.body());
      if (!answer.contains(w.mustContain())) {
        throw new IllegalStateException(w.action() + " answered " + answer);
      }
      Path script = Files.createTempFile("fast-paths", ".lua");
      Files.writeString(script, "wrk.method = \"POST\"\n"
          + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
          + "wrk.body = " + luaString(w.body()) + "\n");
      wrk(w, script, threads, connections, warmup);
      long runsBefore = jobRuns.get();
      String recording = System.getProperty("fast.jfr", "");
      if (!recording.isEmpty() && w.base().equals(taskfn)) {
        jcmd(taskfnPid, "JFR.start", "name=fast", "settings=profile");
      }
      Figures f = wrk(w, script, threads, connections, seconds);
      if (!recording.isEmpty() && w.base().equals(taskfn)) {
        jcmd(taskfnPid, "JFR.stop", "name=fast", "filename=" + recording);
      }
      if (w.action().equals("ExecuteJob")) {
        long ran = jobRuns.get() - runsBefore;
        executeJobNote = String.format(
            "ExecuteJob: %,d instances created during the measured run, %,d run meanwhile", 
            f.requests(), ran);
      }
      Files.delete(script);
      if (w.base().equals(bare)) {
        bareFigures = f;
      }
      String share = bareFigures == null
          ? "—" : String.format("%.1f%%", 100 * f.perSecond() / bareFigures.perSecond());
      rows.add(String.format("| %s | %,.0f | %.2f ms | %.2f ms | %s | %d |", w.label(),
          f.perSecond(), f.p50Ms(), f.p99Ms(), share, f.errors()));
    }
    System.out.println();
    System.out.printf("wrk -t%d -c%d, %d s measured after %d s warm-up per workload%n", threads,
        connections, seconds, warmup);
    System.out.println("| workload | requests/s | p50 | p99 | share of bare | errors |");
    System.out.println("|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
    System.out.println(executeJobNote);
    System.out.println("taskfn resident set after the run: " + rssMegabytes(taskfnPid) + " MB");
  }

  /** Profiles the measured run only (bench/profile.sh), not start-up and warm-up. */
  private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>(List.of("jcmd", Long.toString(pid)));
    line.addAll(List.of(command));
    Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", line) + " failed:\n" + out);
    }
  }

  private static Figures wrk(Workload w, Path script, int threads, int connections, int seconds)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
        "--latency", "-s", script.toString(), w.base() + "/" + w.action())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("wrk failed:\n" + out);
    }
    long requests = Long.parseLong(find(out, "(\\d+) requests in"));
    long errors = 0;
    Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
    if (non2xx.find()) {
      errors += Long.parseLong(non2xx.group(1));
    }
    Matcher socket = Pattern.compile(
        "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(out);
    if (socket.find()) {
      for (int g = 1; g <= 4; g++) {
        errors += Long.parseLong(socket.group(g));
      }
    }
    return new Figures(requests, errors, Double.parseDouble(find(out, "Requests/sec:\\s+([\\d.]+)")),
        millis(find(out, "\\s50%\\s+(\\S+)")), millis(find(out, "\\s99%\\s+(\\S+)")));
  }

  private static String find(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("no " + regex + " in wrk's output:\n" + text);
    }
    return m.group(1);
  }

  private static double millis(String wrkDuration) {
    Matcher m = Pattern.compile("([\\d.]+)(us|ms|s|m)").matcher(wrkDuration);
    if (!m.matches()) {
      throw new IllegalStateException("duration " + wrkDuration);
    }
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> v / 1000;
      case "ms" -> v;
      case "s" -> v * 1000;
      default -> v * 60_000;
    };
  }

  private static long rssMegabytes(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static String luaString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
