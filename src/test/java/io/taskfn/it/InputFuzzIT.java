package io.taskfn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.funqy.Funq;
import io.taskfn.api.ErrorEnvelopes;
import io.taskfn.api.FunctionCatalog;
import io.taskfn.api.FunctionSpec;
import io.taskfn.support.EnvelopeShapes;
import io.taskfn.support.Http;
import io.taskfn.support.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random and hostile requests to every function of the packaged server: values of every JSON type
 * for each parameter of the function's request record, huge numbers, long strings, deep nesting,
 * keys twice or in another case, junk bodies, other methods, content types and URIs. Every answer
 * must be JSON in the family's envelope (or the function's own answer), never a 5xx, never a stack
 * trace or a parser's words; and the server must log no error while it answers them.
 *
 * <p>The number of tries per property is jqwik's {@code jqwik.tries.default} (100 in
 * junit-platform.properties, for the build); {@code bench/fuzz.sh} runs a longer pass.
 */
class InputFuzzIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final FunctionCatalog CATALOG = FunctionCatalog.loadFromClasspath();

  /** Each function's request record (or null for a function without input), by name. */
  private static final Map<String, Class<?>> REQUESTS = requestTypes();

  /** What a client must never read: a stack trace, or the parser's and framework's own words. */
  private static final List<String> LEAKS =
      List.of(
          "\tat ",
          "at io.",
          "at java.",
          "Exception",
          "jackson",
          "Jackson",
          "com.fasterxml",
          "StreamReadConstraints",
          "StreamReadFeature",
          "JsonReadFeature",
          "REDACTED",
          "[Source:",
          "in 'reader'",
          "vertx",
          "quarkus");

  /** HTTP/1.1, and HTTP/2 (upgraded from cleartext, as Java's client does by default). */
  private static final Map<HttpClient.Version, HttpClient> CLIENTS =
      Map.of(
          HttpClient.Version.HTTP_1_1,
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build(),
          HttpClient.Version.HTTP_2,
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_2)
              .connectTimeout(Duration.ofSeconds(5))
              .build());

  private static final Map<Integer, AtomicInteger> STATUSES = new ConcurrentSkipListMap<>();
  private static ServerProcess server;
  private static long startedNanos;

  /** One request as sent: the body as bytes, so that it need not be text. */
  record Call(
      HttpClient.Version version, String method, String target, String contentType, byte[] body) {
    static Call post(String function, String body) {
      return new Call(
          HttpClient.Version.HTTP_1_1,
          "POST",
          "/" + function,
          "application/json",
          body.getBytes(StandardCharsets.UTF_8));
    }

    String function() {
      String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
      return path.substring(1);
    }

    @Override
    public String toString() {
      String text = body == null ? "(none)" : new String(body, StandardCharsets.UTF_8);
      return version
          + " "
          + method
          + " "
          + (target.length() > 200 ? target.substring(0, 200) + "…" : target)
          + " ["
          + contentType
          + "] "
          + (text.length() > 500 ? text.substring(0, 500) + "… (" + text.length() + ")" : text);
    }
  }

  @BeforeContainer
  static void start() throws Exception {
    Set<String> declared =
        CATALOG.all().stream()
            .map(FunctionSpec::name)
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(declared, new TreeSet<>(REQUESTS.keySet()), "functions.yaml and @Funq methods");
    Path store = Files.createDirectories(Path.of("target", "fuzz-" + System.currentTimeMillis()));
    server =
        ServerProcess.start(
            store,
            Map.of(
                "quarkus.http.host",
                "127.0.0.1",
                "taskfn.store.path",
                store.resolve("data").toString()));
    // Something for the generated references to find, so calls get past "not found".
    setUp("CreateNamespace", "{\"Name\":\"fuzz\",\"Uid\":\"fz\"}");
    setUp("CreateAppGroup", "{\"Namespace\":\"fz\",\"GroupId\":\"g\",\"AppName\":\"g\"}");
    setUp(
        "CreateJob",
        "{\"Namespace\":\"fz\",\"GroupId\":\"g\",\"Name\":\"j\",\"JobType\":\"http\","
            + "\"TimeType\":100,\"XAttrs\":\"{\\\"url\\\":\\\"http://127.0.0.1:9/\\\"}\"}");
    setUp("ExecuteJob", "{\"Namespace\":\"fz\",\"GroupId\":\"g\",\"JobId\":1}");
    // The scheduled jobs' own group, with room for every job a long pass creates.
    setUp(
        "CreateAppGroup",
        "{\"Namespace\":\"fz\",\"GroupId\":\"s\",\"AppName\":\"s\",\"MaxJobs\":100000000}");
    setUp(
        "CreateFlow",
        "{\"Name\":\"fz\",\"ExecutionMode\":\"Express\",\"Definition\":"
            + JSON.writeValueAsString(PASS)
            + "}");
    setUp(
        "CreateFlow",
        "{\"Name\":\"fs\",\"ExecutionMode\":\"Standard\",\"Definition\":"
            + JSON.writeValueAsString(PASS)
            + "}");
    setUp("StartExecution", "{\"FlowName\":\"fs\",\"ExecutionName\":\"e1\"}");
    setUp(
        "CreateSchedule",
        "{\"FlowName\":\"fs\",\"ScheduleName\":\"s1\",\"CronExpression\":\"0 0 * * * *\"}");
    startedNanos = System.nanoTime();
  }

  private static void setUp(String function, String body) {
    HttpResponse<byte[]> answer = send(Call.post(function, body));
    assertEquals(200, answer.statusCode(), function + ": " + new String(answer.body()));
  }

  @AfterContainer
  static void stop() throws Exception {
    long millis = (System.nanoTime() - startedNanos) / 1_000_000;
    server.close();
    int calls = STATUSES.values().stream().mapToInt(AtomicInteger::get).sum();
    System.out.printf(
        "input fuzz: %d calls to %d functions in %.1f s, answers by status %s%n",
        calls, REQUESTS.size(), millis / 1000.0, STATUSES);
    List<String> logged =
        Files.readAllLines(server.log()).stream()
            .filter(line -> line.contains(" ERROR ") || line.startsWith("\tat "))
            .limit(20)
            .toList();
    assertEquals(List.of(), logged, "the server logged errors; see " + server.log());
  }

  // ---- properties ----

  @Property
  void parametersOfEveryTypeAreAnsweredInTheEnvelope(@ForAll("parameters") Call call) {
    check(call, send(call));
  }

  /**
   * The schedule of a job that is otherwise valid: where text becomes times (cron, a rate in
   * seconds, a date or epoch milliseconds in a zone), and where a number too large once overflowed.
   */
  @Property
  void scheduleInputsAreAnsweredInTheEnvelope(@ForAll("schedules") Call call) {
    check(call, send(call));
  }

  @Property
  void junkBodiesAreAnsweredInTheEnvelope(@ForAll("junk") Call call) {
    check(call, send(call));
  }

  @Property
  void everyMethodContentTypeAndUriIsAnsweredInTheEnvelope(@ForAll("doors") Call call) {
    check(call, send(call));
  }

  /**
   * A request target that is no URI (a bad %-escape, characters RFC 3986 does not allow), sent as
   * written over a socket, since Java's client refuses to send one: 400 in the envelope of the
   * function it names, or taskfn's own when the path itself is broken.
   */
  @Property
  void targetsThatAreNoUriAreAnsweredInTheEnvelope(
      @ForAll("functionNames") String function,
      @ForAll("badUriParts") String part,
      @ForAll boolean inQuery)
      throws IOException {
    String target = inQuery ? "/" + function + "?a=" + part : "/" + function + part;
    Http.RawAnswer answer =
        Http.rawPost(server.base().getHost(), server.base().getPort(), target, "");
    STATUSES.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
    assertEquals(400, answer.status(), target + ": " + answer.body());
    for (String leak : LEAKS) {
      assertFalse(
          answer.body().contains(leak), "the answer holds '" + leak + "': " + answer.body());
    }
    EnvelopeShapes.read(
        inQuery ? CATALOG.familyOf(function) : "taskfn", JSON.readTree(answer.body()), 400);
  }

  @Provide
  Arbitrary<String> functionNames() {
    return functions();
  }

  @Provide
  Arbitrary<String> badUriParts() {
    return Arbitraries.of("%zz", "%", "%4", "%G1", "{x}", "|", "^", "`", "\"", "<a>", "%u0041");
  }

  // ---- the checks ----

  private static void check(Call call, HttpResponse<byte[]> answer) {
    int status = answer.statusCode();
    STATUSES.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    String body = new String(answer.body(), StandardCharsets.UTF_8);
    assertTrue(status == 200 || (status >= 400 && status < 500), status + ": " + body);
    if (call.method().equals("HEAD")) {
      return;
    }
    assertTrue(
        answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        "not JSON: " + answer.headers().map() + " " + body);
    JsonNode answered;
    try {
      answered = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
    for (String leak : LEAKS) {
      assertFalse(body.contains(leak), "the answer holds '" + leak + "': " + body);
    }
    assertTrue(answered != null && answered.isObject(), "not a JSON object: " + body);
    String family = CATALOG.familyOf(call.function());
    if (status == 200) {
      switch (family) {
        case "jobs" -> {
          assertTrue(answered.path("Success").asBoolean(false), body);
          assertEquals(200, answered.path("Code").asInt(), body);
        }
        case "flows", "taskfn" -> assertTrue(answered.path("RequestId").isTextual(), body);
        case "vms" -> assertTrue(answered.path("ResponseMetadata").isObject(), body);
        default -> {
          // email answers carry their ids in headers and the vendor's own fields
        }
      }
      return;
    }
    EnvelopeShapes.Rejection rejection = EnvelopeShapes.read(family, answered, status);
    assertTrue(rejection.message().length() <= ErrorEnvelopes.MAX_MESSAGE_LENGTH + 1, body);
  }

  private static HttpResponse<byte[]> send(Call call) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.base().resolve(URI.create(call.target())))
            .timeout(Duration.ofSeconds(30))
            .method(
                call.method(),
                call.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(call.body()));
    if (call.contentType() != null) {
      request.header("Content-Type", call.contentType());
    }
    try {
      return CLIENTS
          .get(call.version())
          .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("no answer to " + call, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ---- what is sent ----

  private static final String PASS =
      "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";

  /**
   * Values each parameter may really hold (and a few it must not), so that calls get past "not
   * found" and "required" to the checks behind them. Parameters not named here get random values.
   */
  private static final Map<String, List<Object>> KNOWN =
      Map.ofEntries(
          Map.entry("Namespace", List.of("fz")),
          Map.entry("GroupId", List.of("g")),
          Map.entry("AppName", List.of("g")),
          Map.entry("Uid", List.of("fz", "u1")),
          Map.entry("Name", List.of("j", "fz", "fs", "n1", "has space")),
          Map.entry("JobName", List.of("j")),
          Map.entry("JobId", List.of(1, 2)),
          Map.entry("JobIdList", List.of(List.of(1), List.of(1, 2), List.of())),
          // A pass that deletes the fuzz's own group learns nothing from the calls after it.
          Map.entry("DeleteJobs", List.of(false)),
          Map.entry("DataTime", List.of("10:00:00", "24:00:00")),
          Map.entry("JobInstanceId", List.of(1, 2)),
          Map.entry("InstanceId", List.of(1, 2)),
          Map.entry("JobType", List.of("http", "flow", "java")),
          Map.entry("ExecuteMode", List.of("standalone", "grid")),
          Map.entry("TimeType", List.of(1, 3, 5, 100, 2)),
          Map.entry(
              "TimeExpression",
              List.of(
                  "0 0 12 * * ?",
                  "0 0 0 1 1 ? 2099",
                  "0 0 0 30 2 ?",
                  "1970-2099/ 59L-3 *4 MON5L MON *9 -1",
                  "3600",
                  "0",
                  "2147483648",
                  "9223372036854775807",
                  "2099-01-01 00:00:00",
                  "2026-02-30 00:00:00",
                  "+999999999-12-31 23:59:59",
                  "253402300800000")),
          Map.entry("Timezone", List.of("UTC", "Asia/Shanghai", "+25:00", "Mars/Base")),
          Map.entry(
              "XAttrs",
              List.of(
                  "{\"url\":\"http://127.0.0.1:9/\",\"method\":\"POST\",\"timeout\":1}",
                  "{\"url\":\"http://127.0.0.1:9/\"}",
                  "{\"url\":\"http://127.0.0.1:99999/\"}",
                  "{\"url\":\"ftp://x\"}",
                  "{\"flowName\":\"fz\"}",
                  "[]")),
          Map.entry("Status", List.of(0, 1, 3, 4, 5, 9, "0", "1", "Running", "Succeeded")),
          Map.entry("PageSize", List.of(1, 10, 1000, 1001)),
          Map.entry("PageNum", List.of(1, 2, Integer.MAX_VALUE)),
          Map.entry("FlowName", List.of("fz", "fs")),
          Map.entry("ExecutionName", List.of("e1", "e2", "1bad")),
          Map.entry("ExecutionMode", List.of("Express", "Standard", "Other")),
          Map.entry(
              "Definition",
              List.of(
                  PASS,
                  "{\"StartAt\":\"F\",\"States\":{\"F\":{\"Type\":\"Fail\",\"Error\":\"E\"}}}",
                  "StartAt: P\nStates:\n  P:\n    Type: Succeed\n",
                  "{}",
                  "[")),
          Map.entry("Input", List.of("{\"a\":1}", "{}", "[]", "1", "{")),
          Map.entry("ScheduleName", List.of("s1", "s2", "9bad")),
          Map.entry(
              "CronExpression",
              List.of(
                  "0 * * * * *", "0 0 10 1 * ?", "@every 5m", "@every 0m", "0 0 0 30 2 ?", "x")),
          Map.entry("Payload", List.of("{\"a\":1}", "", "[]", "{")),
          Map.entry("Enable", List.of(true, false, "yes")),
          Map.entry("MaxSeconds", List.of(1)));

  /**
   * Any JSON value, nested at most as deep as the index (0 to 3). Arbitraries are immutable, so
   * they are built once here rather than for every sample.
   */
  private static final List<Arbitrary<String>> ANY_JSON =
      Stream.iterate(0, depth -> depth + 1).limit(4).map(InputFuzzIT::anyJson).toList();

  /** Each function's request bodies. */
  private static final Map<String, Arbitrary<String>> BODIES =
      REQUESTS.entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> body(e.getValue())));

  private static Arbitrary<HttpClient.Version> versions() {
    return Arbitraries.of(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2);
  }

  /** Every function as often as any other (jqwik's edge cases would favour the first and last). */
  private static Arbitrary<String> functions() {
    return Arbitraries.of(new ArrayList<>(REQUESTS.keySet())).withoutEdgeCases();
  }

  @Provide
  Arbitrary<Call> parameters() {
    return Combinators.combine(versions(), functions())
        .flatAs(
            (version, f) ->
                BODIES
                    .get(f)
                    .map(
                        body ->
                            new Call(
                                version,
                                "POST",
                                "/" + f,
                                "application/json",
                                body.getBytes(StandardCharsets.UTF_8))));
  }

  /**
   * A body of the request's parameters in any order, a key sometimes in lower case or twice,
   * sometimes with a key the request does not have. Two in three are realistic: the parameters
   * {@link #KNOWN} names mostly present with values they may hold, a few of any parameter replaced
   * by any value, so that calls get past the first check to the functions' own; the others give
   * some of the parameters values of any type.
   */
  private static Arbitrary<String> body(Class<?> request) {
    return Arbitraries.frequencyOf(
        Tuple.of(2, body(request, true)), Tuple.of(1, body(request, false)));
  }

  private static Arbitrary<String> body(Class<?> request, boolean realistic) {
    List<RecordComponent> components =
        request == null ? List.of() : Arrays.asList(request.getRecordComponents());
    List<Arbitrary<String>> members = new ArrayList<>();
    for (RecordComponent component : components) {
      String name = jsonName(component.getName());
      Arbitrary<String> key =
          Arbitraries.frequencyOf(
              Tuple.of(12, Arbitraries.just(name)),
              Tuple.of(1, Arbitraries.just(name.toLowerCase())));
      boolean known = KNOWN.containsKey(name);
      Arbitrary<String> value =
          realistic
              ? Arbitraries.frequencyOf(
                  Tuple.of(17, typed(component)), Tuple.of(1, value(component)))
              : value(component);
      members.add(
          Combinators.combine(key, value)
              .as((k, v) -> json(k) + ":" + v)
              .injectNull(realistic && known ? 0.1 : 0.6));
    }
    members.add(
        Combinators.combine(Arbitraries.strings().ofMaxLength(10), ANY_JSON.get(2))
            .as((key, v) -> json(key) + ":" + v)
            .injectNull(0.8));
    return Combinators.combine(
            Combinators.combine(members).as(list -> list.stream().filter(m -> m != null).toList()),
            Arbitraries.randoms(),
            Arbitraries.integers().between(0, 19))
        .as(
            (present, random, twice) -> {
              List<String> shuffled = new ArrayList<>(present);
              Collections.shuffle(shuffled, random);
              if (twice == 0 && !shuffled.isEmpty()) {
                shuffled.add(shuffled.get(0));
              }
              return "{" + String.join(",", shuffled) + "}";
            });
  }

  /** A value for a parameter: mostly of its type, also of any other type or hostile. */
  private static Arbitrary<String> value(RecordComponent component) {
    return Arbitraries.frequencyOf(
        Tuple.of(6, typed(component)), Tuple.of(3, ANY_JSON.get(3)), Tuple.of(1, hostile()));
  }

  /** A value of the parameter's type, often one it may really hold. */
  private static Arbitrary<String> typed(RecordComponent component) {
    List<Object> known = KNOWN.get(jsonName(component.getName()));
    Arbitrary<String> random = random(component.getType());
    return known == null
        ? random
        : Arbitraries.frequencyOf(
            Tuple.of(1, random), Tuple.of(6, Arbitraries.of(known).map(InputFuzzIT::json)));
  }

  private static Arbitrary<String> random(Class<?> type) {
    if (type == String.class) {
      return Arbitraries.frequencyOf(
              Tuple.of(4, Arbitraries.strings().all().ofMaxLength(40)),
              Tuple.of(1, Arbitraries.strings().ascii().ofMinLength(129).ofMaxLength(5_000)))
          .map(InputFuzzIT::json);
    }
    if (type == Integer.class) {
      return Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.integers().between(-2, 200))
          .map(String::valueOf);
    }
    if (type == Long.class) {
      return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-2, 5))
          .map(String::valueOf);
    }
    if (type == Boolean.class) {
      return Arbitraries.of("true", "false");
    }
    return ANY_JSON.get(2);
  }

  /** Any JSON value, nested at most {@code depth} levels. */
  private static Arbitrary<String> anyJson(int depth) {
    Arbitrary<String> scalar =
        Arbitraries.oneOf(
            Arbitraries.of("null", "true", "false", "0", "-0", "1.5", "1e400", "-1E-400"),
            Arbitraries.integers().map(String::valueOf),
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.doubles().map(String::valueOf),
            Arbitraries.strings().all().ofMaxLength(20).map(InputFuzzIT::json));
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<String> array =
        anyJson(depth - 1).list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]");
    Arbitrary<String> object =
        Combinators.combine(Arbitraries.strings().ofMaxLength(8), anyJson(depth - 1))
            .as((k, v) -> json(k) + ":" + v)
            .list()
            .ofMaxSize(3)
            .map(l -> "{" + String.join(",", l) + "}");
    return Arbitraries.frequencyOf(Tuple.of(4, scalar), Tuple.of(1, array), Tuple.of(1, object));
  }

  /** Values past the parser's limits or at the edge of every numeric type. */
  private static Arbitrary<String> hostile() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "99999999999999999999",
            "-9223372036854775809",
            "2147483648",
            "1.0",
            "1e19",
            "\"\"",
            "\"" + "\\u0000".repeat(10) + "\"",
            "\"\\ud800\""),
        Arbitraries.integers().between(90, 200).map("1"::repeat),
        Arbitraries.integers().between(1, 150).map(n -> "[".repeat(n) + "]".repeat(n)),
        Arbitraries.integers().between(1, 100).map(n -> "{\"a\":".repeat(n) + "1" + "}".repeat(n)),
        Arbitraries.integers().between(1_000, 200_000).map(n -> json("x".repeat(n))));
  }

  @Provide
  Arbitrary<Call> schedules() {
    // Digits from 1 to 25 long in equal shares: seconds and milliseconds from small to past long.
    Arbitrary<String> numbers =
        Combinators.combine(
                Arbitraries.integers().between(1, 9), Arbitraries.integers().between(0, 24))
            .as((digit, zeros) -> digit + "0".repeat(zeros));
    Arbitrary<String> dates =
        Combinators.combine(
                Arbitraries.oneOf(
                    Arbitraries.integers().between(0, 9999),
                    Arbitraries.integers().between(-999_999_999, 999_999_999)),
                Arbitraries.integers().between(0, 13),
                Arbitraries.integers().between(0, 32),
                Arbitraries.integers().between(0, 25),
                Arbitraries.integers().between(0, 61))
            .as(
                (year, month, day, hour, minute) ->
                    String.format(
                        "%s%04d-%02d-%02d %02d:%02d:%02d",
                        year > 9999 ? "+" : "", year, month, day, hour, minute, minute));
    Arbitrary<String> crons =
        Arbitraries.of(
                "*",
                "?",
                "0",
                "5",
                "59",
                "60",
                "L",
                "W",
                "LW",
                "L-3",
                "1#5",
                "5L",
                "1-5",
                "*/5",
                "0/0",
                "MON",
                "JAN",
                "2026",
                "1970-2099",
                "1,2",
                "31",
                "30",
                "2",
                "-1",
                "#",
                "/")
            .list()
            .ofMinSize(5)
            .ofMaxSize(8)
            .map(tokens -> String.join(" ", tokens));
    Arbitrary<String> any =
        Arbitraries.oneOf(
            Arbitraries.of(KNOWN.get("TimeExpression")).map(String::valueOf),
            numbers,
            dates,
            crons,
            Arbitraries.strings().all().ofMaxLength(40));
    // Mostly an expression of the kind the TimeType reads, so that it is parsed, not just refused.
    Map<Integer, Arbitrary<String>> forType =
        Map.of(
            1, Arbitraries.frequencyOf(Tuple.of(7, crons), Tuple.of(3, any)),
            3, Arbitraries.frequencyOf(Tuple.of(7, numbers), Tuple.of(3, any)),
            5, Arbitraries.frequencyOf(Tuple.of(4, dates), Tuple.of(3, numbers), Tuple.of(3, any)));
    Arbitrary<Integer> timeTypes =
        Arbitraries.frequencyOf(
            Tuple.of(9, Arbitraries.of(1, 3, 5, 100).withoutEdgeCases()),
            Tuple.of(1, Arbitraries.integers()));
    Arbitrary<Map.Entry<Integer, String>> schedules =
        timeTypes.flatMap(
            type -> forType.getOrDefault(type, any).map(expression -> Map.entry(type, expression)));
    Arbitrary<String> zones =
        Arbitraries.of("UTC", "Asia/Shanghai", "Etc/GMT+12", "Etc/GMT-14", "+14:00", "Z", "+25:00")
            .injectNull(0.3);
    return Combinators.combine(Arbitraries.of("CreateJob", "UpdateJob"), schedules, zones)
        .as(
            (function, schedule, zone) -> {
              Map<String, Object> job = new TreeMap<>();
              job.put("Namespace", "fz");
              job.put("GroupId", function.equals("UpdateJob") ? "g" : "s");
              job.put("JobId", 1);
              job.put("Name", "s");
              job.put("JobType", "http");
              job.put("XAttrs", "{\"url\":\"http://127.0.0.1:9/\"}");
              job.put("TimeType", schedule.getKey());
              job.put("TimeExpression", schedule.getValue());
              job.put("Timezone", zone);
              return Call.post(function, json(job));
            });
  }

  @Provide
  Arbitrary<Call> junk() {
    Arbitrary<byte[]> bodies =
        Arbitraries.oneOf(
            Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
            Arbitraries.strings().all().ofMaxLength(300).map(InputFuzzIT::utf8),
            ANY_JSON.get(3).map(InputFuzzIT::utf8),
            functions()
                .flatMap(BODIES::get)
                .flatMap(
                    b ->
                        Arbitraries.integers()
                            .between(0, b.length())
                            .map(cut -> utf8(b.substring(0, cut)))),
            functions()
                .flatMap(BODIES::get)
                .flatMap(b -> ANY_JSON.get(1).map(after -> utf8(b + after))),
            Arbitraries.of("", " ", "\n", "\uFEFF{}", "{}{}", "{} x", "{", "}", "null", "\"{}\"")
                .map(InputFuzzIT::utf8),
            Arbitraries.integers().between(50, 20_000).map(n -> utf8("[".repeat(n))),
            Arbitraries.integers().between(50, 5_000).map(n -> utf8("{\"a\":".repeat(n))));
    return Combinators.combine(versions(), functions(), bodies)
        .as((version, f, body) -> new Call(version, "POST", "/" + f, "application/json", body));
  }

  @Provide
  Arbitrary<Call> doors() {
    Arbitrary<String> paths =
        Arbitraries.oneOf(
            functions().map(f -> "/" + f),
            functions().map(f -> "/" + f.toLowerCase()),
            functions().map(f -> "/" + f + "/"),
            Arbitraries.strings().alpha().numeric().ofMaxLength(30).map(p -> "/" + p),
            Arbitraries.integers().between(4_000, 5_000).map(n -> "/" + "p".repeat(n)));
    Arbitrary<String> queries =
        Arbitraries.oneOf(
            Arbitraries.just(""),
            Arbitraries.of("?", "?JobId=1", "?a=%41&b", "?Action=ExecuteJob"),
            Arbitraries.integers().between(4_000, 20_000).map(n -> "?q=" + "a".repeat(n)));
    Arbitrary<String> methods =
        Arbitraries.of("POST", "GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO");
    Arbitrary<String> types =
        Arbitraries.of(
            "application/json",
            "application/json; charset=utf-8",
            "application/json; charset=ISO-8859-1",
            "APPLICATION/JSON",
            "text/plain",
            "application/xml",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/jsonx",
            "*/*",
            "a/b/c",
            "");
    Arbitrary<byte[]> bodies =
        Arbitraries.of("{}", "{\"Name\":\"fz\"}", "Name=fz&JobId=1", "<x/>")
            .map(InputFuzzIT::utf8)
            .injectNull(0.4);
    return Combinators.combine(versions(), methods, paths, queries, types.injectNull(0.2), bodies)
        .as(
            (version, method, path, query, type, body) ->
                new Call(version, method, path + query, type, body));
  }

  // ---- helpers ----

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String jsonName(String component) {
    return Character.toUpperCase(component.charAt(0)) + component.substring(1);
  }

  /**
   * The request type of every @Funq method in the application's classes: read from the classes, so
   * a new function is fuzzed without being listed here.
   */
  private static Map<String, Class<?>> requestTypes() {
    Path classes = Path.of("target", "classes");
    Map<String, Class<?>> found = new TreeMap<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name =
            classes.relativize(file).toString().replace('/', '.').replaceFirst("\\.class$", "");
        for (Method method : loadable(name).map(Class::getDeclaredMethods).orElse(new Method[0])) {
          Funq funq = method.getAnnotation(Funq.class);
          if (funq != null) {
            found.put(
                funq.value().isEmpty() ? method.getName() : funq.value(),
                method.getParameterCount() == 0 ? null : method.getParameterTypes()[0]);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  private static Optional<Class<?>> loadable(String name) {
    try {
      return Optional.of(Class.forName(name, false, InputFuzzIT.class.getClassLoader()));
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.empty();
    }
  }
}
