package io.taskfn.calltask;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskfn.api.PlainJson;
import io.taskfn.http.OutboundHttp;
import io.taskfn.http.OutboundRequest;
import io.taskfn.http.OutboundResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Places each call by POSTing it as JSON to a URL ({@code callId}, {@code taskOpenId}, {@code
 * caller}, {@code callee}, {@code resource}, {@code type}, {@code phoneParam}, {@code
 * maxRingDuration} seconds) and reading the outcome from the answer: a 2xx JSON object with {@code
 * callResult} (the vendor's code) and, optionally, {@code ringTime}, {@code startTime} and {@code
 * endTime} in epoch milliseconds. Whatever else it answers means the call could not be placed.
 */
final class WebhookDialer implements Dialer {

  private static final ObjectMapper JSON = PlainJson.MAPPER;

  private final OutboundHttp http;
  private final URI url;
  private final Duration timeout;
  private final Clock clock;

  WebhookDialer(OutboundHttp http, URI url, Duration timeout, Clock clock) {
    this.http = http;
    this.url = url;
    this.timeout = timeout;
    this.clock = clock;
    OutboundRequest.to(url, "POST");
  }

  @Override
  public Outcome dial(Call call) throws InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("callId", call.callId());
    body.put("taskOpenId", call.taskOpenId());
    body.put("caller", call.caller());
    body.put("callee", call.callee());
    body.put("resource", call.resource());
    body.put("type", call.type());
    body.put("phoneParam", call.phoneParam());
    body.put("maxRingDuration", call.maxRing().toSeconds());
    OutboundResponse answer;
    try {
      answer =
          http.send(
              OutboundRequest.to(url, "POST")
                  .header("Content-Type", "application/json")
                  .body(JSON.writeValueAsString(body))
                  .timeout(timeout));
    } catch (IOException e) {
      throw new IllegalStateException("the webhook dialer at " + url + " failed: " + e, e);
    }
    if (!answer.isSuccess()) {
      throw new IllegalStateException(
          "the webhook dialer at " + url + " answered HTTP " + answer.statusCode());
    }
    try {
      JsonNode outcome = JSON.readTree(answer.body());
      CallResult result = CallResult.fromCode(outcome.path("callResult").asInt(-1));
      Instant end = time(outcome, "endTime");
      return new Outcome(
          result,
          time(outcome, "ringTime"),
          time(outcome, "startTime"),
          end != null ? end : clock.instant());
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "the webhook dialer at " + url + " gave no callResult: " + e.getMessage(), e);
    }
  }

  private static Instant time(JsonNode outcome, String field) {
    JsonNode value = outcome.get(field);
    return value != null && value.canConvertToLong() ? Instant.ofEpochMilli(value.asLong()) : null;
  }
}
