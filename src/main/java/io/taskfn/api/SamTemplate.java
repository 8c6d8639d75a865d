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
 * function it runs, each with an HTTP API route ({@code POST} its route); scheduled functions get
 * their schedule event. The build writes it to {@code target/sam.taskfn.yaml}.
 */
public final class SamTemplate {
  private SamTemplate() {}

  static final String HANDLER =
      "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  /**
   * A runtime Lambda still creates functions on; the bytecode stays Java 17, which it runs, and it
   * supports SnapStart.
   */
  static final String RUNTIME = "java21";

  public static ObjectNode render(FunctionCatalog catalog) {
    ObjectNode template = YAML.createObjectNode();
    template.put("AWSTemplateFormatVersion", "2010-09-09");
    template.put("Transform", "AWS::Serverless-2016-10-31");
    template.put("Description", "taskfn: one Lambda per function of functions.yaml");
    ObjectNode globals = template.putObject("Globals").putObject("Function");
    globals.put("Runtime", RUNTIME);
    globals.put("Handler", HANDLER);
    globals.put("CodeUri", "function.zip");
    // SnapStart restores a snapshot of the started JVM instead of starting one per cold start; it
    // applies to published versions, which the alias publishes.
    globals.put("AutoPublishAlias", "live");
    globals.putObject("SnapStart").put("ApplyOn", "PublishedVersions");
    globals
        .putObject("Environment")
        .putObject("Variables")
        // Lambda freezes between invocations: the scheduled Dispatch function runs due work.
        .put("TASKFN_DISPATCH_POLL_INTERVAL", "0s")
        // Events come through the Lambda runtime; nothing is to listen on a port.
        .put("QUARKUS_HTTP_HOST_ENABLED", "false");
    ObjectNode resources = template.putObject("Resources");
    for (FunctionSpec spec : catalog.all()) {
      ObjectNode properties =
          resources
              .putObject(spec.name() + "Function")
              .put("Type", "AWS::Serverless::Function")
              .putObject("Properties");
      properties.put("MemorySize", spec.memoryMb());
      properties.put("Timeout", spec.timeoutSeconds());
      properties.putArray("Policies").add("AWSLambdaBasicExecutionRole");
      properties
          .putObject("Environment")
          .putObject("Variables")
          .put("TASKFN_LAMBDA_FUNCTION", spec.name());
      ObjectNode events = properties.putObject("Events");
      events
          .putObject("Http")
          .put("Type", "HttpApi")
          .putObject("Properties")
          .put("Path", spec.route())
          .put("Method", "POST");
      if (spec.schedule() != null) {
        events
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
