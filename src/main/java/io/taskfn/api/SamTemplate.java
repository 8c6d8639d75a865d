package io.taskfn.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The AWS SAM template of a Lambda deployment, generated from {@code functions.yaml}: one function
 * per declared function, all from the same {@code function.zip}, each told by environment which
 * function it runs; scheduled functions get their schedule event. The build writes it to {@code
 * target/sam.taskfn.yaml}.
 */
public final class SamTemplate {
  private SamTemplate() {}

  static final String HANDLER =
      "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  public static ObjectNode render(FunctionCatalog catalog) {
    ObjectNode template = YAML.createObjectNode();
    template.put("AWSTemplateFormatVersion", "2010-09-09");
    template.put("Transform", "AWS::Serverless-2016-10-31");
    template.put("Description", "taskfn: one Lambda per function of functions.yaml");
    ObjectNode globals = template.putObject("Globals").putObject("Function");
    globals.put("Runtime", "java17");
    globals.put("Handler", HANDLER);
    globals.put("CodeUri", "function.zip");
    globals
        .putObject("Environment")
        .putObject("Variables")
        // Lambda freezes between invocations: the scheduled Dispatch function runs due work.
        .put("TASKFN_DISPATCH_POLL_INTERVAL", "0s");
    ObjectNode resources = template.putObject("Resources");
    for (FunctionSpec spec : catalog.all()) {
      ObjectNode properties =
          resources
              .putObject(spec.name() + "Function")
              .put("Type", "AWS::Serverless::Function")
              .putObject("Properties");
      properties.put("MemorySize", spec.memoryMb());
      properties.put("Timeout", spec.timeoutSeconds());
      properties.put("Policies", "AWSLambdaBasicExecutionRole");
      properties
          .putObject("Environment")
          .putObject("Variables")
          .put("TASKFN_LAMBDA_FUNCTION", spec.name());
      if (spec.schedule() != null) {
        properties
            .putObject("Events")
            .putObject("Schedule")
            .put("Type", "Schedule")
            .putObject("Properties")
            .put("Schedule", spec.schedule());
      }
    }
    return template;
  }

  /** Writes the template of the packaged functions.yaml to the path given. */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "target/sam.taskfn.yaml");
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, YAML.writeValueAsString(render(FunctionCatalog.loadFromClasspath())));
  }
}
