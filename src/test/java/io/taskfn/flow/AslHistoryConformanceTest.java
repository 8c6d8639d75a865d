package io.taskfn.flow;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskfn.api.ApiException;
import io.taskfn.flow.FlowRequests.DescribeExecution;
import io.taskfn.flow.FlowRequests.FlowSpec;
import io.taskfn.flow.FlowRequests.GetExecutionHistory;
import io.taskfn.flow.FlowRequests.StartExecution;
import io.taskfn.flow.FlowResponses.Event;
import io.taskfn.flow.FlowResponses.History;
import io.taskfn.flow.asl.Json;
import io.taskfn.flow.asl.TaskInvoker;
import io.taskfn.store.InMemoryStoreBackend;
import io.taskfn.support.ConformanceTally;
import io.taskfn.support.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs every case of ../shared/conformance/asl/aws-recorded-histories.jsonl as a Standard flow
 * (CreateFlow, StartExecution, the dispatcher, every page of GetExecutionHistory), renames the fnf
 * events to the Step Functions shape as the README says, and compares them event by event with what
 * AWS returned, by the rules of that folder's README. Cases known not to match are listed, with the
 * reason, in src/test/resources/asl-history-known-differences.txt; a case that differs without
 * being listed, or a listed case that now matches, fails this test so the list stays true.
 */
class AslHistoryConformanceTest {

  static final Path HISTORIES =
      Path.of("..", "shared", "conformance", "asl", "aws-recorded-histories.jsonl");
  static final Path CASES = Path.of("..", "shared", "conformance", "asl", "aws-recorded.jsonl");
  static final Instant RECORDED = Instant.parse("2026-11-23T15:30:00Z");

  /**
   * ARNs are compared by what follows the account: partition, service, region and account are the
   * deployment's ({@code arn:taskfn:fnf:<region>:<account>:} here).
   */
  private static final Pattern ARN_PREFIX = Pattern.compile("arn:[^:\"]*:[^:\"]*:[^:\"]*:[^:\"]*:");

  /** The Step Functions name of a type's details field, as the README maps EventDetail. */
  static String detailsField(String type) {
    if (type.endsWith("StateEntered")) {
      return "stateEnteredEventDetails";
    }
    if (type.endsWith("StateExited")) {
      return "stateExitedEventDetails";
    }
    return Character.toLowerCase(type.charAt(0)) + type.substring(1) + "EventDetails";
  }

  /** An fnf event in the Step Functions shape. */
  static ObjectNode stepFunctionsShape(Event e) {
    ObjectNode event = Json.object();
    event.put("id", e.eventId());
    event.put("previousEventId", e.scheduleEventId());
    event.put("type", e.type());
    event.put("timestamp", e.time());
    if (e.eventDetail() != null) {
      event.set(detailsField(e.type()), Json.parse(e.eventDetail()));
    }
    return event;
  }

  /** The history of one case as the flows family gives it, or why there is none. */
  record Run(List<ObjectNode> events, String problem) {}

