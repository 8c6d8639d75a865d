package io.taskfn.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskfn.api.FunctionCatalog;
import io.taskfn.api.FunctionSpec;
import io.taskfn.support.ManagedLambda;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamTemplateTest {

  @Test
  void everyDeclaredFunctionIsALambdaWithItsTimeoutMemoryAndSchedule() {
    FunctionCatalog catalog = FunctionCatalog.loadFromClasspath();
    JsonNode resources = SamTemplate.render(catalog).get("Resources");
    assertEquals(
        catalog.all().size() + 1, resources.size(), "a Lambda per function, and the table");
    for (FunctionSpec spec : catalog.all()) {
      JsonNode properties = resources.get(spec.name() + "Function").get("Properties");
      assertEquals(spec.timeoutSeconds(), properties.get("Timeout").asInt(), spec.name());
      assertEquals(spec.memoryMb(), properties.get("MemorySize").asInt(), spec.name());
      assertEquals(
          spec.name(), properties.at("/Environment/Variables/TASKFN_LAMBDA_FUNCTION").asText());
      assertEquals(spec.route(), properties.at("/Events/Http/Properties/Path").asText());
      assertEquals("POST", properties.at("/Events/Http/Properties/Method").asText());
      assertEquals(spec.schedule() != null, properties.at("/Events").has("Schedule"), spec.name());
      assertEquals(
          SamTemplate.TABLE,
          properties.at("/Policies/1/DynamoDBCrudPolicy/TableName/Ref").asText(),
          spec.name() + " may read and write the table, and nothing else");
      boolean isDispatch = spec.name().equals("Dispatch");
      // Every other function starts the due work it creates by invoking Dispatch, and may invoke
      // nothing else; Dispatch runs what falls due itself.
      assertEquals(
          isDispatch ? "" : "DispatchFunction.Alias",
          properties.at("/Environment/Variables/TASKFN_LAMBDA_DISPATCH_FUNCTION/Ref").asText(),
          spec.name());
      assertEquals(
          isDispatch ? "" : "DispatchFunction",
          properties.at("/Policies/2/LambdaInvokePolicy/FunctionName/Ref").asText(),
          spec.name());
      assertEquals(isDispatch ? 2 : 3, properties.get("Policies").size(), spec.name());
    }
    // Every Lambda keeps its state in the one table the store defines.
    JsonNode globals = SamTemplate.render(catalog).at("/Globals/Function/Environment/Variables");
    assertEquals("dynamodb", globals.get("TASKFN_STORE").asText());
    assertEquals(SamTemplate.TABLE, globals.at("/TASKFN_STORE_DYNAMODB_TABLE/Ref").asText());
    JsonNode table = resources.at("/" + SamTemplate.TABLE + "/Properties");
    var request = io.taskfn.store.DynamoStoreBackend.tableRequest("t");
    assertEquals(
        request.globalSecondaryIndexes().size(), table.get("GlobalSecondaryIndexes").size());
    for (int i = 0; i < request.globalSecondaryIndexes().size(); i++) {
      assertEquals(
          request.globalSecondaryIndexes().get(i).indexName(),
          table.at("/GlobalSecondaryIndexes/" + i + "/IndexName").asText());
    }
    assertEquals(request.attributeDefinitions().size(), table.get("AttributeDefinitions").size());
    assertEquals("ttl", table.at("/TimeToLiveSpecification/AttributeName").asText());
    JsonNode dispatch = resources.at("/DispatchFunction/Properties/Events/Schedule");
    assertEquals("Schedule", dispatch.get("Type").asText());
    assertEquals(
        catalog.find("Dispatch").orElseThrow().schedule(),
        dispatch.at("/Properties/Schedule").asText());
    assertFalse(resources.at("/ExecuteJobFunction/Properties/Events").has("Schedule"));
    assertTrue(SamTemplate.HANDLER.endsWith("::handleRequest"));
    assertTrue(
        SamTemplate.render(catalog)
            .at("/Outputs/ApiUrl/Value/Fn::Sub")
            .asText()
            .startsWith("https://${ServerlessHttpApi}.execute-api."));
  }

  @Test
  void theJvmOptionsSetOnlyWhatTheRuntimesCommandLineLeavesOpen() {
    List<String> options =
        List.of(
            SamTemplate.render(FunctionCatalog.loadFromClasspath())
                .at("/Globals/Function/Environment/Variables/JAVA_TOOL_OPTIONS")
                .asText()
                .split(" "));
    assertFalse(options.isEmpty(), "the template gives the functions' JVM options");
    // The runtime reads JAVA_TOOL_OPTIONS before its own flags, which win: an option setting one
    // of them would be silently overridden, and a second collector stops the JVM at start.
    List<String> runtimeSets =
        ManagedLambda.runtimeJvmFlags(512).stream().map(SamTemplateTest::setting).toList();
    boolean runtimeChoosesCollector = runtimeSets.stream().anyMatch(SamTemplateTest::isCollector);
    for (String option : options) {
      String setting = setting(option);
      assertFalse(runtimeSets.contains(setting), option + " sets what the runtime sets");
      assertFalse(
          runtimeChoosesCollector && isCollector(setting),
          option + " chooses a collector, which the runtime does");
    }
  }

  /** The JVM setting a flag sets, its aliases by the setting's name. */
  private static String setting(String flag) {
    String name = flag.replaceFirst("^-XX:[+-]?", "").replaceFirst("=.*$", "");
    if (name.startsWith("-Xmx")) {
      return "MaxHeapSize";
    }
    if (name.startsWith("-Xms")) {
      return "InitialHeapSize";
    }
    if (name.startsWith("-Xss")) {
      return "ThreadStackSize";
    }
    return name.replaceFirst(":.*$", "");
  }

  private static boolean isCollector(String setting) {
    return setting.matches("Use\\w*GC");
  }

  @Test
  void theSettingOfAFlagIsFoundUnderItsAliases() {
    assertEquals("MaxHeapSize", setting("-Xmx300m"));
    assertEquals("MaxHeapSize", setting("-XX:MaxHeapSize=445645k"));
    assertEquals("InitialHeapSize", setting("-Xms64m"));
    assertEquals("MetaspaceSize", setting("-XX:MetaspaceSize=48m"));
    assertEquals("-Xshare", setting("-Xshare:auto"));
    assertTrue(isCollector(setting("-XX:+UseG1GC")));
    assertFalse(isCollector(setting("-XX:-BytecodeVerificationRemote")));
  }

  @Test
  void aFunctionBelowTheLeastMemoryIsRefused() throws Exception {
    FunctionCatalog small =
        FunctionCatalog.parse(
            new java.io.ByteArrayInputStream(
                ("functions:\n  - {name: A, family: jobs, timeoutSeconds: 7, memoryMb: 256,"
                        + " route: /A}\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    IllegalStateException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class, () -> SamTemplate.render(small));
    org.junit.jupiter.api.Assertions.assertTrue(
        refused.getMessage().contains("memoryMb 256 is below 512"), refused.getMessage());
  }

  @Test
  void theTemplatePassesCfnLint(@TempDir Path directory) throws Exception {
    Path template = directory.resolve("sam.taskfn.yaml");
    SamTemplate.main(new String[] {template.toString()});
    Process lint;
    try {
      lint = new ProcessBuilder("cfn-lint", template.toString()).redirectErrorStream(true).start();
    } catch (IOException missing) {
      throw new AssertionError(
          "cfn-lint is not installed: run .ci/install-test-tools (pip install cfn-lint)", missing);
    }
    // Before: 41 × E2533, the java17 runtime Lambda no longer creates functions on.
    String report = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(lint.waitFor(120, TimeUnit.SECONDS), "cfn-lint did not finish");
    assertEquals(0, lint.exitValue(), report);
  }
}
