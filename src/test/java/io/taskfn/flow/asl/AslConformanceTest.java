package io.taskfn.flow.asl;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskfn.support.ConformanceTally;
import io.taskfn.support.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs every state machine recorded from AWS Step Functions in ../shared/conformance/asl and
 * compares status, output, error and cause. Cases known not to match are listed, with the reason,
 * in src/test/resources/asl-conformance-known-failures.txt; a case that fails without being listed,
 * or a listed case that now matches, fails this test so the list stays true.
 */
class AslConformanceTest {

  static final Path CASES = Path.of("..", "shared", "conformance", "asl", "aws-recorded.jsonl");
  static final Instant RECORDED = Instant.parse("2026-11-23T15:30:00Z");
  private static final Pattern PLACEHOLDER = Pattern.compile("<[A-Za-z0-9_\\-]+(?::\\d+)?>");

  record Outcome(String status, JsonNode output, String error, String cause) {}

  static Outcome run(JsonNode definition, JsonNode input) {
    MutableClock clock = new MutableClock(RECORDED);
    StateMachine machine;
    try {
      machine = StateMachine.parse(definition, TaskInvoker.NONE);
    } catch (AslDefinitionException e) {
      return new Outcome("INVALID_DEFINITION", null, null, e.getMessage());
    }
    ExecutionRun run =
        new ExecutionRun(
                clock,
                clock::advance,
                TaskInvoker.NONE,
                "arn:aws:states:us-east-1:111111111111:execution:machine:exec",
                "exec",
                "arn:aws:states:us-east-1:111111111111:stateMachine:machine",
                "machine",
                input)
            .started();
    if (machine.timeoutSeconds() != null) {
      run.deadline(RECORDED.plusSeconds(machine.timeoutSeconds()));
    }
    try {
      return new Outcome("SUCCEEDED", machine.run(run, input), null, null);
    } catch (FlowFailure f) {
      return new Outcome("FAILED", null, f.error(), f.cause());
    } catch (ExecutionTimedOut e) {
      return new Outcome("TIMED_OUT", null, null, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome("ABORTED", null, null, null);
    } catch (RuntimeException e) {
      return new Outcome(
          "CRASHED", null, e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
    }
  }

  /** Null when the outcome matches the recording, else what differs. */
  static String compare(JsonNode expected, Outcome actual) {
    String status = expected.path("status").asText();
    if (!status.equals(actual.status())) {
      return "status "
          + actual.status()
          + " ("
          + actual.error()
          + ": "
          + actual.cause()
          + "), expected "
          + status;
    }
    if (status.equals("SUCCEEDED") && expected.has("output")) {
      if (!matches(expected.get("output"), actual.output())) {
        return "output "
            + Json.write(actual.output())
            + ", expected "
            + Json.write(expected.get("output"));
      }
    }
    if (status.equals("FAILED")) {
      JsonNode error = expected.get("error");
      if (error != null && !error.isNull() && !matchesText(error.asText(), actual.error())) {
        return "error " + actual.error() + ", expected " + error.asText();
      }
      JsonNode cause = expected.get("cause");
      if (cause != null && !cause.isNull() && !matchesText(cause.asText(), actual.cause())) {
        return "cause '" + actual.cause() + "', expected '" + cause.asText() + "'";
      }
    }
    return null;
  }

  static boolean matches(JsonNode expected, JsonNode actual) {
    if (expected.isTextual() && actual != null && actual.isTextual()) {
      return matchesText(expected.asText(), actual.asText());
    }
    if (expected.isTextual() && PLACEHOLDER.matcher(expected.asText()).find() && actual != null) {
      return matchesText(
          expected.asText(), actual.isTextual() ? actual.asText() : Json.write(actual));
    }
    if (expected.isObject() && actual != null && actual.isObject()) {
      if (expected.size() != actual.size()) {
        return false;
      }
      Iterator<Map.Entry<String, JsonNode>> it = expected.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!actual.has(e.getKey()) || !matches(e.getValue(), actual.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (expected.isArray() && actual != null && actual.isArray()) {
      if (expected.size() != actual.size()) {
        return false;
      }
      for (int i = 0; i < expected.size(); i++) {
        if (!matches(expected.get(i), actual.get(i))) {
          return false;
        }
      }
      return true;
    }
    return Values.equal(expected, actual);
  }

  /** Recorded texts mask ids and times as <name:N>: those parts match anything. */
  static boolean matchesText(String expected, String actual) {
    if (actual == null) {
      return false;
    }
    if (expected.equals(actual)) {
      return true;
    }
    Matcher m = PLACEHOLDER.matcher(expected);
    if (!m.find()) {
      return false;
    }
    StringBuilder regex = new StringBuilder();
    int last = 0;
    m.reset();
    while (m.find()) {
      regex.append(Pattern.quote(expected.substring(last, m.start()))).append(".*?");
      last = m.end();
    }
    regex.append(Pattern.quote(expected.substring(last)));
    return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(actual).matches();
  }

  static Map<String, String> knownFailures() throws IOException {
    Map<String, String> known = new LinkedHashMap<>();
    try (InputStream in =
        AslConformanceTest.class.getResourceAsStream("/asl-conformance-known-failures.txt")) {
      if (in == null) {
        return known;
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        known.put(
            tab < 0 ? line.strip() : line.substring(0, tab),
            tab < 0 ? "" : line.substring(tab + 1));
      }
    }
    return known;
  }

  @Test
  void recordedCasesMatch() throws IOException {
    if (!Files.exists(CASES)) {
      fail(
          "The recorded ASL cases are missing: expected "
              + CASES.toAbsolutePath()
              + " (../shared beside the repository)");
    }
    List<String> lines = Files.readAllLines(CASES);
    Map<String, String> known = knownFailures();
    ConformanceTally tally = new ConformanceTally(known.keySet(), "known-failures list");
    for (String line : lines) {
      JsonNode c = Json.parse(line);
      tally.record(
          c.get("name").asText(),
          compare(c.get("expected"), run(c.get("definition"), c.get("input"))));
    }
    tally.finish("ASL conformance", "asl-conformance-report.txt");
    assertTrue(tally.matched() * 100 >= lines.size() * 95, "at least 95% must match");
  }
}
