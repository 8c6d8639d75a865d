package io.taskfn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class SamTemplateTest {

  @Test
  void everyDeclaredFunctionIsALambdaWithItsTimeoutMemoryAndSchedule() {
    FunctionCatalog catalog = FunctionCatalog.loadFromClasspath();
    JsonNode resources = SamTemplate.render(catalog).get("Resources");
    assertEquals(catalog.all().size(), resources.size());
    for (FunctionSpec spec : catalog.all()) {
      JsonNode properties = resources.get(spec.name() + "Function").get("Properties");
      assertEquals(spec.timeoutSeconds(), properties.get("Timeout").asInt(), spec.name());
      assertEquals(spec.memoryMb(), properties.get("MemorySize").asInt(), spec.name());
      assertEquals(
          spec.name(), properties.at("/Environment/Variables/TASKFN_LAMBDA_FUNCTION").asText());
      assertEquals(spec.schedule() != null, properties.has("Events"), spec.name());
    }
    JsonNode dispatch = resources.at("/DispatchFunction/Properties/Events/Schedule");
    assertEquals("Schedule", dispatch.get("Type").asText());
    assertEquals(
        catalog.find("Dispatch").orElseThrow().schedule(),
        dispatch.at("/Properties/Schedule").asText());
    assertFalse(resources.at("/ExecuteJobFunction/Properties").has("Events"));
    assertTrue(SamTemplate.HANDLER.endsWith("::handleRequest"));
  }
}
