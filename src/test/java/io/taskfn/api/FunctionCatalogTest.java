package io.taskfn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FunctionCatalogTest {

  private static FunctionCatalog parse(String yaml) throws Exception {
    return FunctionCatalog.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theShippedFileDeclaresTheJobsFunctionsAndTheDispatcher() {
    FunctionCatalog catalog = FunctionCatalog.loadFromClasspath();
    assertEquals("jobs", catalog.familyOf("ExecuteJob"));
    assertTrue(catalog.find("Dispatch").orElseThrow().schedule() != null);
    assertEquals("taskfn", catalog.familyOf("NotAFunction"));
  }

  @Test
  void readsTimeoutsFromTheFile() throws Exception {
    FunctionCatalog catalog =
        parse(
            "functions:\n  - {name: A, family: jobs, timeoutSeconds: 7, memoryMb: 128, route: /A}\n");
    assertEquals(Duration.ofSeconds(7), catalog.timeout("A"));
  }

  @Test
  void rejectsDuplicatesAndMissingFields() {
    assertThrows(
        IllegalStateException.class,
        () ->
            parse(
                "functions:\n"
                    + "  - {name: A, family: jobs, timeoutSeconds: 7, memoryMb: 128, route: /A}\n"
                    + "  - {name: A, family: jobs, timeoutSeconds: 7, memoryMb: 128, route: /A}\n"));
    assertThrows(
        Exception.class, () -> parse("functions:\n  - {name: A, family: jobs, route: /A}\n"));
  }
}
