import com.sun.net.httpserver.HttpServer;
import io.taskfn.support.BenchCalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process dispatcher alone on a backlog. The job's endpoint holds its answers back while
 * ExecuteJob queues INSTANCES instances (so the workers' first attempts wait and the rest stays
 * queued), then lets them all through and times the drain until it has seen every instance; also
 * the server's CPU time over those seconds (instances run per CPU-second holds up better than wall
 * time on a shared machine). ROUNDS rounds in one server: the first ones warm its JIT up. Run by
 * bench/dispatch-drain.sh; not a test.
 *
 * <p>Usage: java -cp target/test-classes [-Ddrain.jfr=FILE] bench/DispatchDrain.java TASKFN_URL TASKFN_PID INSTANCES ROUNDS
 * (the recording covers the last round's drain)
 */
public class DispatchDrain {

  public static void main(String[] args) throws Exception {
    try {
      run(args);
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  /** Holds the endpoint's answers back while closed. */
  private static volatile CountDownLatch gate = new CountDownLatch(0);

  private static void run(String[] args) throws Exception {
    String base = args[0];
    long pid = Long.parseLong(args[1]);
    int instances = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    String recording = System.getProperty("drain.jfr", "");

    AtomicLong runs = new AtomicLong();
    HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    // More threads than the dispatcher's workers: every held attempt waits on one.
    endpoint.setExecutor(Executors.newFixedThreadPool(64));
    endpoint.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          try {
            gate.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(200, 2);
          exchange.getResponseBody().write("ok".getBytes());
          exchange.close();
          runs.incrementAndGet();
        });
    endpoint.start();

    String execute =
        BenchCalls.createHttpJob(
                base, "drain", "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/",
                ",\"timeout\":300")
            .request(",\"InstanceParameters\":\"drain\"");
    ExecutorService callers = Executors.newFixedThreadPool(8);
    for (int round = 1; round <= rounds; round++) {
      boolean recorded = round == rounds && !recording.isEmpty();
      gate = new CountDownLatch(1);
      long runsBefore = runs.get();
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        calls.add(callers.submit(() -> BenchCalls.post(base, "ExecuteJob", execute)));
      }
      for (Future<?> call : calls) {
        call.get();
      }
      if (recorded) {
        jcmd(pid, "JFR.start", "name=drain", "settings=profile");
      }
      long cpuBefore = cpuTicks(pid);
      Map<String, Long> threadsBefore = round == rounds ? threadTicks(pid) : Map.of();
      long start = System.nanoTime();
      gate.countDown();
      long deadline = start + TimeUnit.SECONDS.toNanos(600);
      while (runs.get() - runsBefore < instances) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "only " + (runs.get() - runsBefore) + " of " + instances + " ran in 600 s");
        }
        Thread.sleep(5);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (cpuTicks(pid) - cpuBefore) / 100.0;
      if (recorded) {
        jcmd(pid, "JFR.stop", "name=drain", "filename=" + recording);
      }
      Map<String, Long> threadsAfter = round == rounds ? threadTicks(pid) : Map.of();
      System.out.printf(
          "round %d: %,d queued instances drained in %.2f s: %,.0f instances/s; server CPU %.2f s:"
              + " %,.0f instances per CPU-second; load average %s%n",
          round, instances, seconds, instances / seconds, cpuSeconds, instances / cpuSeconds,
          Files.readString(Path.of("/proc/loadavg")).substring(0, 14));
      if (round == rounds) {
        System.out.println("  the last round's CPU by thread (ms per instance):");
        threadsAfter.entrySet().stream()
            .map(e -> Map.entry(e.getKey(), e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0L)))
            .filter(e -> e.getValue() > 0)
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .forEach(e -> System.out.printf("  %6.3f  %s%n", e.getValue() * 10.0 / instances, e.getKey()));
      }
    }
    callers.shutdown();
  }

  private static void jcmd(long pid, String... command) throws Exception {
    List<String> line = new ArrayList<>(List.of("jcmd", Long.toString(pid)));
    line.addAll(List.of(command));
    Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", line) + " failed:\n" + out);
    }
  }

  /**
   * CPU ticks of the process's threads, summed by name with digits folded (the 32 workers are one
   * line); threads that ended meanwhile are missed.
   */
  private static Map<String, Long> threadTicks(long pid) throws IOException {
    Map<String, Long> byName = new TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
              .replaceAll("[0-9]+", "#");
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          byName.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
        } catch (IOException ended) {
          // the thread ended while listed
        }
      }
    }
    return byName;
  }

  /** User and system CPU time of a process, in clock ticks (1/100 s on Linux). */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
