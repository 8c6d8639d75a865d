package io.taskfn.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The backend for a fleet of servers: one PostgreSQL database that every server shares, through a
 * pooled data source. The schema comes from the Flyway migrations in {@code
 * db/migration/postgresql}. Concurrent writers meet in row locks and in the compare-and-set on each
 * record's version; index counts are updated in a fixed order, so they never deadlock.
 */
public final class PostgresStoreBackend extends JdbcStoreBackend {

  /** Where the migrations that create and change the schema live, for Flyway. */
  public static final String MIGRATIONS = "db/migration/postgresql";

  private final DataSource dataSource;

  public PostgresStoreBackend(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  protected <T> T inTransaction(Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  @Override
  protected <T> T reading(Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      return work.run(c);
    }
  }

  @Override
  protected boolean isDuplicateKey(SQLException e) {
    return "23505".equals(e.getSQLState());
  }

  /** The pool belongs to whoever made it (the Quarkus datasource): nothing to close here. */
  @Override
  public void close() {}
}
