package io.taskfn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EchoTest {

  @Test
  void aShortValueIsQuotedAsItIs() {
    assertEquals("dev-ns", Echo.of("dev-ns"));
    assertEquals("x".repeat(Echo.MAX_LENGTH), Echo.of("x".repeat(Echo.MAX_LENGTH)));
    assertEquals("42", Echo.of(42L));
    assertEquals("null", Echo.of(null));
  }

  @Test
  void aLongValueIsCutWithAnEllipsis() {
    assertEquals("x".repeat(Echo.MAX_LENGTH) + "…", Echo.of("x".repeat(1_000_000)));
  }

  @Test
  void aCharacterOutsideTheBasicPlaneIsNotCutInHalf() {
    String value = "x".repeat(Echo.MAX_LENGTH - 1) + "😀" + "tail";
    assertEquals("x".repeat(Echo.MAX_LENGTH - 1) + "…", Echo.of(value));
  }
}
