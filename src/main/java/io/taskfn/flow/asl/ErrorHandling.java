package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Retry and Catch of a Task, Parallel or Map state. */
final class ErrorHandling {

  interface Attempt {
    JsonNode run() throws InterruptedException;
  }

  record Retrier(
      List<String> errors,
      double intervalSeconds,
      int maxAttempts,
      double backoffRate,
      Double maxDelaySeconds,
      boolean fullJitter) {}

  static final class Catcher {
    final List<String> errors;
    final String nextName;
    final ReferencePath resultPath;
    final boolean discardResult;
    final Assignment assign;
    final JsonataTemplate output;
    State next;

    Catcher(Fields f, QueryLanguage language) {
      f.allowOnly(Set.of("ErrorEquals", "Next", "ResultPath", "Assign", "Output", "Comment"));
      this.errors = errorNames(f);
      this.nextName = f.string("Next");
      if (language == QueryLanguage.JSONATA && f.has("ResultPath")) {
        throw new AslDefinitionException(f.where("ResultPath"), "is a JSONPath field");
      }
      this.discardResult = f.has("ResultPath") && f.get("ResultPath").isNull();
      this.resultPath =
          f.has("ResultPath") && !discardResult
              ? ReferencePath.parse(f.string("ResultPath"), f.where("ResultPath"))
              : ReferencePath.parse("$", null);
      this.assign = Assignment.parse(f, language);
      this.output =
          f.has("Output")
              ? JsonataTemplate.compile(f.get("Output"), "Output", f.where("Output"))
              : null;
    }
  }

  private final List<Retrier> retriers;
  private final List<Catcher> catchers;

  ErrorHandling(Fields f, QueryLanguage language) {
    this.retriers = new ArrayList<>();
    this.catchers = new ArrayList<>();
    JsonNode retry = f.get("Retry");
    if (retry != null) {
      if (!retry.isArray()) {
        throw new AslDefinitionException(f.where("Retry"), "must be an array");
      }
      for (int i = 0; i < retry.size(); i++) {
        Fields r = new Fields(retry.get(i), f.where("Retry") + "[" + i + "]");
        r.allowOnly(
            Set.of(
                "ErrorEquals",
                "IntervalSeconds",
                "MaxAttempts",
                "BackoffRate",
                "MaxDelaySeconds",
                "JitterStrategy",
                "Comment"));
        Integer interval = r.optInteger("IntervalSeconds", 1);
        Integer maxAttempts = r.optInteger("MaxAttempts", 0);
        Double backoff = r.optNumber("BackoffRate", 1.0);
        Integer maxDelay = r.optInteger("MaxDelaySeconds", 1);
        String jitter = r.optString("JitterStrategy");
        if (jitter != null && !jitter.equals("FULL") && !jitter.equals("NONE")) {
          throw new AslDefinitionException(r.where("JitterStrategy"), "must be FULL or NONE");
        }
        retriers.add(
            new Retrier(
                errorNames(r),
                interval == null ? 1 : interval,
                maxAttempts == null ? 3 : maxAttempts,
                backoff == null ? 2.0 : backoff,
                maxDelay == null ? null : maxDelay.doubleValue(),
                "FULL".equals(jitter)));
      }
    }
    JsonNode catches = f.get("Catch");
    if (catches != null) {
      if (!catches.isArray()) {
        throw new AslDefinitionException(f.where("Catch"), "must be an array");
      }
      for (int i = 0; i < catches.size(); i++) {
        catchers.add(
            new Catcher(new Fields(catches.get(i), f.where("Catch") + "[" + i + "]"), language));
      }
    }
  }

  private static List<String> errorNames(Fields f) {
    JsonNode names = f.get("ErrorEquals");
    if (names == null || !names.isArray() || names.isEmpty()) {
      throw new AslDefinitionException(
          f.where("ErrorEquals"), "must be a non-empty array of error names");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (!names.get(i).isTextual()) {
        throw new AslDefinitionException(f.where("ErrorEquals"), "must hold strings");
      }
      String name = names.get(i).asText();
      if (name.equals(ErrorNames.ALL) && (names.size() != 1)) {
        throw new AslDefinitionException(
            f.where("ErrorEquals"), "States.ALL must appear alone in ErrorEquals");
      }
      out.add(name);
    }
    return List.copyOf(out);
  }

