package io.taskfn.store;

import io.taskfn.support.PostgresServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

/** The contract on a real PostgreSQL, each test on a new database migrated as a server would. */
class PostgresStoreBackendTest extends StoreBackendContract {

  private static PostgresServer server;
  private static final AtomicInteger databases = new AtomicInteger();

  @BeforeAll
  static void startServer() throws Exception {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Override
  protected StoreBackend open() {
    try {
      PGSimpleDataSource dataSource = new PGSimpleDataSource();
      dataSource.setURL(server.createDatabase("contract" + databases.incrementAndGet()));
      dataSource.setUser(server.user());
      Flyway.configure()
          .dataSource(dataSource)
          .locations(PostgresStoreBackend.MIGRATIONS)
          .load()
          .migrate();
      return new PostgresStoreBackend(dataSource);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