  static Run run(FlowRig rig, MutableClock clock, String flowName, JsonNode c) {
    FlowService flows = rig.service();
    try {
      flows.createFlow(
          new FlowSpec(
              flowName, Json.write(c.get("definition")), null, "Standard", null, null, null, null));
    } catch (ApiException e) {
      return new Run(null, "CreateFlow: " + e.getMessage());
    }
    String name;
    try {
      name =
          flows
              .startExecution(
                  new StartExecution(flowName, "exec", Json.write(c.get("input")), null, null))
              .name();
    } catch (ApiException e) {
      return new Run(null, "StartExecution: " + e.getMessage());
    }
    DescribeExecution ref = new DescribeExecution(flowName, name, null, null);
    try {
      rig.dispatcher().runUntilIdle(Duration.ofSeconds(30));
      // Long waits are suspended: the clock moves on until they fall due.
      Duration step = Duration.ofSeconds(10);
      for (int i = 0; i < 40 && flows.describeExecution(ref).status().equals("Running"); i++) {
        clock.advance(step);
        step = step.multipliedBy(2);
        rig.dispatcher().runUntilIdle(Duration.ofSeconds(30));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Run(null, "interrupted");
    }
    List<ObjectNode> events = new ArrayList<>();
    String token = null;
    do {
      History page =
          flows.getExecutionHistory(new GetExecutionHistory(flowName, name, 100, token, null));
      page.events().forEach(e -> events.add(stepFunctionsShape(e)));
      token = page.nextToken();
    } while (token != null);
    return new Run(events, null);
  }

  /** What the recording masked: the tokens, and where (path to the tokens found there). */
  record Masks(Set<String> tokens, Map<String, List<String>> paths) {
    static Masks of(JsonNode record) {
      Set<String> tokens = new java.util.HashSet<>();
      record.path("masked_tokens").forEach(t -> tokens.add(t.asText()));
      Map<String, List<String>> paths = new HashMap<>();
      for (JsonNode p : record.path("masked_paths")) {
        List<String> found = new ArrayList<>();
        p.path("tokens").forEach(t -> found.add(t.asText()));
        paths.put(p.path("path").asText(), found);
      }
      return new Masks(tokens, paths);
    }
  }

  /** Null when the events match the recording, else the first difference. */
  static String compare(JsonNode record, List<ObjectNode> actual) {
    Masks masks = Masks.of(record);
    JsonNode expected = record.get("events");
    List<ObjectNode> events = actual;
    if (record.path("parallel_normalised").asBoolean()) {
      // The recording dropped these and renumbered the branches' events ([0]): a set.
      events =
          actual.stream()
              .filter(e -> !e.get("type").asText().equals("ParallelStateSucceeded"))
              .toList();
    }
    if (events.size() != expected.size()) {
      return "events: "
          + events.size()
          + ", expected "
          + expected.size()
          + "; types "
          + types(events)
          + ", expected "
          + types(expected);
    }
    List<JsonNode> expectedBranchEvents = new ArrayList<>();
    List<JsonNode> actualBranchEvents = new ArrayList<>();
    for (int i = 0; i < expected.size(); i++) {
      JsonNode want = expected.get(i);
      ObjectNode got = events.get(i);
      if (want.get("id").isArray()) {
        expectedBranchEvents.add(want);
        actualBranchEvents.add(got);
        continue;
      }
      String difference = compareEvent(want, got, "events[" + i + "]", masks, true);
      if (difference != null) {
        return difference;
      }
    }
    for (JsonNode want : expectedBranchEvents) {
      JsonNode match = null;
      for (JsonNode got : actualBranchEvents) {
        if (compareEvent(want, (ObjectNode) got, "branch", masks, false) == null) {
          match = got;
          break;
        }
      }
      if (match == null) {
        return "no branch event matches " + Json.write(want) + " among " + actualBranchEvents;
      }
      actualBranchEvents.remove(match);
    }
    return null;
  }

  private static String types(Iterable<? extends JsonNode> events) {
    List<String> names = new ArrayList<>();
    events.forEach(e -> names.add(e.get("type").asText()));
    return String.join(",", names);
  }

  private static String compareEvent(
      JsonNode want, ObjectNode got, String path, Masks masks, boolean ids) {
    if (ids) {
      for (String field : List.of("id", "previousEventId")) {
        if (want.get(field).asLong() != got.path(field).asLong()) {
          return path
              + "."
              + field
              + ": "
              + got.path(field)
              + ", expected "
              + want.get(field)
              + " ("
              + want.get("type").asText()
              + ")";
        }
      }
    }
    if (!want.get("type").asText().equals(got.path("type").asText())) {
      return path + ".type: " + got.path("type").asText() + ", expected " + want.get("type");
    }
    Set<String> fields = new java.util.TreeSet<>();
    want.fieldNames().forEachRemaining(fields::add);
    got.fieldNames().forEachRemaining(fields::add);
    for (String field : fields) {
      if (Set.of("id", "previousEventId", "type").contains(field)) {
        continue;
      }
      if (!want.has(field) || !got.has(field)) {
        return path
            + "."
            + field
            + (want.has(field) ? " missing" : " not expected")
            + " ("
            + want.get("type").asText()
            + ")";
      }
      String difference = compareValue(want.get(field), got.get(field), path + "." + field, masks);
      if (difference != null) {
        return difference;
      }
    }
    return null;
  }

  /**
   * Compares a recorded value with the engine's. A JSON text the recording parsed (an object, or
   * what else it parsed) is compared as the value the engine's text holds; a masked value by shape.
   */
  static String compareValue(JsonNode want, JsonNode got, String path, Masks masks) {
    List<String> tokens = masks.paths().get(path);
    if (tokens == null && path.endsWith(".timestamp")) {
      tokens = List.of("timestamp");
    }
    if (tokens != null && want.isTextual()) {
      String text = got.isTextual() ? got.asText() : Json.write(got);
      return maskedMatch(want.asText(), text, tokens)
          ? null
          : path + ": " + text + ", expected the shape " + want.asText();
    }
    if (!want.isTextual() && got.isTextual()) {
      try {
        got = Json.parse(got.asText());
      } catch (RuntimeException notJson) {
        return path + ": " + got + ", expected " + want;
      }
    }
    if (want.isObject()) {
      if (!got.isObject()) {
        return path + ": " + got + ", expected " + want;
      }
      Set<String> fields = new java.util.TreeSet<>();
      want.fieldNames().forEachRemaining(fields::add);
      got.fieldNames().forEachRemaining(fields::add);
      for (String field : fields) {
        if (!want.has(field) || !got.has(field)) {
          return path + "." + field + (want.has(field) ? " missing" : " not expected");
        }
        String difference =
            compareValue(want.get(field), got.get(field), path + "." + field, masks);
        if (difference != null) {
          return difference;
        }
      }
      return null;
    }
    if (want.isArray()) {
      if (!got.isArray() || got.size() != want.size()) {
        return path + ": " + got + ", expected " + want;
      }
      for (int i = 0; i < want.size(); i++) {
        String difference = compareValue(want.get(i), got.get(i), path + "[" + i + "]", masks);
        if (difference != null) {
          return difference;
        }
      }
      return null;
    }
    if (want.isNumber() && got.isNumber()) {
      return want.decimalValue().compareTo(got.decimalValue()) == 0
          ? null
          : path + ": " + got + ", expected " + want;
    }
    return want.equals(got) ? null : path + ": " + got + ", expected " + want;
  }

  /**
   * A masked value matches by shape: each token stands for any text; an ARN is compared by what
   * follows the account, taskfn's ARNs having their own partition and service.
   */
  static boolean maskedMatch(String want, String got, List<String> tokens) {
    want = ARN_PREFIX.matcher(want).replaceAll("arn:");
    got = ARN_PREFIX.matcher(got).replaceAll("arn:");
    List<String> sorted =
        tokens.stream().sorted((a, b) -> b.length() - a.length()).collect(Collectors.toList());
    StringBuilder regex = new StringBuilder();
    int at = 0;
    while (at < want.length()) {
      String token = null;
      for (String t : sorted) {
        if (want.startsWith(t, at)) {
          token = t;
          break;
        }
      }
      if (token != null) {
        regex.append(".+?");
        at += token.length();
      } else {
        regex.append(Pattern.quote(String.valueOf(want.charAt(at))));
        at++;
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(got).matches();
  }

  /** Why a listed case differs: a category (the first word), then the reason. */
  record Known(String category, String reason) {}

  /** The category of cases that taskfn's ARN format in the context object alone breaks. */
  static final String CONTEXT_ARN = "context-arn";

  static Map<String, Known> knownDifferences() throws IOException {
    Map<String, Known> known = new LinkedHashMap<>();
    try (InputStream in =
        AslHistoryConformanceTest.class.getResourceAsStream("/asl-history-known-differences.txt")) {
      if (in == null) {
        return known;
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\t", 3);
        known.put(parts[0], new Known(parts[1], parts[2]));
      }
    }
    return known;
  }

  @Test
  void recordedHistoriesMatch() throws Exception {
    if (!Files.exists(HISTORIES) || !Files.exists(CASES)) {
      fail(
          "The recorded ASL histories are missing: expected "
              + HISTORIES.toAbsolutePath()
              + " (../shared beside the repository)");
    }
    Map<String, JsonNode> cases = new HashMap<>();
    for (String line : Files.readAllLines(CASES)) {
      JsonNode c = Json.parse(line);
      cases.put(c.get("name").asText(), c);
    }
    List<String> lines = Files.readAllLines(HISTORIES);
    Map<String, Known> known = knownDifferences();
    MutableClock clock = new MutableClock(RECORDED);
    FlowRig rig =
        FlowRig.of(
            new InMemoryStoreBackend(),
            clock,
            clock::advance,
            TaskInvoker.NONE,
            FlowRig.catalog(60));
    ConformanceTally tally = new ConformanceTally(known.keySet(), "known-differences list");
    int objectInputs = 0;
    int objectInputsMatched = 0;
    int brokenByArnFormat = 0;
    for (int i = 0; i < lines.size(); i++) {
      JsonNode record = Json.parse(lines.get(i));
      String name = record.get("name").asText();
      JsonNode c = cases.get(name);
      boolean objectInput = c.get("input").isObject();
      objectInputs += objectInput ? 1 : 0;
      Known listed = known.get(name);
      boolean arnFormat = listed != null && listed.category().equals(CONTEXT_ARN);
      brokenByArnFormat += objectInput && arnFormat ? 1 : 0;
      Run run = run(rig, clock, "case" + i, c);
      String difference = run.problem() != null ? run.problem() : compare(record, run.events());
      if (tally.record(name, difference)) {
        objectInputsMatched += objectInput ? 1 : 0;
      }
    }
    tally.finish("ASL history conformance", "asl-history-conformance-report.txt");
    int comparable = objectInputs - brokenByArnFormat;
    System.out.printf(
        "ASL history conformance, JSON object inputs: %d/%d cases match (%d/%d without the %d"
            + " that taskfn's context object ARNs alone break)%n",
        objectInputsMatched, objectInputs, objectInputsMatched, comparable, brokenByArnFormat);
    assertTrue(
        objectInputsMatched * 100 >= comparable * 99,
        "at least 99% of the cases with a JSON object input must match, apart from those the"
            + " context object's ARN format alone breaks");
  }
}
