import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A soak of the running server: normal and hostile requests from N threads for a time (and at most
 * a number of requests), the server's RSS and a health probe sampled meanwhile. Prints the totals
 * by kind and status, the 5xx count, whether every probe was answered, and RSS over time. Exits 1
 * when a 5xx was answered, a request went unanswered, or a probe failed. Run by bench/soak.sh.
 *
 * <p>Usage: java bench/Soak.java BASE_URL SERVER_PID MINUTES THREADS MAX_REQUESTS HOSTILE_KINDS
 * HOSTILE_SHARE SAMPLE_SECONDS
 */
public class Soak {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** Longer than StartSyncExecution's own bound (functions.yaml: 60 s), so its answer can come. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(70);

  /** One kind of request: a name for the report and how to send it, returning the status. */
  record Kind(String name, boolean hostile, Request request) {}

  interface Request {
    int send() throws Exception;
  }

  private static String base;
  private static String ns;
  private static long jobId;
  private static final AtomicLong lastInstance = new AtomicLong(1);

  /** The kinds and what each tests; the hostile ones by their name in HOSTILE_KINDS. */
  private static Map<String, Kind> kinds() {
    Map<String, Kind> all = new LinkedHashMap<>();
    // ---- normal ----
    add(all, "execute-job", false, () -> {
      Answer a = post("ExecuteJob", ref(jobId));
      Matcher m = Pattern.compile("\"JobInstanceId\":(\\d+)").matcher(a.body());
      if (m.find()) {
        lastInstance.set(Long.parseLong(m.group(1)));
      }
      return a.status();
    });
    add(all, "get-job-instance", false, () -> post("GetJobInstance",
        "{\"Namespace\":\"" + ns + "\",\"GroupId\":\"g\",\"JobId\":" + jobId
            + ",\"JobInstanceId\":" + lastInstance.get() + "}").status());
    add(all, "list-instances", false, () -> post("GetJobInstanceList",
        "{\"Namespace\":\"" + ns + "\",\"GroupId\":\"g\",\"JobId\":" + jobId + ",\"PageSize\":10}")
        .status());
    add(all, "job-churn", false, () -> {
      Answer created = post("CreateJob", "{\"Namespace\":\"" + ns + "\",\"GroupId\":\"g\","
          + "\"Name\":\"churn\",\"JobType\":\"http\",\"TimeType\":100,"
          + "\"XAttrs\":\"{\\\"url\\\":\\\"http://127.0.0.1:9/\\\"}\"}");
      Matcher m = Pattern.compile("\"JobId\":(\\d+)").matcher(created.body());
      return m.find() ? post("DeleteJob", ref(Long.parseLong(m.group(1)))).status() : created.status();
    });
    add(all, "list-jobs", false,
        () -> post("ListJobs", "{\"Namespace\":\"" + ns + "\",\"GroupId\":\"g\"}").status());
    add(all, "sync-execution", false, () -> post("StartSyncExecution",
        "{\"FlowName\":\"" + ns + "_pass\",\"Input\":\"{\\\"n\\\":1}\"}").status());
    add(all, "list-flows", false, () -> post("ListFlows", "{\"Limit\":10}").status());

    // ---- hostile: input strictness and the HTTP door (this branch) ----
    add(all, "fraction", true, () -> post("DeleteJob", ref("1.5")).status());
    add(all, "string-number", true, () -> post("GetJobInfo", ref("\"1\"")).status());
    add(all, "trailing-text", true, () -> post("ExecuteJob", ref(jobId) + " garbage").status());
    add(all, "duplicate-key", true,
        () -> post("DeleteJob", ref(jobId).replace("{", "{\"JobId\":1,")).status());
    add(all, "content-type", true,
        () -> send("POST", "/GetJobInfo", "text/plain", ref(jobId)).status());
    add(all, "method", true, () -> send(
        List.of("GET", "PUT", "DELETE", "PATCH").get(ThreadLocalRandom.current().nextInt(4)),
        "/ExecuteJob?JobId=1", null, (byte[]) null).status());
    add(all, "long-uri", true,
        () -> send("POST", "/ExecuteJob?q=" + "a".repeat(5_000), "application/json", "{}").status());
    add(all, "huge-uri", true, () -> raw("POST /ExecuteJob?q=" + "a".repeat(70_000), 2));
    add(all, "bad-escape", true, () -> raw("POST /ExecuteJob?a=%zz", 2));
    add(all, "overflow-rate", true, () -> post("CreateJob", schedule(3, "9223372036854775807")).status());
    add(all, "overflow-date", true,
        () -> post("CreateJob", schedule(5, "+999999999-12-31 23:59:59")).status());
    add(all, "never-fires", true, () -> post("CreateJob", schedule(1, "0 0 0 30 2 ?")).status());
    add(all, "big-name", true, () -> post("GetJobInfo", "{\"Namespace\":\"" + ns
        + "\",\"GroupId\":\"g\",\"JobName\":\"" + "n".repeat(1_000_000) + "\"}").status());
    add(all, "big-body", true, () -> raw("POST /ExecuteJob", 100 << 20));
    add(all, "deep-nesting", true,
        () -> post("ExecuteJob", "{\"X\":" + "[".repeat(100_000) + "}").status());
    add(all, "long-number", true, () -> post("ExecuteJob", ref("9".repeat(100_000))).status());

    // ---- hostile: flow bombs (bounded by the flow engine's own branch) ----
    add(all, "flow-loop", true, () -> post("StartSyncExecution",
        "{\"FlowName\":\"" + ns + "_loop\",\"Input\":\"{}\"}").status());
    add(all, "flow-count", true, () -> post("StartSyncExecution",
        "{\"FlowName\":\"" + ns + "_count\",\"Input\":\"{}\"}").status());
    add(all, "flow-map", true, () -> post("StartSyncExecution",
        "{\"FlowName\":\"" + ns + "_map\",\"Input\":\"{}\"}").status());
    add(all, "flow-self", true, () -> post("StartSyncExecution",
        "{\"FlowName\":\"" + ns + "_self\",\"Input\":\"{}\"}").status());
    add(all, "flow-pad", true, () -> post("StartSyncExecution",
        "{\"FlowName\":\"" + ns + "_pad\",\"Input\":\"{}\"}").status());
    add(all, "flow-recursion", true, () -> post("StartSyncExecution",
        "{\"FlowName\":\"" + ns + "_recursion\",\"Input\":\"{}\"}").status());
    add(all, "flow-huge-number", true, () -> post("StartSyncExecution",
        "{\"FlowName\":\"" + ns + "_add\",\"Input\":\"{\\\"n\\\":1e500000000}\"}").status());
    add(all, "flow-wildcards", true, () -> post("StartSyncExecution",
        "{\"FlowName\":\"" + ns + "_wildcards\",\"Input\":\"{\\\"s\\\":\\\""
            + "a".repeat(3_000) + "\\\"}\"}").status());
    add(all, "flow-nested-map", true, () -> post("StartSyncExecution",
        "{\"FlowName\":\"" + ns + "_nested\",\"Input\":\"{}\"}").status());
    add(all, "flow-standard-loop", true, () -> post("StartExecution",
        "{\"FlowName\":\"" + ns + "_standard\",\"Input\":\"{}\"}").status());
    return all;
  }

