package io.taskfn.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * One function as AWS's managed Java runtime runs it: the packaged {@code function.zip} unzipped as
 * the task root, AWS's Runtime Interface Client (the runtime's own start-up, {@code
 * target/lambda-runtime-client}) in a JVM with the runtime's flags for the function's memory, and
 * the Lambda Runtime API, which that client polls for events, served here on a loopback port. An
 * invocation is queued for the client's {@code next} request and answered by its {@code response}
 * or {@code error} post; an {@code init/error} post fails every invocation with what it said. The
 * process is {@code unshare}, which runs as root (as the tests do here) and execs the JVM.
 */
public final class ManagedLambda implements AutoCloseable {

  public static final Path FUNCTION_ZIP = Path.of("target/function.zip");
  public static final Path RUNTIME_CLIENT = Path.of("target/lambda-runtime-client");
  public static final String HANDLER =
      "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
  public static final String ACCOUNT = "123456789012";
  public static final String REGION = "us-east-1";
  private static final Path UNSHARE = Path.of("/usr/bin/unshare");
  private static final Path HOST_TMP_MOUNT = Path.of("/mnt");

  /** What one invocation answered: its result, or its error with the error type Lambda reports. */
  public record Answer(String requestId, String body, String errorType) {
    public boolean failed() {
      return errorType != null;
    }
  }

  private record Invocation(String requestId, byte[] event, CompletableFuture<Answer> answer) {}

  private final String name;
  private final HttpServer runtimeApi;
  private final ExecutorService runtimeApiThreads = Executors.newCachedThreadPool();
  private final BlockingQueue<Invocation> queued = new LinkedBlockingQueue<>();
  private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
  private final CompletableFuture<String> initError = new CompletableFuture<>();
  private final CompletableFuture<Void> initialized = new CompletableFuture<>();
  private final int timeoutSeconds;
  private Process process;
  private Path log;

  private ManagedLambda(String name, int timeoutSeconds) throws IOException {
    this.name = name;
    this.timeoutSeconds = timeoutSeconds;
    this.runtimeApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    runtimeApi.setExecutor(runtimeApiThreads);
    runtimeApi.createContext("/2018-06-01/runtime/", this::serve);
    runtimeApi.start();
  }

  /**
   * The JVM flags the managed Java runtime starts a function of {@code memoryMb} with: 85% of the
   * memory as heap, metaspace and code cache capped at 10% and 5%, the serial collector, tiered
   * compilation stopping at C1, class data sharing where an archive is (the runtime has an archive
   * of its own classes; this JVM has the JDK's default one). Seen on the java8 and java11 runtimes;
   * the java21 command line the template deploys on has not been read off a function (AWS documents
   * that java17 and later take a collector from JAVA_TOOL_OPTIONS, so it may name none): where it
   * differs, this is the stricter model.
   */
  public static List<String> runtimeJvmFlags(int memoryMb) {
    return List.of(
        "-XX:MaxHeapSize=" + memoryMb * 1024L * 85 / 100 + "k",
        // The caps the java8 and java11 runtimes were seen to set; kept so a function that only
        // runs without them fails here first.
        "-XX:MaxMetaspaceSize=" + memoryMb * 1024L / 10 + "k",
        "-XX:ReservedCodeCacheSize=" + memoryMb * 1024L / 20 + "k",
        "-XX:+UseSerialGC",
        "-Xshare:auto",
        "-XX:+TieredCompilation",
        "-XX:TieredStopAtLevel=1",
        "-Djava.net.preferIPv4Stack=true");
  }

