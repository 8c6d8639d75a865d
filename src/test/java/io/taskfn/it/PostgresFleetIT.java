package io.taskfn.it;

import io.taskfn.support.PostgresServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The fleet over one real PostgreSQL, each test on a new database. */
class PostgresFleetIT extends FleetChecks {

  private static PostgresServer postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Override
  protected String newStore(String name) throws Exception {
    return postgres.createDatabase(name);
  }

  @Override
  protected Map<String, String> storeProperties(String jdbcUrl) {
    return Map.of(
        "taskfn.store",
        "postgresql",
        "quarkus.datasource.active",
        "true",
        "quarkus.datasource.jdbc.url",
        jdbcUrl,
        "quarkus.datasource.username",
        postgres.user());
  }

  @Override
  protected int instances() {
    return Integer.getInteger("fleet.instances", 2_000);
  }
}
