package io.taskfn.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The default backend: one SQLite database file in one directory, in write-ahead-log mode. Every
 * write goes through one connection ({@link GroupCommit}: writers that arrive together share a
 * commit); reads use a small pool of their own and never wait for writers.
 *
 * <p>A write has returned only once its commit is in the log, so it survives a crash of the process
 * ({@link Durability#PROCESS}, the default, where SQLite syncs the log to disk at checkpoints);
 * with {@link Durability#POWER_LOSS} the log is synced before every commit returns, so it also
 * survives a crash of the machine.
 */
public final class EmbeddedStoreBackend extends JdbcStoreBackend {

  /** What a write has survived once it returned. */
  public enum Durability {
    /** A crash or kill of the process: the commit is in the operating system's hands. */
    PROCESS("NORMAL"),
    /** A power loss or crash of the machine: the log is synced to disk at every commit. */
    POWER_LOSS("FULL");

    private final String synchronous;

    Durability(String synchronous) {
      this.synchronous = synchronous;
    }
  }

  static final String FILE_NAME = "taskfn.sqlite";
  private static final int READERS = 4;

  /**
   * How often a thread of the store copies the log's committed pages into the database file. SQLite
   * would otherwise do it in the writer, at the commit that fills a thousand pages of log, and with
   * the syncs of the database file a checkpoint makes, every writer queued behind that commit
   * waits. Copying pages moves nothing that is not already committed in the log. Not more often:
   * the first commit after a checkpoint copied the whole log starts the log over and syncs its
   * header (SQLite does so at synchronous=NORMAL), which is the one sync a writer still waits for
   * (every 200 ms, 52 of 1,000 StartSyncExecution calls waited for one; every second, 5:
   * bench/request-syncs.sh).
   */
  private static final long CHECKPOINT_INTERVAL_MILLIS = 1_000;

  /**
   * Pages of log past which the writer still checkpoints itself: the bound on the log if the
   * background checkpoints fall behind (readers holding old snapshots, a slow disk).
   */
  private static final int WRITER_CHECKPOINT_PAGES = 10_000;

  private static final Logger LOG = Logger.getLogger(EmbeddedStoreBackend.class);

  /** The schema, created when the database is new (SQLite reads the types as hints). */
  private static final List<String> SCHEMA =
      List.of(
          "CREATE TABLE IF NOT EXISTS taskfn_record (kind VARCHAR(64) NOT NULL, tenant"
              + " VARCHAR(128) NOT NULL, id VARCHAR(256) NOT NULL, version BIGINT NOT NULL, data"
              + " VARCHAR(1000000000) NOT NULL, index1 VARCHAR(512), index2 VARCHAR(512), due_at"
              + " BIGINT, lease_owner VARCHAR(128), lease_until BIGINT, expires_at BIGINT, PRIMARY"
              + " KEY (kind, tenant, id))",
          "CREATE INDEX IF NOT EXISTS taskfn_record_index1 ON taskfn_record (kind, tenant,"
              + " index1, id)",
          "CREATE INDEX IF NOT EXISTS taskfn_record_index2 ON taskfn_record (kind, tenant,"
              + " index2, id)",
          "CREATE INDEX IF NOT EXISTS taskfn_record_due ON taskfn_record (kind, due_at)",
          "CREATE INDEX IF NOT EXISTS taskfn_record_expiry ON taskfn_record (expires_at)",
          "CREATE TABLE IF NOT EXISTS taskfn_sequence (name VARCHAR(256) PRIMARY KEY,"
              + " next_value BIGINT NOT NULL)",
          "CREATE TABLE IF NOT EXISTS taskfn_index_count (kind VARCHAR(64) NOT NULL, tenant"
              + " VARCHAR(128) NOT NULL, slot INT NOT NULL, index_value VARCHAR(512) NOT NULL, n BIGINT"
              + " NOT NULL, PRIMARY KEY (kind, tenant, slot, index_value))");

  private void createSchema(List<String> statements) {
    try {
      inTransaction(
          c -> {
            for (String sql : statements) {
              try (var st = c.createStatement()) {
                st.execute(sql);
              }
            }
            return null;
          });
    } catch (SQLException e) {
      throw new StoreException("could not create the store schema", e);
    }
  }

  private final GroupCommit writer;
  private final Connection checkpointing;
  private final ScheduledExecutorService checkpoints;

  /**
   * The statements each connection has prepared, kept for its life: SQLite parses and plans a
   * statement when it is prepared, a large part of a short statement's cost. A connection is used
   * by one thread at a time (the writer under its lock, a reader while taken from the pool), and so
   * are its statements.
   */
  private final Map<Connection, Map<String, PreparedStatement>> prepared =
      new ConcurrentHashMap<>();

  private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
  private final List<Connection> allReaders = new ArrayList<>();

  private EmbeddedStoreBackend(Path file, Durability durability) throws SQLException {
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    Connection write = open(url);
    try (var st = write.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("PRAGMA synchronous=" + durability.synchronous);
      st.execute("PRAGMA wal_autocheckpoint=" + WRITER_CHECKPOINT_PAGES);
    }
    this.writer = new GroupCommit(write);
    createSchema(SCHEMA);
    for (int i = 0; i < READERS; i++) {
      Connection read = open(url);
      allReaders.add(read);
      readers.add(read);
    }
    this.checkpointing = open(url);
    try (var st = checkpointing.createStatement()) {
      st.execute("PRAGMA synchronous=" + durability.synchronous);
    }
    this.checkpoints =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "taskfn-store-checkpoint");
              t.setDaemon(true);
              return t;
            });
    checkpoints.scheduleWithFixedDelay(
        this::checkpointQuietly,
        CHECKPOINT_INTERVAL_MILLIS,
        CHECKPOINT_INTERVAL_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Copies what the log holds into the database without waiting for writers or readers (a passive
   * checkpoint); answers how many pages the log held and how many of them are now copied.
   */
  Checkpoint checkpoint() throws SQLException {
    synchronized (checkpointing) {
      try (var st = checkpointing.createStatement();
          var rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
        rs.next();
        return new Checkpoint(rs.getInt(2), rs.getInt(3));
      }
    }
  }

  /** The pages of log a checkpoint found ({@code logged}) and those copied to the database. */
  record Checkpoint(int logged, int copied) {}

  private void checkpointQuietly() {
    try {
      checkpoint();
    } catch (SQLException | RuntimeException e) {
      // The writer checkpoints itself past WRITER_CHECKPOINT_PAGES; nothing is lost meanwhile.
      LOG.debugf(e, "background checkpoint failed");
    }
  }

  /** A connection straight from the driver: DriverManager does not see it in every class loader. */
  private static Connection open(String url) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(10_000);
    return config.createConnection(url);
  }

  /** Opens (creating if needed) the database in {@code directory}. */
  public static EmbeddedStoreBackend open(Path directory, Durability durability) {
    try {
      Files.createDirectories(directory);
      return new EmbeddedStoreBackend(directory.resolve(FILE_NAME), durability);
    } catch (java.io.IOException | SQLException e) {
      throw new StoreException("could not open the store in " + directory, e);
    }
  }

  public static EmbeddedStoreBackend open(Path directory) {
    return open(directory, Durability.PROCESS);
  }

  @Override
  protected <T> T inTransaction(Work<T> work) throws SQLException {
    return writer.write(work);
  }

  @Override
  protected <T> T reading(Work<T> work) throws SQLException {
    Connection c;
    try {
      c = readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a connection to read with", e);
    }
    try {
      return work.run(c);
    } finally {
      readers.add(c);
    }
  }

  @Override
  protected Lent prepare(Connection c, String sql) throws SQLException {
    Map<String, PreparedStatement> kept = prepared.computeIfAbsent(c, k -> new HashMap<>());
    PreparedStatement statement = kept.get(sql);
    if (statement == null) {
      statement = c.prepareStatement(sql);
      kept.put(sql, statement);
    }
    return new Lent(statement, true);
  }

  @Override
  protected boolean isDuplicateKey(SQLException e) {
    return e instanceof SQLiteException s
        && (s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
            || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE);
  }

  @Override
  public void close() {
    checkpoints.shutdown();
    try {
      checkpoints.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      synchronized (checkpointing) {
        checkpointing.close();
      }
      writer.close();
      for (Connection c : allReaders) {
        c.close();
      }
    } catch (SQLException e) {
      throw new StoreException("could not close the embedded store cleanly", e);
    }
  }
}
