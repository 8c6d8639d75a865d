package io.taskfn.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks that an error body is its family's envelope and reads the vendor's code from it. */
public final class EnvelopeShapes {
  private EnvelopeShapes() {}

  /** A rejection as its envelope states it; SchedulerX's numeric code as text. */
  public record Rejection(String code, String message) {}

  public static Rejection read(String family, JsonNode body, int status) {
    String text = body.toString();
    switch (family) {
      case "jobs" -> {
        assertTrue(body.path("RequestId").isTextual(), text);
        assertTrue(body.path("Message").isTextual(), text);
        assertEquals(false, body.path("Success").asBoolean(true), text);
        assertEquals(status, body.path("Code").asInt(), text);
        return new Rejection(body.path("Code").asText(), body.path("Message").asText());
      }
      case "email" -> {
        JsonNode error = body.path("error");
        assertTrue(error.path("code").isTextual(), text);
        assertTrue(error.path("message").isTextual(), text);
        return new Rejection(error.path("code").asText(), error.path("message").asText());
      }
      case "quickbi" -> {
        assertTrue(body.path("RequestId").isTextual(), text);
        assertEquals(false, body.path("Success").asBoolean(true), text);
        assertTrue(body.path("Code").isTextual(), text);
        assertTrue(body.path("Message").isTextual(), text);
        return new Rejection(body.path("Code").asText(), body.path("Message").asText());
      }
      case "vms" -> {
        JsonNode metadata = body.path("ResponseMetadata");
        assertTrue(metadata.path("RequestId").isTextual(), text);
        assertEquals("vms", metadata.path("Service").asText(), text);
        JsonNode error = metadata.path("Error");
        assertTrue(error.path("Code").isTextual(), text);
        assertTrue(error.path("Message").isTextual(), text);
        return new Rejection(error.path("Code").asText(), error.path("Message").asText());
      }
      default -> {
        assertTrue(body.path("RequestId").isTextual(), text);
        assertTrue(body.path("Message").isTextual(), text);
        assertTrue(body.path("Code").isTextual(), text);
        return new Rejection(body.path("Code").asText(), body.path("Message").asText());
      }
    }
  }
}
