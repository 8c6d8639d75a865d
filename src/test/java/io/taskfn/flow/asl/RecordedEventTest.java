package io.taskfn.flow.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecordedEventTest {

  private static RecordedEvent.OfState entered(String payloadField, boolean cut) {
    return new RecordedEvent.OfState(
        2,
        1,
        "TaskStateEntered",
        Instant.EPOCH,
        "Work",
        payloadField,
        cut ? null : TextNode.valueOf("in"),
        cut,
        null,
        false);
  }

  @Test
  void aFieldNoEventHasIsRefusedWhenTheEventIsRecorded() {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> entered("inptu", false));
    assertTrue(refused.getMessage().contains("inptu"), refused.getMessage());
  }

  @Test
  void thePayloadAndItsDetailsAreBuiltWhenRead() {
    var details = entered("input", false).event().details();
    assertEquals("Work", details.get("name").asText());
    assertEquals("in", details.get("input").asText());
    assertTrue(details.has("inputDetails"), details.toString());
    var cut = entered("input", true).event().details();
    assertTrue(cut.at("/inputDetails/truncated").asBoolean(), cut.toString());
  }
}
