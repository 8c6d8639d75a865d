package io.taskfn.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;

/** The default backend: an H2 file database in one directory, durable across restarts. */
public final class EmbeddedStoreBackend extends JdbcStoreBackend {

  private final JdbcConnectionPool pool;

  private EmbeddedStoreBackend(JdbcConnectionPool pool) {
    super(pool);
    this.pool = pool;
    createSchema(
        List.of(
            "CREATE TABLE IF NOT EXISTS taskfn_record (kind VARCHAR(64) NOT NULL, tenant"
                + " VARCHAR(128) NOT NULL, id VARCHAR(256) NOT NULL, version BIGINT NOT NULL, data"
                + " CHARACTER LARGE OBJECT NOT NULL, index1 VARCHAR(512), index2 VARCHAR(512),"
                + " due_at BIGINT, lease_owner VARCHAR(128), lease_until BIGINT, PRIMARY KEY"
                + " (kind, tenant, id))",
            "CREATE INDEX IF NOT EXISTS taskfn_record_index1 ON taskfn_record (kind, tenant,"
                + " index1, id)",
            "CREATE INDEX IF NOT EXISTS taskfn_record_index2 ON taskfn_record (kind, tenant,"
                + " index2, id)",
            "CREATE INDEX IF NOT EXISTS taskfn_record_due ON taskfn_record (kind, due_at)",
            "CREATE TABLE IF NOT EXISTS taskfn_sequence (name VARCHAR(256) PRIMARY KEY,"
                + " next_value BIGINT NOT NULL)"));
  }

  /** Opens (creating if needed) the database in {@code directory}. */
  public static EmbeddedStoreBackend open(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (java.io.IOException e) {
      throw new StoreException("could not create the store directory " + directory, e);
    }
    String url =
        "jdbc:h2:file:"
            + directory.toAbsolutePath().resolve("taskfn")
            + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000";
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "taskfn", "");
    pool.setMaxConnections(32);
    return new EmbeddedStoreBackend(pool);
  }

  @Override
  protected boolean isDuplicateKey(SQLException e) {
    return e.getErrorCode() == ErrorCode.DUPLICATE_KEY_1;
  }

  @Override
  public void close() {
    try (var c = pool.getConnection();
        var st = c.createStatement()) {
      st.execute("SHUTDOWN");
    } catch (SQLException e) {
      throw new StoreException("could not shut the embedded store down cleanly", e);
    } finally {
      pool.dispose();
    }
  }
}
