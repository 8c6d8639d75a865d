package io.taskfn.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the generated SAM template ({@code target/sam.taskfn.yaml}) deploys a function with: its
 * memory, timeout and environment (the template's Globals, then the function's own), with the
 * references CloudFormation would resolve, so that the Lambda tests and the cold-start bench run a
 * function as the template deploys it rather than with a copy of its settings.
 */
public final class TemplateEnvironment {

  private static final Path TEMPLATE = Path.of("target/sam.taskfn.yaml");

  private final JsonNode template;
  private final String table;

  private TemplateEnvironment(JsonNode template, String table) {
    this.template = template;
    this.table = table;
  }

  /** The template the build wrote, with its table named {@code table} here. */
  public static TemplateEnvironment read(String table) throws IOException {
    return new TemplateEnvironment(
        new ObjectMapper(new YAMLFactory()).readTree(TEMPLATE.toFile()), table);
  }

  public int memoryMb(String function) {
    return properties(function).get("MemorySize").asInt();
  }

  public int timeoutSeconds(String function) {
    return properties(function).get("Timeout").asInt();
  }

  /** Whether Lambda snapshots the functions' init (SnapStart on the published versions). */
  public boolean snapStart() {
    return template.at("/Globals/Function/SnapStart/ApplyOn").asText().equals("PublishedVersions");
  }

  /** The function's environment variables, Globals first, its own over them. */
  public Map<String, String> variables(String function) {
    Map<String, String> variables = new LinkedHashMap<>();
    resolve(template.at("/Globals/Function/Environment/Variables"), variables);
    resolve(properties(function).at("/Environment/Variables"), variables);
    return variables;
  }

  /**
   * Adds JVM options after those the template gives the function in {@code environment}: where both
   * set one setting, the added one wins.
   */
  public static void addJvmOptions(Map<String, String> environment, String options) {
    environment.merge("JAVA_TOOL_OPTIONS", options, (template, added) -> template + " " + added);
  }

  private JsonNode properties(String function) {
    JsonNode properties = template.at("/Resources/" + function + "Function/Properties");
    if (properties.isMissingNode()) {
      throw new IllegalArgumentException(TEMPLATE + " declares no function " + function);
    }
    return properties;
  }

  private void resolve(JsonNode variables, Map<String, String> into) {
    variables
        .fields()
        .forEachRemaining(
            variable -> {
              JsonNode value = variable.getValue();
              if (!value.isValueNode() && !value.has("Ref")) {
                throw new IllegalStateException(
                    variable.getKey() + ": no value CloudFormation would resolve here: " + value);
              }
              String resolved =
                  switch (value.path("Ref").asText("")) {
                    case "" -> value.asText();
                    case "TaskfnTable" -> table;
                    case "DispatchFunction.Alias" ->
                        "arn:aws:lambda:"
                            + ManagedLambda.REGION
                            + ":"
                            + ManagedLambda.ACCOUNT
                            + ":function:Dispatch:live";
                    default -> throw new IllegalStateException("unresolved " + value);
                  };
              into.put(variable.getKey(), resolved);
            });
  }
}
