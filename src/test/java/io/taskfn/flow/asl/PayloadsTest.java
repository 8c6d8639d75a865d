package io.taskfn.flow.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Payload sizes are counted as the engine writes values, without writing them. */
class PayloadsTest {

  private static long written(JsonNode value) {
    return Json.write(value).getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void countsTheBytesJacksonWrites() {
    for (String json :
        new String[] {
          "{}",
          "[]",
          "{\"a\":1,\"b\":[true,null,2.5,-3e400],\"c\":{\"d\":\"x\"}}",
          "[\"quote \\\" backslash \\\\ tab \\t newline \\n bell \\u0007\"]",
          "{\"ünï\":\"é 中 😀\",\"k\\u0001\":12345678901234567890123}"
        }) {
      JsonNode value = Json.parse(json);
      assertEquals(1_000 - written(value), Payloads.bytesAtMost(value, 1_000), json);
    }
  }

  @Test
  void stopsCountingAtTheBudget() {
    JsonNode big = Json.NODES.textNode("x".repeat(10_000));
    assertTrue(Payloads.within(big, 10_002));
    assertFalse(Payloads.within(big, 10_001));
    assertEquals(-1, Payloads.bytesAtMost(big, 5));
  }
}
