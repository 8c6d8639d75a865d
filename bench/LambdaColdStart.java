import io.taskfn.support.ManagedLambda;
import io.taskfn.support.TemplateEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold starts of one function as AWS's managed Java runtime runs it (test support's ManagedLambda:
 * the Runtime Interface Client, the runtime's JVM flags for the memory given, its own /tmp, the
 * task root read-only), over DynamoDB (dynalite at the endpoint given). Each run starts a new JVM
 * and sends it one event at once, as Lambda does on a cold invocation; run 0 creates the table and
 * is not counted. The function runs with the environment the generated template gives it.
 *
 * <p>Arguments: TASK_ROOT FUNCTION MEMORY_MB RUNS DYNAMODB_ENDPOINT
 */
public class LambdaColdStart {

  public static void main(String[] args) throws Exception {
    Path taskRoot = Path.of(args[0]).toAbsolutePath();
    String function = args[1];
    int memoryMb = Integer.parseInt(args[2]);
    int runs = Integer.parseInt(args[3]);
    String dynamodb = args[4];
    TemplateEnvironment template = TemplateEnvironment.read("bench");
    Path logs = Files.createTempDirectory("lambda-cold-start");
    long[] firstResponse = new long[runs];
    long[] rssKb = new long[runs];
    long[] cpuMillis = new long[runs];
    long[] initMillis = new long[runs];
    // BENCH_SNAP_START=1: the init SnapStart would snapshot (AWS_LAMBDA_INITIALIZATION_TYPE
    // snap-start), then the first request after it, timed apart; the restore itself is AWS's.
    boolean snapStart = "1".equals(System.getenv("BENCH_SNAP_START"));
    for (int run = 0; run <= runs; run++) {
      // What the generated template deploys the function with; only DynamoDB's address is ours.
      Map<String, String> environment = template.variables(function);
      environment.put("QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE", dynamodb);
      // No Lambda Invoke API here: a function that creates due work would otherwise invoke
      // Dispatch at AWS, inside the timed answer.
      environment.remove("TASKFN_LAMBDA_DISPATCH_FUNCTION");
      // Profiling flags for the function's JVM (JFR, -Xlog), after the template's own.
      String profileFlags = System.getenv("BENCH_JAVA_TOOL_OPTIONS");
      if (profileFlags != null) {
        TemplateEnvironment.addJvmOptions(environment, profileFlags);
      }
      if (run == 0) {
        environment.put("TASKFN_STORE_DYNAMODB_CREATE_TABLE", "true");
      }
      if (snapStart) {
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
      }
      long started = System.nanoTime();
      try (ManagedLambda lambda =
          ManagedLambda.start(
              function, taskRoot, logs.resolve(function + "-" + run + ".log"), memoryMb, 30,
              environment)) {
        if (snapStart) {
          // What SnapStart snapshots; a restored function answers its first request from there.
          lambda.awaitInit(java.time.Duration.ofMinutes(2));
          long init = (System.nanoTime() - started) / 1_000_000;
          started = System.nanoTime();
          if (run > 0) {
            initMillis[run - 1] = init;
          }
        }
        ManagedLambda.Answer answer =
            lambda.invoke("{\"Name\":\"bench\",\"Uid\":\"ns-cold-" + System.nanoTime() + "\"}");
        long took = (System.nanoTime() - started) / 1_000_000;
        if (answer.failed() || !answer.body().contains("\"Success\":true")) {
          throw new IllegalStateException("run " + run + " answered " + answer.body());
        }
        long rss = rssKb(lambda.pid());
        long cpu = cpuMillis(lambda.pid());
        if (profileFlags != null) {
          // A stop the JVM sees, so that a recording it was asked for is written at its exit.
          ProcessHandle jvm = ProcessHandle.of(lambda.pid()).orElseThrow();
          jvm.destroy();
          jvm.onExit().get(30, TimeUnit.SECONDS);
        }
        if (run == 0) {
          System.out.printf("run 0 (creates the table, not counted): %d ms%n", took);
          continue;
        }
        firstResponse[run - 1] = took;
        rssKb[run - 1] = rss;
        cpuMillis[run - 1] = cpu;
        System.out.printf(
            "run %d: first response %d ms, CPU %d ms, RSS %.0f MB%n", run, took, cpu, rss / 1024.0);
      }
    }
    if (snapStart) {
      System.out.printf(
          "snap-start init (what SnapStart snapshots), median: %d ms; the first response below"
              + " is timed from the end of that init%n",
          median(initMillis));
    }
    System.out.printf(
        "%s at %d MB, median of %d: first response %d ms, CPU %d ms, RSS %.0f MB%n",
        function,
        memoryMb,
        runs,
        median(firstResponse),
        median(cpuMillis),
        median(rssKb) / 1024.0);
  }

  private static long rssKb(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  /**
   * CPU time the JVM used so far, all its threads (user and system; /proc counts in ticks of 10
   * ms): on a busy machine the first response stretches with the wait for a core, this does not.
   */
  private static long cpuMillis(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
