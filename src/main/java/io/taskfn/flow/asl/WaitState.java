package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Waits a number of seconds, or until a time, on the execution's sleeper. */
final class WaitState extends State {

  /** An execution lasts a year at most, so no wait may be longer. */
  static final Duration LONGEST = Duration.ofDays(365);

  private final JsonNode seconds;
  private final JsonNode timestamp;
  private final JsonPathExpr secondsPath;
  private final JsonPathExpr timestampPath;
  private final JsonataTemplate secondsExpression;
  private final JsonataTemplate timestampExpression;

  WaitState(String name, Fields f, QueryLanguage language) {
    super(
        name,
        f,
        language,
        Set.of(
            "Seconds",
            "Timestamp",
            "SecondsPath",
            "TimestampPath",
            "InputPath",
            "OutputPath",
            "Assign",
            "Output"),
        false);
    int count = 0;
    for (String field : new String[] {"Seconds", "Timestamp", "SecondsPath", "TimestampPath"}) {
      count += f.has(field) ? 1 : 0;
    }
    if (count != 1) {
      throw new AslDefinitionException(
          f.location, "needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath");
    }
    boolean jsonata = this.language == QueryLanguage.JSONATA;
    JsonNode s = f.get("Seconds");
    JsonNode t = f.get("Timestamp");
    this.secondsExpression =
        jsonata && s != null && s.isTextual()
            ? JsonataTemplate.compile(s, "Seconds", f.where("Seconds"))
            : null;
    this.timestampExpression =
        jsonata && t != null && t.isTextual() && JsonataTemplate.isExpression(t.asText())
            ? JsonataTemplate.compile(t, "Timestamp", f.where("Timestamp"))
            : null;
    if (s != null
        && secondsExpression == null
        && (!s.isIntegralNumber() || Values.clampedLong(s) < 0)) {
      throw new AslDefinitionException(f.where("Seconds"), "must be a non-negative integer");
    }
    if (t != null
        && timestampExpression == null
        && (!t.isTextual() || Timestamps.parse(t.asText()).isEmpty())) {
      throw new AslDefinitionException(f.where("Timestamp"), "must be an ISO-8601 timestamp");
    }
    this.seconds = s;
    this.timestamp = t;
    this.secondsPath =
        f.has("SecondsPath")
            ? JsonPathExpr.compile(f.string("SecondsPath"), f.where("SecondsPath"))
            : null;
    this.timestampPath =
        f.has("TimestampPath")
            ? JsonPathExpr.compile(f.string("TimestampPath"), f.where("TimestampPath"))
            : null;
  }

  @Override
  String type() {
    return "Wait";
  }

  @Override
  Step execute(Frame frame, JsonNode input) throws InterruptedException {
    JsonNode effective = effectiveInput(frame, input);
    Instant resumedUntil = frame.isTopLevel() ? frame.run.takeResumedWait() : null;
    Duration delay =
        resumedUntil != null
            ? positive(Duration.between(frame.run.now(), resumedUntil))
            : delay(frame, input, effective);
    if (delay.compareTo(LONGEST) > 0) {
      throw FlowFailure.runtime("Wait state delay is too long.");
    }
    if (frame.isTopLevel() && frame.run.suspends(delay)) {
      throw new WaitSuspended(name, input, frame.allVariables(), frame.run.now().plus(delay));
    }
    frame.run.sleep(delay);
    if (language == QueryLanguage.JSONATA) {
      return new Step(next, stateOutput(frame, input, null, input));
    }
    return new Step(next, stateOutput(frame, input, effective, null));
  }

  private Duration delay(Frame frame, JsonNode raw, JsonNode effective) {
    Instant now = frame.run.now();
    if (secondsExpression != null || timestampExpression != null) {
      Map<String, Object> states = jsonataStates(frame, raw, null, null);
      if (secondsExpression != null) {
        JsonNode value = secondsExpression.evaluate(frame, states);
        if (!value.isNumber() || !Values.isIntegral(value) || Values.clampedLong(value) < 0) {
          throw new FlowFailure(
              ErrorNames.QUERY_EVALUATION_ERROR,
              "The Seconds field must be a non-negative integer, not " + Json.write(value),
              "Seconds");
        }
        return seconds(Values.clampedLong(value));
      }
      JsonNode value = timestampExpression.evaluate(frame, states);
      Instant until =
          Timestamps.parse(value.isTextual() ? value.asText() : null)
              .orElseThrow(
                  () ->
                      new FlowFailure(
                          ErrorNames.QUERY_EVALUATION_ERROR,
                          "The Timestamp field cannot be parsed as an ISO-8601 extended offset"
                              + " date-time format string: "
                              + (value.isTextual() ? value.asText() : Json.write(value)),
                          "Timestamp"));
      return positive(Duration.between(now, until));
    }
    if (seconds != null) {
      return seconds(Values.clampedLong(seconds));
    }
    if (timestamp != null) {
      return positive(Duration.between(now, Timestamps.parse(timestamp.asText()).orElseThrow()));
    }
    if (secondsPath != null) {
      JsonNode value = readParameter(secondsPath, "SecondsPath", effective, frame);
      String shown = secondsPath.text() + " == " + Json.write(value);
      if (!value.isNumber() || !Values.isIntegral(value)) {
        throw FlowFailure.runtime(
            "The SecondsPath parameter cannot be parsed as a long value: " + shown);
      }
      if (value.decimalValue().signum() < 0) {
        throw FlowFailure.runtime(
            "The SecondsPath parameter references a negative value: " + shown);
      }
      return seconds(Values.clampedLong(value));
    }
    JsonNode value = readParameter(timestampPath, "TimestampPath", effective, frame);
    Instant until =
        Timestamps.parse(value.isTextual() ? value.asText() : null)
            .orElseThrow(
                () ->
                    FlowFailure.runtime(
                        "The TimestampPath parameter does not reference a valid ISO-8601 extended"
                            + " offset date-time format string: "
                            + timestampPath.text()
                            + " == "
                            + (value.isTextual() ? value.asText() : Json.write(value))));
    return positive(Duration.between(now, until));
  }

  private static JsonNode readParameter(
      JsonPathExpr path, String field, JsonNode input, Frame frame) {
    try {
      return path.read(input, frame);
    } catch (JsonPathExpr.NoResult e) {
      throw FlowFailure.runtime(
          "The " + field + " parameter does not reference an input value: " + path.text());
    }
  }

  /** A wait of this many seconds; past a year it is only "too long", never an overflow. */
  private static Duration seconds(long count) {
    return Duration.ofSeconds(Math.min(count, LONGEST.getSeconds() + 1));
  }

  private static Duration positive(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