  /**
   * Starts the function: its environment is the runtime's ({@code AWS_LAMBDA_*}, credentials,
   * region) and {@code environment} (what the template sets, and the endpoints of the test). As in
   * Lambda, it runs in a mount namespace of its own where {@code /tmp} is its own (512 MB) and the
   * task root is mounted read-only, which stops even root from writing there.
   *
   * @throws IllegalStateException when the package, the runtime client or unshare is missing
   */
  public static ManagedLambda start(
      String name,
      Path taskRoot,
      Path log,
      int memoryMb,
      int timeoutSeconds,
      Map<String, String> environment)
      throws IOException {
    if (!Files.isDirectory(RUNTIME_CLIENT)) {
      throw new IllegalStateException(
          RUNTIME_CLIENT + " is missing: the build copies the runtime client there at package");
    }
    if (!Files.isDirectory(HOST_TMP_MOUNT)) {
      throw new IllegalStateException(
          HOST_TMP_MOUNT + " is missing: the Lambda tests mount the machine's /tmp there");
    }
    Path javaHome = Path.of(System.getProperty("java.home")).toRealPath();
    for (Path needed : List.of(taskRoot.toRealPath(), RUNTIME_CLIENT.toRealPath(), javaHome)) {
      if (needed.startsWith(HOST_TMP_MOUNT)
          || (needed.equals(javaHome) && needed.startsWith("/tmp"))) {
        throw new IllegalStateException(
            needed
                + " is hidden from the function: it gets a tmpfs of its own over /tmp, and the"
                + " tests keep the machine's /tmp over "
                + HOST_TMP_MOUNT);
      }
    }
    if (!Files.isExecutable(UNSHARE)) {
      throw new IllegalStateException(
          UNSHARE
              + " is missing: the Lambda tests give each function its own /tmp with it"
              + " (util-linux)");
    }
    ManagedLambda lambda = new ManagedLambda(name, timeoutSeconds);
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            UNSHARE.toString(),
            "--mount",
            "--propagation",
            "private",
            "/bin/sh",
            "-c",
            // The function's own /tmp hides the machine's, and with it a checkout under /tmp (a
            // clone there): the machine's is kept on a tmpfs over /mnt, and the task root and the
            // runtime client are bound back from it at their own paths.
            "client=$1 && shift"
                + " && mount -t tmpfs tmpfs /mnt && mkdir /mnt/host-tmp"
                + " && mount --rbind /tmp /mnt/host-tmp"
                + " && mount -t tmpfs -o size=512m tmpfs /tmp"
                + " && for dir in \"$LAMBDA_TASK_ROOT\" \"$client\"; do case \"$dir\" in /tmp/*)"
                + " mkdir -p \"$dir\" && mount --bind \"/mnt/host-tmp${dir#/tmp}\" \"$dir\" || exit 1;;"
                + " esac; done"
                + " && mount --bind \"$LAMBDA_TASK_ROOT\" \"$LAMBDA_TASK_ROOT\""
                + " && mount -o remount,bind,ro \"$LAMBDA_TASK_ROOT\""
                + " && cd \"$LAMBDA_TASK_ROOT\" && exec \"$@\"",
            "lambda",
            RUNTIME_CLIENT.toRealPath().toString()));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(runtimeJvmFlags(memoryMb));
    // Not the runtime's flag but its machine: a function's VM has the function's memory, and the
    // JVM sizes what the flags leave open (the initial heap, 1/64) from that, not from this
    // machine's memory.
    command.add("-XX:MaxRAM=" + memoryMb + "m");
    command.addAll(
        List.of(
            "-classpath",
            RUNTIME_CLIENT.toRealPath() + "/*",
            "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
            HANDLER));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("LANG", "en_US.UTF-8");
    env.put("TZ", ":UTC");
    env.put("_HANDLER", HANDLER);
    env.put("LAMBDA_TASK_ROOT", taskRoot.toRealPath().toString());
    env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + lambda.runtimeApi.getAddress().getPort());
    env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
    env.put("AWS_LAMBDA_FUNCTION_NAME", name);
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + name);
    env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local");
    env.put("AWS_REGION", REGION);
    env.put("AWS_DEFAULT_REGION", REGION);
    // A Lambda's role reaches it as these; dynalite and the local Invoke API check the signature
    // is there, not whose it is.
    env.put("AWS_ACCESS_KEY_ID", "ASIATASKFNLOCAL");
    env.put("AWS_SECRET_ACCESS_KEY", "taskfn");
    env.put("AWS_SESSION_TOKEN", "taskfn-session");
    env.putAll(environment);
    lambda.log = log;
    lambda.process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return lambda;
  }

  /** Unzips {@code zip} into {@code root} and takes write permission away from all of it. */
  public static void unzipReadOnly(Path zip, Path root) throws IOException {
    Files.createDirectories(root);
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        Path target = root.resolve(entry.getName()).normalize();
        if (!target.startsWith(root)) {
          throw new IOException("a zip entry outside its root: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target);
        }
      }
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path path : all.toList()) {
        path.toFile().setWritable(false, false);
      }
    }
  }

  /**
   * Every path under {@code root} with its size and modification time: compared before and after,
   * it shows whether anything wrote there (which file permissions alone do not stop for root).
   */
  public static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path path : all.toList()) {
        files.put(
            root.relativize(path).toString(),
            Files.size(path) + "@" + Files.getLastModifiedTime(path).toMillis());
      }
    }
    return files;
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  /**
   * Waits until the function finished its init (the runtime client asks for its first event only
   * then), as Lambda has a provisioned or warm function.
   */
  public void awaitInit(Duration max) throws InterruptedException, IOException {
    try {
      CompletableFuture.anyOf(initialized, initError).get(max.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new IllegalStateException(
          name + " did not finish its init within " + max + ":\n" + Files.readString(log), e);
    }
    if (initError.isDone()) {
      throw initFailure(initError.join());
    }
  }

  /** Queues an event, as Lambda queues an asynchronous invocation; its answer completes later. */
  public CompletableFuture<Answer> enqueue(String event) {
    Invocation invocation =
        new Invocation(
            UUID.randomUUID().toString(),
            event.getBytes(StandardCharsets.UTF_8),
            new CompletableFuture<>());
    queued.add(invocation);
    if (initError.isDone()) {
      invocation.answer().completeExceptionally(initFailure(initError.join()));
    }
    return invocation.answer();
  }

  /** Invokes the function and waits for its answer (the first invocation includes its init). */
  public Answer invoke(String event) throws InterruptedException, IOException {
    CompletableFuture<Answer> answer = enqueue(event);
    try {
      CompletableFuture.anyOf(answer, process.onExit()).get(60, TimeUnit.SECONDS);
      if (!answer.isDone()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      return answer.get();
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          name + " did not answer within 60 s:\n" + Files.readString(log), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(name + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (method.equals("GET") && path.equals("/2018-06-01/runtime/invocation/next")) {
        next(exchange);
        return;
      }
      if (method.equals("GET") && path.equals("/2018-06-01/runtime/restore/next")) {
        // A snap-start init ends by asking for its restore: Lambda answers once it has taken the
        // snapshot and restored it. Here the process simply goes on, as a restore would.
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      String body = readBody(exchange.getRequestBody());
      if (method.equals("POST") && path.equals("/2018-06-01/runtime/init/error")) {
        initError.complete(body);
        queued.forEach(i -> i.answer().completeExceptionally(initFailure(body)));
        exchange.sendResponseHeaders(202, -1);
        return;
      }
      String[] parts = path.split("/");
      // /2018-06-01/runtime/invocation/{id}/response|error
      Invocation invocation = parts.length == 6 ? inFlight.remove(parts[4]) : null;
      if (!method.equals("POST") || invocation == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      String errorType =
          parts[5].equals("error")
              ? String.valueOf(
                  exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"))
              : null;
      invocation.answer().complete(new Answer(invocation.requestId(), body, errorType));
      exchange.sendResponseHeaders(202, -1);
    }
  }

  private void next(HttpExchange exchange) throws IOException {
    initialized.complete(null);
    Invocation invocation;
    try {
      invocation = queued.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.sendResponseHeaders(500, -1);
      return;
    }
    inFlight.put(invocation.requestId(), invocation);
    var headers = exchange.getResponseHeaders();
    headers.add("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
    headers.add(
        "Lambda-Runtime-Deadline-Ms",
        Long.toString(System.currentTimeMillis() + timeoutSeconds * 1000L));
    headers.add(
        "Lambda-Runtime-Invoked-Function-Arn",
        "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name);
    headers.add(
        "Lambda-Runtime-Trace-Id",
        "Root=1-00000000-"
            + invocation.requestId().replace("-", "").substring(0, 24)
            + ";Sampled=0");
    headers.add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, invocation.event().length);
    exchange.getResponseBody().write(invocation.event());
  }

  private IllegalStateException initFailure(String body) {
    String output;
    try {
      output = Files.readString(log);
    } catch (IOException e) {
      output = "(no log: " + e.getMessage() + ")";
    }
    return new IllegalStateException(name + " failed at init: " + body + "\n" + output);
  }

  private static String readBody(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    runtimeApi.stop(0);
    runtimeApiThreads.shutdownNow();
  }
}
