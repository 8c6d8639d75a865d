package io.taskfn.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.taskfn.api.FunctionCatalog;
import io.taskfn.api.FunctionSpec;
import io.taskfn.store.DynamoStoreBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * The AWS SAM template of a Lambda deployment, generated from {@code functions.yaml}: one function
 * per declared function, all from the same {@code function.zip}, each told by environment which
 * function it runs, each with an HTTP API route ({@code POST} its route); scheduled functions get
 * their schedule event. State is one DynamoDB table, declared here from the store's own table
 * definition ({@link DynamoStoreBackend#tableRequest}); each function may read and write that table
 * and nothing else. The build writes it to {@code target/sam.taskfn.yaml}.
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

  /**
   * The least memory a function gets. The managed runtime's own command line sizes the JVM by the
   * function's memory (heap 85%; runtimes seen capping metaspace at 10% and code cache at 5%), and
   * JAVA_TOOL_OPTIONS, read before that command line, cannot raise what it sets. A function's first
   * request loads about 8,200 classes, some 36 MB of metaspace: at 256 MB a 26 MB cap fails it with
   * OutOfMemoryError (measured with ManagedLambda); 512 MB leaves 51 MB.
   */
  static final int MIN_MEMORY_MB = 512;

  /**
   * What the function's JVM adds to the runtime's command line, for the cold start (measured by
   * {@code bench/lambda-cold-start.sh}, README "Deploying to AWS Lambda"); only settings that
   * command line leaves open. Bytecode verification is off for the application's classes: they are
   * the same bytecode the test suite loads with verification on, and verifying about 8,000 classes
   * was a third of the start, with the classes it loads only to check assignments. The first
   * metadata collection waits until 48 MB (below the 51 MB a 512 MB runtime may cap metaspace at),
   * and the first heap is 64 MB rather than 1/64 of the memory: 10 collector pauses in a start
   * instead of 39.
   */
  static final String JVM_OPTIONS =
      "-Xms64m -XX:MetaspaceSize=48m -XX:+UnlockDiagnosticVMOptions"
          + " -XX:-BytecodeVerificationRemote";

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
        .put("JAVA_TOOL_OPTIONS", JVM_OPTIONS)
        // Lambda freezes between invocations: the scheduled Dispatch function runs due work.
        .put("TASKFN_DISPATCH_POLL_INTERVAL", "0s")
        // Events come through the Lambda runtime; nothing is to listen on a port.
        .put("QUARKUS_HTTP_HOST_ENABLED", "false")
        .put("TASKFN_STORE", "dynamodb")
        .set("TASKFN_STORE_DYNAMODB_TABLE", ref(TABLE));
    ObjectNode resources = template.putObject("Resources");
    resources.set(TABLE, table());
    for (FunctionSpec spec : catalog.all()) {
      if (spec.memoryMb() < MIN_MEMORY_MB) {
        throw new IllegalStateException(
            spec.name()
                + ": memoryMb "
                + spec.memoryMb()
                + " is below "
                + MIN_MEMORY_MB
                + ", the least in which the runtime's JVM flags leave taskfn room for its classes");
      }
      ObjectNode properties =
          resources
              .putObject(spec.name() + "Function")
              .put("Type", "AWS::Serverless::Function")
              .putObject("Properties");
      properties.put("MemorySize", spec.memoryMb());
      properties.put("Timeout", spec.timeoutSeconds());
      ArrayNode policies = properties.putArray("Policies");
      policies.add("AWSLambdaBasicExecutionRole");
      policies.addObject().putObject("DynamoDBCrudPolicy").set("TableName", ref(TABLE));
      ObjectNode variables =
          properties
              .putObject("Environment")
              .putObject("Variables")
              .put("TASKFN_LAMBDA_FUNCTION", spec.name());
      if (!spec.name().equals(DISPATCH)) {
        // Due work a function creates starts at once: it invokes Dispatch asynchronously (its
        // published alias, which SnapStart restores). Which actions create due work follows the
        // code paths (a flow started by a flow, jobs enabled in a batch), so every function may;
        // the grant is to invoke Dispatch and nothing else.
        variables.set("TASKFN_LAMBDA_DISPATCH_FUNCTION", ref(DISPATCH + "Function.Alias"));
        policies
            .addObject()
            .putObject("LambdaInvokePolicy")
            .set("FunctionName", ref(DISPATCH + "Function"));
      }
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
    // The HTTP API SAM makes of the functions' HttpApi events; POST <ApiUrl>/<Action> calls one.
    template
        .putObject("Outputs")
        .putObject("ApiUrl")
        .put("Description", "Base URL of the HTTP API: POST <ApiUrl>/<Action>")
        .putObject("Value")
        .put(
            "Fn::Sub", "https://${ServerlessHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}");
    return template;
  }

  /** The function that runs due work, on its schedule and when invoked by the others. */
  static final String DISPATCH = "Dispatch";

  /** The logical id of the store's table. */
  static final String TABLE = "TaskfnTable";

  private static ObjectNode ref(String logicalId) {
    return YAML.createObjectNode().put("Ref", logicalId);
  }

  /** The store's table as CloudFormation declares it, named by the stack. */
  private static ObjectNode table() {
    var request = DynamoStoreBackend.tableRequest("unused");
    ObjectNode resource = YAML.createObjectNode().put("Type", "AWS::DynamoDB::Table");
    ObjectNode properties = resource.putObject("Properties");
    properties.put("BillingMode", request.billingModeAsString());
    ArrayNode attributes = properties.putArray("AttributeDefinitions");
    request
        .attributeDefinitions()
        .forEach(
            a ->
                attributes
                    .addObject()
                    .put("AttributeName", a.attributeName())
                    .put("AttributeType", a.attributeTypeAsString()));
    keySchema(properties.putArray("KeySchema"), request.keySchema());
    ArrayNode indexes = properties.putArray("GlobalSecondaryIndexes");
    for (var index : request.globalSecondaryIndexes()) {
      ObjectNode declared = indexes.addObject().put("IndexName", index.indexName());
      keySchema(declared.putArray("KeySchema"), index.keySchema());
      declared
          .putObject("Projection")
          .put("ProjectionType", index.projection().projectionTypeAsString());
    }
    properties
        .putObject("TimeToLiveSpecification")
        .put("AttributeName", DynamoStoreBackend.TTL)
        .put("Enabled", true);
    return resource;
  }

  private static void keySchema(ArrayNode declared, List<KeySchemaElement> keys) {
    keys.forEach(
        k ->
            declared
                .addObject()
                .put("AttributeName", k.attributeName())
                .put("KeyType", k.keyTypeAsString()));
  }

  /** Writes the template of the packaged functions.yaml to the path given. */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "target/sam.taskfn.yaml");
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, YAML.writeValueAsString(render(FunctionCatalog.loadFromClasspath())));
  }
}