  void link(Map<String, State> states, String location) {
    for (Catcher c : catchers) {
      c.next = states.get(c.nextName);
      if (c.next == null) {
        throw new AslDefinitionException(
            location + ".Catch.Next", "no state is named '" + c.nextName + "'");
      }
    }
  }

  List<State> successors() {
    return catchers.stream().map(c -> c.next).toList();
  }

  static boolean matches(List<String> names, String error) {
    if (error == null) {
      return names.contains(ErrorNames.ALL);
    }
    for (String name : names) {
      if (name.equals(error)) {
        return true;
      }
      boolean terminal =
          error.equals(ErrorNames.RUNTIME) || error.equals(ErrorNames.DATA_LIMIT_EXCEEDED);
      if (name.equals(ErrorNames.ALL) && !terminal) {
        return true;
      }
      if (name.equals(ErrorNames.TASK_FAILED) && !terminal && !error.equals(ErrorNames.TIMEOUT)) {
        return true;
      }
    }
    return false;
  }

  /** Runs the attempt with retries; a failure left over goes to the first matching catcher. */
  Step run(RecoverableState owner, Frame frame, JsonNode raw, Attempt attempt, State normalNext)
      throws InterruptedException {
    int[] attempts = new int[retriers.size()];
    double[] intervals = new double[retriers.size()];
    int retries = 0;
    TaskWaitSuspended.RetryState resumed =
        frame.isTopLevel() ? frame.run.takeResumedRetries() : null;
    if (resumed != null && resumed.attempts().size() == retriers.size()) {
      for (int i = 0; i < attempts.length; i++) {
        attempts[i] = resumed.attempts().get(i);
        intervals[i] = resumed.intervals().get(i);
      }
      retries = resumed.retries();
      if (retries > 0) {
        frame.retried(retries);
      }
    }
    while (true) {
      try {
        return new Step(normalNext, attempt.run());
      } catch (TaskWaitSuspended waiting) {
        // The Task resumes where its Retry stands now.
        throw waiting.retries(
            new TaskWaitSuspended.RetryState(
                Arrays.stream(attempts).boxed().toList(),
                Arrays.stream(intervals).boxed().toList(),
                retries));
      } catch (FlowFailure failure) {
        owner.attemptFailed(frame, failure);
        Retrier retrier = null;
        int index = -1;
        for (int i = 0; i < retriers.size(); i++) {
          if (matches(retriers.get(i).errors(), failure.error())) {
            retrier = retriers.get(i);
            index = i;
            break;
          }
        }
        if (retrier != null && attempts[index] < retrier.maxAttempts()) {
          intervals[index] =
              attempts[index] == 0
                  ? retrier.intervalSeconds()
                  : intervals[index] * retrier.backoffRate();
          double delay = intervals[index];
          if (retrier.maxDelaySeconds() != null) {
            delay = Math.min(delay, retrier.maxDelaySeconds());
          }
          if (retrier.fullJitter()) {
            delay = ThreadLocalRandom.current().nextDouble() * delay;
          }
          attempts[index]++;
          // A retried attempt's failure closes with no event: the next attempt follows it.
          frame.stateFailurePending(false);
          frame.run.sleep(Duration.ofMillis((long) (delay * 1000)));
          frame.retried(++retries);
          continue;
        }
        owner.failedFinally(frame);
        for (Catcher catcher : catchers) {
          if (matches(catcher.errors, failure.error())) {
            return new Step(catcher.next, caught(owner, catcher, frame, raw, failure));
          }
        }
        throw failure;
      }
    }
  }

  private static JsonNode caught(
      State owner, Catcher catcher, Frame frame, JsonNode raw, FlowFailure failure) {
    ObjectNode errorOutput = Json.object();
    errorOutput.put("Error", failure.error());
    errorOutput.put("Cause", failure.cause());
    boolean jsonata = owner.language == QueryLanguage.JSONATA;
    Map<String, Object> states =
        jsonata ? State.jsonataStates(frame, raw, null, errorOutput) : null;
    JsonNode out;
    if (jsonata) {
      out = catcher.output == null ? errorOutput : catcher.output.evaluate(frame, states);
    } else {
      out = catcher.discardResult ? raw : catcher.resultPath.put(raw, errorOutput);
    }
    Assignment.apply(catcher.assign, frame, errorOutput, states);
    return out;
  }
}
