package io.taskfn.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;

/** The default backend: an H2 file database in one directory, durable across restarts. */
public final class EmbeddedStoreBackend extends JdbcStoreBackend {

  private final JdbcConnectionPool pool;

  private EmbeddedStoreBackend(JdbcConnectionPool pool) {
    super(pool);
    this.pool = pool;
    List<String> statements = new ArrayList<>(SCHEMA);
    // Stores written before records could expire lack the column; CREATE TABLE keeps them as
    // they are.
    statements.add(1, "ALTER TABLE taskfn_record ADD COLUMN IF NOT EXISTS expires_at BIGINT");
    createSchema(statements);
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
