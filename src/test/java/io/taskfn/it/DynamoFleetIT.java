package io.taskfn.it;

import io.taskfn.support.Dynalite;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The fleet over one DynamoDB table (dynalite), each test on a new table that the first server
 * creates at start, as {@code taskfn.store.dynamodb.create-table} does in a deployment.
 */
class DynamoFleetIT extends FleetChecks {

  private static Dynalite dynalite;

  @BeforeAll
  static void startDynalite() throws Exception {
    dynalite = Dynalite.start();
  }

  @AfterAll
  static void stopDynalite() throws Exception {
    dynalite.close();
  }

  @Override
  protected String newStore(String name) {
    return name;
  }

  @Override
  protected Map<String, String> storeProperties(String table) {
    return Map.of(
        "taskfn.store", "dynamodb",
        "taskfn.store.dynamodb.table", table,
        "taskfn.store.dynamodb.create-table", "true",
        "quarkus.dynamodb.endpoint-override", dynalite.endpoint().toString(),
        "quarkus.dynamodb.aws.region", "us-east-1",
        "quarkus.dynamodb.aws.credentials.type", "static",
        "quarkus.dynamodb.aws.credentials.static-provider.access-key-id", "taskfn",
        "quarkus.dynamodb.aws.credentials.static-provider.secret-access-key", "taskfn");
  }

  /** dynalite (one single-threaded node process) answers each call in tens of ms under load. */
  @Override
  protected String lease() {
    return "10s";
  }

  /** dynalite answers far slower than DynamoDB or PostgreSQL: a smaller burst by default. */
  @Override
  protected int instances() {
    return Integer.getInteger("fleet.dynamodb.instances", 400);
  }
}
