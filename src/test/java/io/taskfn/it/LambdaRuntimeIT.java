package io.taskfn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.taskfn.support.Dynalite;
import io.taskfn.support.EnvelopeShapes;
import io.taskfn.support.ManagedLambda;
import io.taskfn.support.ManagedLambda.Answer;
import io.taskfn.support.RecordingEndpoint;
import io.taskfn.support.TemplateEnvironment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Lambda deployment as AWS runs it, on this machine: each function the scenario uses is the
 * packaged {@code function.zip}, unzipped into one task root mounted read-only, started through
 * AWS's Runtime Interface Client in a JVM of its own with its own {@code /tmp} and the environment
 * the generated template gives it ({@link ManagedLambda}); all of them keep their state in one
 * DynamoDB table (dynalite), and the Lambda Invoke API that functions call to start {@code
 * Dispatch} is served here and hands the event to the {@code Dispatch} process. No scheduled event
 * is ever sent: work runs only because the function that created it invoked {@code Dispatch}.
 */
class LambdaRuntimeIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TABLE = "taskfn-lambda-runtime";
  private static final List<String> FUNCTIONS =
      List.of(
          "CreateNamespace",
          "CreateAppGroup",
          "CreateJob",
          "ExecuteJob",
          "GetJobInstance",
          "Dispatch",
          "CreateFlow",
          "StartSyncExecution");

  private static final Set<String> VERIFIED = Set.of("Dispatch", "StartSyncExecution");

  private static Dynalite dynalite;
  private static HttpServer invokeApi;
  private static final List<String> invokeRequests = new CopyOnWriteArrayList<>();
  private static final List<CompletableFuture<Answer>> dispatchRuns = new CopyOnWriteArrayList<>();
  private static final Map<String, ManagedLambda> lambdas = new LinkedHashMap<>();
  private static Path taskRoot;
  private static Map<String, String> taskRootBefore;

  @BeforeAll
  static void deploy() throws Exception {
    Path work = Files.createTempDirectory(Path.of("target"), "lambda-runtime-it-");
    taskRoot = work.resolve("task").toAbsolutePath();
    ManagedLambda.unzipReadOnly(ManagedLambda.FUNCTION_ZIP, taskRoot);
    taskRootBefore = ManagedLambda.snapshot(taskRoot);

    dynalite = Dynalite.start();
    // CloudFormation creates the table the template declares before any function runs.
    dynalite.newStore(TABLE).close();

    invokeApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    invokeApi.createContext("/2015-03-31/functions/", LambdaRuntimeIT::invoke);
    invokeApi.start();

    TemplateEnvironment template = TemplateEnvironment.read(TABLE);
    for (String name : FUNCTIONS) {
      Map<String, String> environment = template.variables(name);
      // What only this machine needs: where DynamoDB and the Lambda API are.
      environment.put("QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE", dynalite.endpoint().toString());
      environment.put(
          "TASKFN_LAMBDA_ENDPOINT", "http://127.0.0.1:" + invokeApi.getAddress().getPort());
      // With SnapStart on the published versions the template invokes, Lambda runs each init
      // to take its snapshot, and says so.
      if (template.snapStart()) {
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
      }
      if (VERIFIED.contains(name)) {
        // The template turns bytecode verification off for the start; these two, which load
        // most of the package (the dispatcher and a job's run, the flow engine), verify it, so
        // a packaged class that would fail verification fails here.
        TemplateEnvironment.addJvmOptions(environment, "-XX:+BytecodeVerificationRemote");
      }
      lambdas.put(
          name,
          ManagedLambda.start(
              name,
              taskRoot,
              work.resolve(name + ".log"),
              template.memoryMb(name),
              template.timeoutSeconds(name),
              environment));
    }
    // Cold starts are measured by bench/lambda-cold-start.sh; the scenario times warm functions.
    for (ManagedLambda lambda : lambdas.values()) {
      lambda.awaitInit(Duration.ofMinutes(3));
    }
  }

  /**
   * The Invoke API: an asynchronous invocation (Event) of Dispatch is queued to its process and
   * answered 202, as Lambda does; anything else is refused.
   */
  private static void invoke(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String function =
          URLDecoder.decode(
              path.substring("/2015-03-31/functions/".length(), path.lastIndexOf("/invocations")),
              StandardCharsets.UTF_8);
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      String type = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
      String event = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      invokeRequests.add(function + " " + type);
      boolean signed =
          authorization != null
              && authorization.startsWith(
                  "AWS4-HMAC-SHA256 Credential=ASIATASKFNLOCAL/"
                      + java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                          .toString()
                          .replace("-", "")
                      + "/"
                      + ManagedLambda.REGION
                      + "/lambda/aws4_request")
              && "taskfn-session"
                  .equals(exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"));
      if (!function.endsWith(":function:Dispatch:live") || !"Event".equals(type) || !signed) {
        exchange.sendResponseHeaders(403, -1);
        return;
      }
      dispatchRuns.add(lambdas.get("Dispatch").enqueue(event));
      exchange.sendResponseHeaders(202, -1);
    }
  }

  @AfterAll
  static void undeploy() throws Exception {
    for (ManagedLambda lambda : lambdas.values()) {
      lambda.close();
    }
    if (invokeApi != null) {
      invokeApi.stop(0);
    }
    if (dynalite != null) {
      dynalite.close();
    }
  }

  private static JsonNode call(String function, Object request) throws Exception {
    Answer answer = lambdas.get(function).invoke(JSON.writeValueAsString(request));
    assertFalse(answer.failed(), function + " failed: " + answer.body());
    JsonNode body = JSON.readTree(answer.body());
    assertEquals(answer.requestId(), body.path("RequestId").asText(), "Lambda's request id");
    return body;
  }

  /** An API Gateway HTTP API (payload 2.0) event of a POST to the function's route. */
  private static Map<String, Object> httpApiEvent(String function, String body) {
    return Map.of(
        "version",
        "2.0",
        "routeKey",
        "POST /" + function,
        "rawPath",
        "/" + function,
        "headers",
        Map.of("content-type", "application/json"),
        "requestContext",
        Map.of("http", Map.of("method", "POST", "path", "/" + function), "stage", "$default"),
        "body",
        body,
        "isBase64Encoded",
        false);
  }

  @Test
  void theFunctionsRunThroughTheRuntimeClientOverOneTableAndStartWorkAtOnce() throws Exception {
    String namespace = "ns-" + UUID.randomUUID();
    JsonNode created = call("CreateNamespace", Map.of("Name", "lambda", "Uid", namespace));
    assertTrue(created.path("Success").asBoolean(), created.toString());
    // Another process sees the namespace: the state is the table's, not the function's.
    JsonNode group =
        call("CreateAppGroup", Map.of("Namespace", namespace, "GroupId", "g", "AppName", "app"));
    assertTrue(group.path("Success").asBoolean(), group.toString());

    try (RecordingEndpoint endpoint = new RecordingEndpoint()) {
      int dispatchesBefore = dispatchRuns.size();
      Map<String, Object> job = new LinkedHashMap<>();
      job.put("Namespace", namespace);
      job.put("GroupId", "g");
      job.put("Name", "at-once");
      job.put("JobType", "http");
      job.put("TimeType", 100);
      job.put("XAttrs", "{\"url\":\"" + endpoint.url() + "\"}");
      int jobId = call("CreateJob", job).at("/Data/JobId").asInt();
      assertTrue(jobId > 0);
      int invokesBefore = invokeRequests.size();

      long executed = System.nanoTime();
      JsonNode execution =
          call(
              "ExecuteJob",
              Map.of(
                  "Namespace",
                  namespace,
                  "GroupId",
                  "g",
                  "JobId",
                  jobId,
                  "InstanceParameters",
                  "p"));
      long instanceId = execution.at("/Data/JobInstanceId").asLong();
      assertTrue(instanceId > 0, execution.toString());
      // ExecuteJob invoked Dispatch once, before it answered; nothing else ever did.
      assertEquals(
          List.of("arn:aws:lambda:us-east-1:123456789012:function:Dispatch:live Event"),
          invokeRequests.subList(invokesBefore, invokeRequests.size()));
      // No schedule runs here: only the Dispatch runs these functions invoked. CreateJob's own
      // (a new job may be due at once) can still be queued when the instance is written, and then
      // it runs the instance before ExecuteJob's comes: between them it is claimed once. How soon
      // is printed, not asserted (speed is the benchmarks'); the bound only stops a hang.
      int claimed = 0;
      for (CompletableFuture<Answer> run :
          dispatchRuns.subList(dispatchesBefore, dispatchRuns.size())) {
        Answer dispatched = run.get(60, TimeUnit.SECONDS);
        assertFalse(dispatched.failed(), dispatched.body());
        claimed += JSON.readTree(dispatched.body()).path("Claimed").asInt();
      }
      assertEquals(1, claimed, "the instance was claimed once by the Dispatch runs");
      long took = elapsedMillis(executed);
      JsonNode instance =
          call(
              "GetJobInstance",
              Map.of(
                  "Namespace",
                  namespace,
                  "GroupId",
                  "g",
                  "JobId",
                  jobId,
                  "JobInstanceId",
                  instanceId));
      assertEquals(4, instance.at("/Data/JobInstanceDetail/Status").asInt(), instance.toString());
      assertEquals(1, endpoint.received().size(), "the job's endpoint was called once");
      System.out.printf(
          "from calling ExecuteJob to the answer of the Dispatch it invoked: %d ms%n", took);
    }

    String flow = "lambda_flow_" + UUID.randomUUID().toString().substring(0, 8);
    call(
        "CreateFlow",
        Map.of(
            "Name", flow,
            "ExecutionMode", "Express",
            "Definition",
                "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":\"done\",\"ResultPath\":\"$.r\",\"End\":true}}}"));
    JsonNode run = call("StartSyncExecution", Map.of("FlowName", flow, "Input", "{\"k\":1}"));
    assertEquals("Succeeded", run.path("Status").asText(), run.toString());
    assertEquals("{\"k\":1,\"r\":\"done\"}", run.path("Output").asText());

    // Through API Gateway: bad input answers 400 in the family's envelope, with Lambda's id.
    Answer refused =
        lambdas
            .get("CreateAppGroup")
            .invoke(
                JSON.writeValueAsString(
                    httpApiEvent("CreateAppGroup", "{\"Namespace\":\"" + namespace + "\"}")));
    assertFalse(refused.failed(), refused.body());
    JsonNode proxied = JSON.readTree(refused.body());
    assertEquals(400, proxied.path("statusCode").asInt(), proxied.toString());
    assertEquals("application/json", proxied.at("/headers/Content-Type").asText());
    JsonNode envelope = JSON.readTree(proxied.path("body").asText());
    EnvelopeShapes.read("jobs", envelope, 400);
    assertEquals(refused.requestId(), envelope.path("RequestId").asText());
  }

  @Test
  void noFunctionListensOnAPortOrWritesToItsTaskRoot() throws Exception {
    // Every process has served at least one invocation once the scenario test ran; answer one
    // here so the check holds whatever order the tests run in.
    call("CreateNamespace", Map.of("Name", "listen", "Uid", "ns-" + UUID.randomUUID()));
    Set<String> listening = listeningSocketInodes();
    for (ManagedLambda lambda : lambdas.values()) {
      Set<String> own = socketInodes(lambda.pid());
      own.retainAll(listening);
      assertEquals(Set.of(), own, lambda.name() + " listens on a port; log: " + lambda.log());
    }
    assertEquals(taskRootBefore, ManagedLambda.snapshot(taskRoot), "the task root changed");
  }

  @Test
  void aSnapStartInitLoadsTheClassesAndReadsTheStoreBeforeTheSnapshot() throws IOException {
    for (ManagedLambda lambda : lambdas.values()) {
      String log = Files.readString(lambda.log());
      // Quarkus' preloading at every start is off; the snapshot still gets the classes, as many
      // as Quarkus listed (hundreds: every family's).
      Matcher preloaded =
          Pattern.compile("(\\d+) application classes loaded before the snapshot").matcher(log);
      assertTrue(
          preloaded.find() && Integer.parseInt(preloaded.group(1)) > 100,
          lambda.name() + " did not preload its classes during init; log:\n" + log);
      assertTrue(
          log.contains("store opened and read before the snapshot"),
          lambda.name() + " did not prime its store during init; log:\n" + log);
    }
  }

  /** The inodes of listening TCP sockets on this machine (state 0A of /proc/net/tcp and tcp6). */
  private static Set<String> listeningSocketInodes() throws IOException {
    Set<String> inodes = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      for (String line : Files.readAllLines(Path.of(table)).stream().skip(1).toList()) {
        String[] fields = line.trim().split("\\s+");
        if (fields[3].equals("0A")) {
          inodes.add(fields[9]);
        }
      }
    }
    return inodes;
  }

  private static Set<String> socketInodes(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    List<Path> descriptors;
    try (var listing = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      descriptors = new ArrayList<>(listing.toList());
    }
    for (Path descriptor : descriptors) {
      try {
        String target = Files.readSymbolicLink(descriptor).toString();
        if (target.startsWith("socket:[")) {
          inodes.add(target.substring("socket:[".length(), target.length() - 1));
        }
      } catch (IOException closedMeanwhile) {
        // a descriptor closed between listing and reading is no listener
      }
    }
    return inodes;
  }

  private static long elapsedMillis(long since) {
    return Duration.ofNanos(System.nanoTime() - since).toMillis();
  }
}