  private static final String PASS =
      "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";
  /** Pass and Choice forever: the way out is never taken; the definition's timeout ends it. */
  private static final String LOOP = "{\"StartAt\":\"A\",\"TimeoutSeconds\":5,\"States\":{"
      + "\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"},"
      + "\"B\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.never\",\"IsPresent\":true,"
      + "\"Next\":\"Done\"}],\"Default\":\"A\"},\"Done\":{\"Type\":\"Succeed\"}}}";
  private static final String COUNT = "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"C\",\"States\":{"
      + "\"C\":{\"Type\":\"Pass\",\"Output\":\"{% $count($range(1,100000000)) %}\",\"End\":true}}}";
  private static final String MAP = "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"M\",\"States\":{"
      + "\"M\":{\"Type\":\"Map\",\"Items\":\"{% $range(1,3000000) %}\",\"ItemProcessor\":{"
      + "\"ProcessorConfig\":{\"Mode\":\"INLINE\"},\"StartAt\":\"P\",\"States\":{"
      + "\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}}}";

  private static final String SELF_TEMPLATE = "{\"StartAt\":\"Call\",\"States\":{\"Call\":{"
      + "\"Type\":\"Task\",\"Resource\":\"taskfn:function:StartSyncExecution\","
      + "\"Parameters\":{\"FlowName\":\"%s_self\",\"Input\":\"{}\"},\"End\":true}}}";
  private static final String PAD = "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"P\",\"States\":{"
      + "\"P\":{\"Type\":\"Pass\",\"Output\":\"{% $pad('', 500000000, 'x') %}\",\"End\":true}}}";
  private static final String RECURSION = "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"P\","
      + "\"States\":{\"P\":{\"Type\":\"Pass\",\"Output\":"
      + "\"{% ($f := function($n){ $f($n + 1) }; $f(0)) %}\",\"End\":true}}}";
  private static final String ADD = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\","
      + "\"Parameters\":{\"n.$\":\"States.MathAdd($.n, 1)\"},\"End\":true}}}";
  private static final String WILDCARDS = "{\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\","
      + "\"Choices\":[{\"Variable\":\"$.s\",\"StringMatches\":\"" + "*a".repeat(30) + "*b\","
      + "\"Next\":\"E\"}],\"Default\":\"E\"},\"E\":{\"Type\":\"Succeed\"}}}";
  private static final String NESTED_MAP = "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"M\","
      + "\"States\":{\"M\":{\"Type\":\"Map\",\"Items\":\"{% $range(1,1000) %}\",\"ItemProcessor\":{"
      + "\"ProcessorConfig\":{\"Mode\":\"INLINE\"},\"StartAt\":\"I\",\"States\":{"
      + "\"I\":{\"Type\":\"Map\",\"Items\":\"{% $range(1,1000) %}\",\"ItemProcessor\":{"
      + "\"ProcessorConfig\":{\"Mode\":\"INLINE\"},\"StartAt\":\"P\",\"States\":{"
      + "\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}}},\"End\":true}}}";

  public static void main(String[] args) throws Exception {
    base = args[0];
    long pid = Long.parseLong(args[1]);
    double minutes = Double.parseDouble(args[2]);
    int threads = Integer.parseInt(args[3]);
    long maxRequests = Long.parseLong(args[4]);
    Set<String> hostile = Set.of(args[5].split(","));
    double hostileShare = Double.parseDouble(args[6]);
    int sampleSeconds = Integer.parseInt(args[7]);

    Map<String, Kind> all = kinds();
    for (String name : hostile) {
      if (!all.containsKey(name) || !all.get(name).hostile()) {
        throw new IllegalArgumentException("no hostile kind " + name + "; kinds: " + all.keySet());
      }
    }
    List<Kind> normal = all.values().stream().filter(k -> !k.hostile()).toList();
    List<Kind> chosen = all.values().stream().filter(k -> hostile.contains(k.name())).toList();
    setUp();

    Map<String, Map<Integer, LongAdder>> byKind = new ConcurrentHashMap<>();
    Map<String, LongAdder> unanswered = new ConcurrentHashMap<>();
    LongAdder sent = new LongAdder();
    AtomicBoolean stop = new AtomicBoolean();
    long deadline = System.nanoTime() + (long) (minutes * 60e9);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      pool.submit(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stop.get() && System.nanoTime() < deadline) {
          sent.increment();
          if (sent.sum() > maxRequests) {
            break;
          }
          Kind kind = !chosen.isEmpty() && random.nextDouble() < hostileShare
              ? chosen.get(random.nextInt(chosen.size()))
              : normal.get(random.nextInt(normal.size()));
          try {
            int status = kind.request().send();
            byKind.computeIfAbsent(kind.name(), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, s -> new LongAdder()).increment();
          } catch (Exception e) {
            unanswered.computeIfAbsent(kind.name() + " (" + e.getClass().getSimpleName() + ")",
                k -> new LongAdder()).increment();
          }
        }
        return null;
      });
    }

    List<Long> rss = new ArrayList<>();
    int probes = 0;
    int probesAnswered = 0;
    long slowestProbe = 0;
    long started = System.nanoTime();
    while (System.nanoTime() < deadline && sent.sum() <= maxRequests) {
      Thread.sleep(Math.min(sampleSeconds * 1000L,
          Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      rss.add(rssKb(pid));
      probes++;
      long t0 = System.nanoTime();
      try {
        HttpResponse<String> live = CLIENT.send(
            HttpRequest.newBuilder(URI.create(base + "/q/health/live"))
                .timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (live.statusCode() == 200) {
          probesAnswered++;
        }
      } catch (IOException e) {
        // counted as not answered
      }
      slowestProbe = Math.max(slowestProbe, (System.nanoTime() - t0) / 1_000_000);
    }
    stop.set(true);
    pool.shutdown();
    boolean drained = pool.awaitTermination(REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - started) / 1e9;

    Map<Integer, Long> statuses = new TreeMap<>();
    long total = 0;
    long fiveHundreds = 0;
    for (Map<Integer, LongAdder> counts : byKind.values()) {
      for (Map.Entry<Integer, LongAdder> e : counts.entrySet()) {
        statuses.merge(e.getKey(), e.getValue().sum(), Long::sum);
        total += e.getValue().sum();
        if (e.getKey() >= 500) {
          fiveHundreds += e.getValue().sum();
        }
      }
    }
    long lost = unanswered.values().stream().mapToLong(LongAdder::sum).sum();
    System.out.printf("soak: %.1f min, %d threads, hostile share %.2f, hostile kinds %s%n",
        elapsed / 60, threads, hostileShare, chosen.stream().map(Kind::name).toList());
    System.out.printf("requests answered: %d (%.0f/s), unanswered: %d %s%n",
        total, total / elapsed, lost, lost == 0 ? "" : unanswered);
    System.out.printf("statuses: %s%n", statuses);
    System.out.printf("5xx answers: %d%n", fiveHundreds);
    System.out.printf("health: %d of %d probes answered UP (every %d s), slowest %d ms%n",
        probesAnswered, probes, sampleSeconds, slowestProbe);
    List<Long> mb = rss.stream().map(kb -> kb < 0 ? -1 : kb / 1024).toList();
    System.out.printf("RSS MB: min %d, max %d; over time (every %d s): %s%n",
        mb.stream().filter(v -> v >= 0).mapToLong(Long::longValue).min().orElse(-1),
        mb.stream().mapToLong(Long::longValue).max().orElse(-1), sampleSeconds, mb);
    System.out.println("by kind (status=count):");
    new TreeMap<>(byKind).forEach((name, counts) -> {
      Map<Integer, Long> shown = new TreeMap<>();
      counts.forEach((s, n) -> shown.put(s, n.sum()));
      System.out.printf("  %-16s %s%n", name, shown);
    });
    boolean pass = fiveHundreds == 0 && lost == 0 && probesAnswered == probes && drained;
    System.out.println(pass ? "verdict: PASS" : "verdict: FAIL");
    System.exit(pass ? 0 : 1);
  }

  private static void add(Map<String, Kind> all, String name, boolean hostile, Request request) {
    all.put(name, new Kind(name, hostile, request));
  }

  private static void setUp() throws Exception {
    HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    endpoint.setExecutor(Executors.newFixedThreadPool(2));
    endpoint.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, 2);
      exchange.getResponseBody().write("ok".getBytes());
      exchange.close();
    });
    endpoint.start();
    ns = "soak" + System.nanoTime();
    require(post("CreateNamespace", "{\"Name\":\"soak\",\"Uid\":\"" + ns + "\"}"));
    require(post("CreateAppGroup", "{\"Namespace\":\"" + ns
        + "\",\"GroupId\":\"g\",\"AppName\":\"soak\",\"MaxJobs\":100000000}"));
    Answer job = require(post("CreateJob", "{\"Namespace\":\"" + ns + "\",\"GroupId\":\"g\","
        + "\"Name\":\"soak\",\"JobType\":\"http\",\"TimeType\":100,\"XAttrs\":\"{\\\"url\\\":"
        + "\\\"http://127.0.0.1:" + endpoint.getAddress().getPort() + "/\\\"}\"}"));
    Matcher m = Pattern.compile("\"JobId\":(\\d+)").matcher(job.body());
    m.find();
    jobId = Long.parseLong(m.group(1));
    require(createFlow("pass", PASS));
    // The bombs may be refused when they are created (a bounded engine may say so at once): then
    // their executions answer FlowNotExists, which is a bounded answer too.
    String[][] bombs = {{"loop", LOOP}, {"count", COUNT}, {"map", MAP},
        {"self", SELF_TEMPLATE.formatted(ns)}, {"pad", PAD}, {"recursion", RECURSION},
        {"add", ADD}, {"wildcards", WILDCARDS}, {"nested", NESTED_MAP}, {"standard", LOOP}};
    for (String[] bomb : bombs) {
      Answer created = createFlow(bomb[0], bomb[1],
          bomb[0].equals("standard") ? "Standard" : "Express");
      System.out.printf("flow bomb %s created: %d%s%n", bomb[0], created.status(),
          created.status() == 200 ? "" : " " + created.body());
    }
  }

  private static Answer createFlow(String name, String definition) throws Exception {
    return createFlow(name, definition, "Express");
  }

  private static Answer createFlow(String name, String definition, String mode)
      throws Exception {
    return post("CreateFlow", "{\"Name\":\"" + ns + "_" + name + "\",\"ExecutionMode\":\"" + mode
        + "\",\"Definition\":" + quote(definition) + "}");
  }

  private static Answer require(Answer answer) {
    if (answer.status() != 200) {
      throw new IllegalStateException("setup failed: " + answer);
    }
    return answer;
  }

  private static String ref(Object jobIdJson) {
    return "{\"Namespace\":\"" + ns + "\",\"GroupId\":\"g\",\"JobId\":" + jobIdJson + "}";
  }

  private static String schedule(int timeType, String expression) {
    return "{\"Namespace\":\"" + ns + "\",\"GroupId\":\"g\",\"Name\":\"s\",\"JobType\":\"http\","
        + "\"XAttrs\":\"{\\\"url\\\":\\\"http://127.0.0.1:9/\\\"}\",\"TimeType\":" + timeType
        + ",\"TimeExpression\":\"" + expression + "\"}";
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  record Answer(int status, String body) {}

  private static Answer post(String action, String body) throws Exception {
    return send("POST", "/" + action, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  private static Answer send(String method, String target, String type, String body)
      throws Exception {
    return send(method, target, type, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  private static Answer send(String method, String target, String type, byte[] body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + target))
        .timeout(REQUEST_TIMEOUT)
        .method(method, body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    if (type != null) {
      request.header("Content-Type", type);
    }
    HttpResponse<String> answer = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(answer.statusCode(), answer.body());
  }

  /**
   * A request Java's client will not send (a URI past the decoder's limit, a bad %-escape) or
   * should not wait to finish sending (100 MB, refused at the body limit): the request line and a
   * body of {@code length} bytes of which at most 64 KiB are written before the answer is read.
   */
  private static int raw(String requestLine, int length) throws IOException {
    URI uri = URI.create(base);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write((requestLine + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + length
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      byte[] body = new byte[Math.min(length, 64 << 10)];
      Arrays.fill(body, (byte) ' ');
      body[0] = '{';
      body[body.length - 1] = '}';
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      String statusLine = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
      if (!statusLine.startsWith("HTTP/1.")) {
        throw new IOException("no HTTP answer: " + statusLine);
      }
      return Integer.parseInt(statusLine.substring(9, 12));
    }
  }

  /** The server's resident set from /proc, in KiB; -1 once it is gone. */
  private static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException gone) {
      // the process ended
    }
    return -1;
  }
}
