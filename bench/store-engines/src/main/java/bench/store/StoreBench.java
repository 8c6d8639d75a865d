package bench.store;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Compares embedded engines for the taskfn record table: write throughput and latency, durability
 * of acknowledged writes under SIGKILL, and read latency on a large table. Usage:
 *
 * <pre>
 *   StoreBench all|throughput|kill|read|fsync|dialect [candidate,...]
 *   StoreBench child CANDIDATE DIR        (used by the kill test)
 *   StoreBench count CANDIDATE DIR N      (used by the fsync test)
 * </pre>
 *
 * Settings are system properties: threads (8), warmup (2 s), seconds (8 s), trials (3), acks
 * (2000), rows (200000), readSeconds (3), dir (./target/data).
 */
public final class StoreBench {

  static final String KIND = "instance";
  static final String TENANT = "default";
  static final String COLUMNS =
      "kind, tenant, id, version, data, index1, index2, due_at, lease_owner, lease_until";

  static final int THREADS = Integer.getInteger("threads", 8);
  static final double WARMUP = Double.parseDouble(System.getProperty("warmup", "2"));
  static final double SECONDS = Double.parseDouble(System.getProperty("seconds", "8"));
  static final int TRIALS = Integer.getInteger("trials", 3);
  static final int ACKS = Integer.getInteger("acks", 2000);
  static final int ROWS = Integer.getInteger("rows", 200_000);
  static final double READ_SECONDS = Double.parseDouble(System.getProperty("readSeconds", "3"));
  static final Path DIR = Paths.get(System.getProperty("dir", "target/data")).toAbsolutePath();

  /** The engines and settings compared; the name is what the tables print. */
  enum Candidate {
    H2("h2 (as today: CLOB, WRITE_DELAY default 500 ms)"),
    H2_WD0("h2 WRITE_DELAY=0, CLOB"),
    H2_WD0_VARCHAR("h2 WRITE_DELAY=0, VARCHAR"),
    SQLITE_NORMAL("sqlite WAL synchronous=NORMAL, 1 writer + lock"),
    SQLITE_FULL("sqlite WAL synchronous=FULL, 1 writer + lock"),
    SQLITE_FULL_GROUP("sqlite WAL synchronous=FULL, group commit");

    final String label;

    Candidate(String label) {
      this.label = label;
    }

    String cli() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Candidate parse(String s) {
      return valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    Store open(Path dir) throws SQLException {
      return switch (this) {
        case H2 -> new H2Store(dir, false, true);
        case H2_WD0 -> new H2Store(dir, true, true);
        case H2_WD0_VARCHAR -> new H2Store(dir, true, false);
        case SQLITE_NORMAL -> new SqliteStore(dir, "NORMAL", false);
        case SQLITE_FULL -> new SqliteStore(dir, "FULL", false);
        case SQLITE_FULL_GROUP -> new SqliteStore(dir, "FULL", true);
      };
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The record and the SQL, shaped like taskfn's JdbcStoreBackend.

  record Rec(
      String id,
      long version,
      String data,
      String index1,
      String index2,
      Long dueAt,
      String leaseOwner,
      Long leaseUntil) {}

  @FunctionalInterface
  interface SqlFn<T> {
    T apply(Connection c) throws SQLException;
  }

  static final class Sql {
    static final String INSERT =
        "INSERT INTO taskfn_record (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)";
    static final String FIND =
        "SELECT " + COLUMNS + " FROM taskfn_record WHERE kind=? AND tenant=? AND id=?";
    static final String CAS =
        "UPDATE taskfn_record SET version=?, data=?, index1=?, index2=?, due_at=?, lease_owner=?,"
            + " lease_until=? WHERE kind=? AND tenant=? AND id=? AND version=?";
    static final String RANGE =
        "SELECT "
            + COLUMNS
            + " FROM taskfn_record WHERE kind=? AND tenant=? AND index1=? ORDER BY id DESC LIMIT ?";
    /**
     * The same rows, ordered by every column of the index: H2 only reads the index in order (and
     * stops after 20) when ORDER BY names the equality-bound leading columns too.
     */
    static final String RANGE_FULL_ORDER =
        "SELECT "
            + COLUMNS
            + " FROM taskfn_record WHERE kind=? AND tenant=? AND index1=? ORDER BY kind DESC,"
            + " tenant DESC, index1 DESC, id DESC LIMIT ?";

    static void insert(Connection c, Rec r) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        bindInsert(ps, r);
        ps.executeUpdate();
      }
    }

    static void bindInsert(PreparedStatement ps, Rec r) throws SQLException {
      ps.setString(1, KIND);
      ps.setString(2, TENANT);
      ps.setString(3, r.id());
      ps.setLong(4, r.version());
      ps.setString(5, r.data());
      ps.setString(6, r.index1());
      ps.setString(7, r.index2());
      setLong(ps, 8, r.dueAt());
      ps.setString(9, r.leaseOwner());
      setLong(ps, 10, r.leaseUntil());
    }

    static Rec find(Connection c, String id) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(FIND)) {
        ps.setString(1, KIND);
        ps.setString(2, TENANT);
        ps.setString(3, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? read(rs) : null;
        }
      }
    }

    /** UPDATE ... WHERE version=expected; false when another writer got there first. */
    static boolean cas(Connection c, Rec r, String newData) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(CAS)) {
        ps.setLong(1, r.version() + 1);
        ps.setString(2, newData);
        ps.setString(3, r.index1());
        ps.setString(4, r.index2());
        setLong(ps, 5, r.dueAt());
        ps.setString(6, r.leaseOwner());
        setLong(ps, 7, r.leaseUntil());
        ps.setString(8, KIND);
        ps.setString(9, TENANT);
        ps.setString(10, r.id());
        ps.setLong(11, r.version());
        return ps.executeUpdate() == 1;
      }
    }

    static List<Rec> range(Connection c, String index1, int limit, boolean fullOrder)
        throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(fullOrder ? RANGE_FULL_ORDER : RANGE)) {
        ps.setString(1, KIND);
        ps.setString(2, TENANT);
        ps.setString(3, index1);
        ps.setInt(4, limit);
        List<Rec> out = new ArrayList<>(limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(read(rs));
          }
        }
        return out;
      }
    }

    static void bulk(Connection c, List<Rec> rows) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        for (Rec r : rows) {
          bindInsert(ps, r);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }

    static Set<String> allIds(Connection c) throws SQLException {
      Set<String> ids = new HashSet<>();
      try (PreparedStatement ps =
          c.prepareStatement("SELECT id FROM taskfn_record WHERE kind=? AND tenant=?")) {
        ps.setString(1, KIND);
        ps.setString(2, TENANT);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
      }
      return ids;
    }

    static String firstColumn(Connection c, String sql) throws SQLException {
      StringBuilder sb = new StringBuilder();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(sql)) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= n; i++) {
            sb.append(i > 1 ? " | " : sb.length() > 0 ? "; " : "").append(rs.getString(i));
          }
        }
      }
      return sb.toString().replaceAll("\\s+", " ");
    }

    static void execAll(Connection c, List<String> statements) throws SQLException {
      for (String sql : statements) {
        try (Statement st = c.createStatement()) {
          st.execute(sql);
        }
      }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
      if (v == null) {
        ps.setNull(i, Types.BIGINT);
      } else {
        ps.setLong(i, v);
      }
    }

    private static Rec read(ResultSet rs) throws SQLException {
      long due = rs.getLong("due_at");
      Long dueAt = rs.wasNull() ? null : due;
      long until = rs.getLong("lease_until");
      Long leaseUntil = rs.wasNull() ? null : until;
      return new Rec(
          rs.getString("id"),
          rs.getLong("version"),
          rs.getString("data"),
          rs.getString("index1"),
          rs.getString("index2"),
          dueAt,
          rs.getString("lease_owner"),
          leaseUntil);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Stores.

  interface Store extends AutoCloseable {
    void insert(Rec r) throws SQLException;

    Rec find(String id) throws SQLException;

    boolean cas(Rec r, String newData) throws SQLException;

    List<Rec> range(String index1, int limit, boolean fullOrder) throws SQLException;

    /** Inserts the rows in one transaction. */
    void bulk(List<Rec> rows) throws SQLException;

    Set<String> allIds() throws SQLException;

    boolean isDuplicate(SQLException e);

    /** The settings as the engine reports them back. */
    String settings() throws SQLException;

    String explainRange() throws SQLException;

    String stats();

    @Override
    void close() throws SQLException;
  }

  /** As taskfn's EmbeddedStoreBackend: an H2 JdbcConnectionPool, every statement autocommitted. */
  static final class H2Store implements Store {
    private final JdbcConnectionPool pool;

    H2Store(Path dir, boolean writeDelay0, boolean clob) throws SQLException {
      String url =
          "jdbc:h2:file:"
              + dir.resolve("taskfn")
              + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000"
              + (writeDelay0 ? ";WRITE_DELAY=0" : "");
      pool = JdbcConnectionPool.create(url, "taskfn", "");
      pool.setMaxConnections(32);
      String data = clob ? "CHARACTER LARGE OBJECT" : "CHARACTER VARYING";
      try (Connection c = pool.getConnection()) {
        Sql.execAll(
            c,
            List.of(
                "CREATE TABLE IF NOT EXISTS taskfn_record (kind VARCHAR(64) NOT NULL, tenant"
                    + " VARCHAR(128) NOT NULL, id VARCHAR(256) NOT NULL, version BIGINT NOT NULL,"
                    + " data "
                    + data
                    + " NOT NULL, index1 VARCHAR(512), index2 VARCHAR(512), due_at BIGINT,"
                    + " lease_owner VARCHAR(128), lease_until BIGINT, PRIMARY KEY (kind, tenant,"
                    + " id))",
                "CREATE INDEX IF NOT EXISTS taskfn_record_index1 ON taskfn_record (kind, tenant,"
                    + " index1, id)",
                "CREATE INDEX IF NOT EXISTS taskfn_record_index2 ON taskfn_record (kind, tenant,"
                    + " index2, id)",
                "CREATE INDEX IF NOT EXISTS taskfn_record_due ON taskfn_record (kind, due_at)"));
      }
    }

    private <T> T with(SqlFn<T> fn) throws SQLException {
      try (Connection c = pool.getConnection()) {
        return fn.apply(c);
      }
    }

    @Override
    public void insert(Rec r) throws SQLException {
      with(c -> {
        Sql.insert(c, r);
        return null;
      });
    }

    @Override
    public Rec find(String id) throws SQLException {
      return with(c -> Sql.find(c, id));
    }

    @Override
    public boolean cas(Rec r, String newData) throws SQLException {
      return with(c -> Sql.cas(c, r, newData));
    }

    @Override
    public List<Rec> range(String index1, int limit, boolean fullOrder) throws SQLException {
      return with(c -> Sql.range(c, index1, limit, fullOrder));
    }

    @Override
    public void bulk(List<Rec> rows) throws SQLException {
      with(
          c -> {
            c.setAutoCommit(false);
            try {
              Sql.bulk(c, rows);
              c.commit();
            } finally {
              c.setAutoCommit(true);
            }
            return null;
          });
    }

    @Override
    public Set<String> allIds() throws SQLException {
      return with(Sql::allIds);
    }

    @Override
    public boolean isDuplicate(SQLException e) {
      return e.getErrorCode() == ErrorCode.DUPLICATE_KEY_1;
    }

    @Override
    public String settings() throws SQLException {
      return with(
          c ->
              Sql.firstColumn(
                  c,
                  "SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE"
                      + " SETTING_NAME IN ('WRITE_DELAY', 'info.VERSION', 'LOCK_TIMEOUT',"
                      + " 'CACHE_SIZE')"));
    }

    @Override
    public String explainRange() throws SQLException {
      return with(
          c ->
              Sql.firstColumn(
                  c,
                  "EXPLAIN ANALYZE " + literal(Sql.RANGE))
                  + "` / full ORDER BY: `"
                  + Sql.firstColumn(c, "EXPLAIN ANALYZE " + literal(Sql.RANGE_FULL_ORDER)));
    }

    @Override
    public String stats() {
      return "";
    }

    @Override
    public void close() throws SQLException {
      try (Connection c = pool.getConnection();
          Statement st = c.createStatement()) {
        st.execute("SHUTDOWN");
      } finally {
        pool.dispose();
      }
    }
  }

  /**
   * SQLite in WAL mode: one write connection (behind a lock, or fed by a group-commit thread) and a
   * small pool of read connections.
   */
  static final class SqliteStore implements Store {
    private static final int READERS = 4;
    private static final int MAX_BATCH = 256;

    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final List<Connection> allReaders = new ArrayList<>();
    private final String synchronous;
    private final boolean group;
    private final LinkedBlockingQueue<WriteRequest> queue = new LinkedBlockingQueue<>();
    private final Thread groupThread;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong batchedWrites = new AtomicLong();
    private volatile boolean closing;

    private record WriteRequest(SqlFn<?> fn, CompletableFuture<Object> done) {}

    SqliteStore(Path dir, String synchronous, boolean group) throws SQLException {
      this.synchronous = synchronous;
      this.group = group;
      String url = "jdbc:sqlite:" + dir.resolve("taskfn.db");
      writer = open(url, synchronous);
      Sql.execAll(
          writer,
          List.of(
              "CREATE TABLE IF NOT EXISTS taskfn_record (kind TEXT NOT NULL, tenant TEXT NOT NULL,"
                  + " id TEXT NOT NULL, version INTEGER NOT NULL, data TEXT NOT NULL, index1 TEXT,"
                  + " index2 TEXT, due_at INTEGER, lease_owner TEXT, lease_until INTEGER, PRIMARY"
                  + " KEY (kind, tenant, id))",
              "CREATE INDEX IF NOT EXISTS taskfn_record_index1 ON taskfn_record (kind, tenant,"
                  + " index1, id)",
              "CREATE INDEX IF NOT EXISTS taskfn_record_index2 ON taskfn_record (kind, tenant,"
                  + " index2, id)",
              "CREATE INDEX IF NOT EXISTS taskfn_record_due ON taskfn_record (kind, due_at)"));
      for (int i = 0; i < READERS; i++) {
        Connection r = open(url, synchronous);
        allReaders.add(r);
        readers.add(r);
      }
      if (group) {
        groupThread = new Thread(this::groupLoop, "sqlite-group-writer");
        groupThread.setDaemon(true);
        groupThread.start();
      } else {
        groupThread = null;
      }
    }

    private static Connection open(String url, String synchronous) throws SQLException {
      Connection c = DriverManager.getConnection(url);
      Sql.execAll(
          c,
          List.of(
              "PRAGMA journal_mode=WAL",
              "PRAGMA synchronous=" + synchronous,
              "PRAGMA busy_timeout=10000"));
      return c;
    }

    private <T> T read(SqlFn<T> fn) throws SQLException {
      Connection c;
      try {
        c = readers.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted", e);
      }
      try {
        return fn.apply(c);
      } finally {
        readers.add(c);
      }
    }

    @SuppressWarnings("unchecked")
    private <T> T write(SqlFn<T> fn) throws SQLException {
      if (!group) {
        writeLock.lock();
        try {
          return fn.apply(writer);
        } finally {
          writeLock.unlock();
        }
      }
      CompletableFuture<Object> done = new CompletableFuture<>();
      queue.add(new WriteRequest(fn, done));
      try {
        return (T) done.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof SQLException s) {
          throw s;
        }
        throw new SQLException(e.getCause());
      }
    }

    /**
     * Group commit: take every request waiting, run them in one transaction, commit (one WAL fsync
     * under synchronous=FULL), then acknowledge each. A statement that fails (e.g. duplicate key)
     * is rolled back alone by SQLite (ABORT) and reported to its caller; the others commit.
     */
    private void groupLoop() {
      List<WriteRequest> batch = new ArrayList<>(MAX_BATCH);
      while (!closing || !queue.isEmpty()) {
        WriteRequest first;
        try {
          first = queue.poll(50, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          return;
        }
        if (first == null) {
          continue;
        }
        batch.clear();
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        Object[] results = new Object[batch.size()];
        SQLException[] errors = new SQLException[batch.size()];
        try (Statement st = writer.createStatement()) {
          st.execute("BEGIN IMMEDIATE");
          try {
            for (int i = 0; i < batch.size(); i++) {
              try {
                results[i] = batch.get(i).fn().apply(writer);
              } catch (SQLException e) {
                errors[i] = e;
              }
            }
            st.execute("COMMIT");
          } catch (SQLException e) {
            try {
              st.execute("ROLLBACK");
            } catch (SQLException ignored) {
              // nothing more to undo
            }
            throw e;
          }
          batches.incrementAndGet();
          batchedWrites.addAndGet(batch.size());
          for (int i = 0; i < batch.size(); i++) {
            if (errors[i] != null) {
              batch.get(i).done().completeExceptionally(errors[i]);
            } else {
              batch.get(i).done().complete(results[i]);
            }
          }
        } catch (SQLException e) {
          for (WriteRequest r : batch) {
            r.done().completeExceptionally(e);
          }
        }
      }
    }

    @Override
    public void insert(Rec r) throws SQLException {
      write(
          c -> {
            Sql.insert(c, r);
            return null;
          });
    }

    @Override
    public Rec find(String id) throws SQLException {
      return read(c -> Sql.find(c, id));
    }

    @Override
    public boolean cas(Rec r, String newData) throws SQLException {
      return write(c -> Sql.cas(c, r, newData));
    }

    @Override
    public List<Rec> range(String index1, int limit, boolean fullOrder) throws SQLException {
      return read(c -> Sql.range(c, index1, limit, fullOrder));
    }

    @Override
    public void bulk(List<Rec> rows) throws SQLException {
      writeLock.lock();
      try (Statement st = writer.createStatement()) {
        st.execute("BEGIN IMMEDIATE");
        try {
          Sql.bulk(writer, rows);
          st.execute("COMMIT");
        } catch (SQLException e) {
          st.execute("ROLLBACK");
          throw e;
        }
      } finally {
        writeLock.unlock();
      }
    }

    @Override
    public Set<String> allIds() throws SQLException {
      return read(Sql::allIds);
    }

    @Override
    public boolean isDuplicate(SQLException e) {
      return e instanceof SQLiteException s
          && (s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
              || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE);
    }

    @Override
    public String settings() throws SQLException {
      writeLock.lock();
      try {
        return "sqlite_version="
            + Sql.firstColumn(writer, "SELECT sqlite_version()")
            + " journal_mode="
            + Sql.firstColumn(writer, "PRAGMA journal_mode")
            + " synchronous="
            + Sql.firstColumn(writer, "PRAGMA synchronous")
            + " (requested "
            + synchronous
            + ") busy_timeout="
            + Sql.firstColumn(writer, "PRAGMA busy_timeout")
            + (group ? " group-commit" : " writer-lock");
      } finally {
        writeLock.unlock();
      }
    }

    @Override
    public String explainRange() throws SQLException {
      return read(
          c ->
              Sql.firstColumn(
                  c,
                  "EXPLAIN QUERY PLAN " + literal(Sql.RANGE))
                  + "` / full ORDER BY: `"
                  + Sql.firstColumn(c, "EXPLAIN QUERY PLAN " + literal(Sql.RANGE_FULL_ORDER)));
    }

    @Override
    public String stats() {
      long b = batches.get();
      return group && b > 0
          ? String.format(Locale.ROOT, "avg batch %.1f writes", (double) batchedWrites.get() / b)
          : "";
    }

    @Override
    public void close() throws SQLException {
      closing = true;
      if (groupThread != null) {
        try {
          groupThread.join(10_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      for (Connection r : allReaders) {
        r.close();
      }
      writer.close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Data.

  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

  /** About 1 KB of JSON, shaped like an instance record, with an incompressible payload. */
  static String json(String id, Random rnd) {
    StringBuilder sb = new StringBuilder(1100);
    sb.append("{\"id\":\"")
        .append(id)
        .append("\",\"job\":\"job-")
        .append(rnd.nextInt(1000))
        .append("\",\"namespace\":\"default\",\"state\":\"WAITING\",\"attempt\":1,")
        .append("\"created\":\"2026-11-24T10:00:00Z\",\"input\":{\"payload\":\"");
    while (sb.length() < 1010) {
      sb.append(ALPHABET[rnd.nextInt(ALPHABET.length)]);
    }
    return sb.append("\"}}").toString();
  }

  static Rec newRec(String id, long n, Random rnd) {
    return new Rec(
        id,
        1,
        json(id, rnd),
        "job-" + (n % 1000),
        "ns-" + (n % 10),
        n % 2 == 0 ? 1_800_000_000_000L + n : null,
        null,
        null);
  }

  // ---------------------------------------------------------------------------------------------
  // Measurement.

  static final class Latencies {
    private long[] values = new long[1 << 14];
    private int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    static long[] merge(List<Latencies> all) {
      int n = all.stream().mapToInt(l -> l.size).sum();
      long[] out = new long[n];
      int i = 0;
      for (Latencies l : all) {
        System.arraycopy(l.values, 0, out, i, l.size);
        i += l.size;
      }
      Arrays.sort(out);
      return out;
    }

    static double pctMillis(long[] sorted, double p) {
      if (sorted.length == 0) {
        return Double.NaN;
      }
      int idx = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
      return sorted[Math.max(0, idx)] / 1e6;
    }
  }

  @FunctionalInterface
  interface Op {
    /** Runs one operation and returns its type (an index into the load's type names). */
    int run(int thread, long seq, ThreadLocalRandom rnd) throws Exception;
  }

  record LoadResult(double opsPerSecond, long ops, long errors, String[] types, long[][] latencies) {
    double p(int type, double p) {
      return Latencies.pctMillis(latencies[type], p);
    }

    long count(int type) {
      return latencies[type].length;
    }
  }

  static LoadResult runLoad(int threads, double warmup, double seconds, String[] types, Op op)
      throws InterruptedException {
    long start = System.nanoTime();
    long measureFrom = start + (long) (warmup * 1e9);
    long end = measureFrom + (long) (seconds * 1e9);
    List<List<Latencies>> lat = new ArrayList<>();
    for (int t = 0; t < types.length; t++) {
      lat.add(new ArrayList<>());
    }
    AtomicLong errors = new AtomicLong();
    AtomicReference<Throwable> firstError = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      int thread = i;
      Latencies[] mine = new Latencies[types.length];
      for (int t = 0; t < types.length; t++) {
        mine[t] = new Latencies();
        lat.get(t).add(mine[t]);
      }
      workers.add(
          new Thread(
              () -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                long seq = 0;
                while (true) {
                  long t0 = System.nanoTime();
                  if (t0 >= end) {
                    break;
                  }
                  try {
                    int type = op.run(thread, seq++, rnd);
                    long t1 = System.nanoTime();
                    if (t0 >= measureFrom && t1 <= end) {
                      mine[type].add(t1 - t0);
                    }
                  } catch (Throwable e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, e);
                  }
                }
              },
              "load-" + i));
    }
    workers.forEach(Thread::start);
    for (Thread w : workers) {
      w.join();
    }
    if (firstError.get() != null) {
      System.err.println("  first error of " + errors.get() + ": " + firstError.get());
    }
    long[][] merged = new long[types.length][];
    long ops = 0;
    for (int t = 0; t < types.length; t++) {
      merged[t] = Latencies.merge(lat.get(t));
      ops += merged[t].length;
    }
    return new LoadResult(ops / seconds, ops, errors.get(), types, merged);
  }

  // ---------------------------------------------------------------------------------------------
  // a. Write throughput: inserts, then a mixed load.

  record ThroughputRow(
      Candidate c,
      LoadResult insert,
      LoadResult mixed,
      long conflicts,
      String stats,
      double fsyncP50) {}

  static ThroughputRow throughput(Candidate cand) throws Exception {
    Path dir = fresh(cand.cli() + "-throughput");
    double fsync = fsyncProbeP50();
    try (Store store = cand.open(dir)) {
      log("  " + cand.cli() + ": " + store.settings());
      AtomicLongArray inserted = new AtomicLongArray(THREADS);
      LoadResult ins =
          runLoad(
              THREADS,
              WARMUP,
              SECONDS,
              new String[] {"insert"},
              (t, seq, rnd) -> {
                store.insert(newRec("a-" + t + "-" + seq, seq, rnd));
                inserted.incrementAndGet(t);
                return 0;
              });
      AtomicLong conflicts = new AtomicLong();
      String[] types = {"insert", "read", "cas"};
      LoadResult mixed =
          runLoad(
              THREADS,
              WARMUP,
              SECONDS,
              types,
              (t, seq, rnd) -> {
                int type = rnd.nextInt(3);
                if (type == 0) {
                  store.insert(newRec("m-" + t + "-" + seq, seq, rnd));
                  return 0;
                }
                int owner = rnd.nextInt(THREADS);
                long n = inserted.get(owner);
                String id = "a-" + owner + "-" + (n == 0 ? 0 : rnd.nextLong(n));
                Rec r = store.find(id);
                if (type == 1) {
                  return 1;
                }
                if (!store.cas(r, json(id, rnd))) {
                  conflicts.incrementAndGet();
                }
                return 2;
              });
      return new ThroughputRow(cand, ins, mixed, conflicts.get(), store.stats(), fsync);
    } finally {
      delete(dir);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // b. Durability under SIGKILL.

  record KillTrial(int acked, int missing, int unacked, double acksPerSecond) {}

  static KillTrial killTrial(Candidate cand, int trial) throws Exception {
    Path dir = fresh(cand.cli() + "-kill-" + trial);
    Path err = DIR.resolve(cand.cli() + "-kill-" + trial + ".stderr");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "-Dthreads=" + THREADS,
                StoreBench.class.getName(),
                "child",
                cand.cli(),
                dir.toString())
            .redirectError(err.toFile())
            .start();
    Set<String> acked = new HashSet<>();
    long firstAck = 0;
    long killedAt = 0;
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean ready = false;
      while ((line = in.readLine()) != null) {
        if (!ready) {
          ready = line.equals("READY");
          continue;
        }
        if (acked.isEmpty()) {
          firstAck = System.nanoTime();
        }
        acked.add(line);
        if (acked.size() == ACKS && killedAt == 0) {
          killedAt = System.nanoTime();
          // SIGKILL. Through the ProcessHandle, not Process.destroyForcibly(): the latter also
          // closes our end of the child's stdout, losing the acks already in the pipe.
          p.toHandle().destroyForcibly();
        }
        // Lines already in the pipe when the kill lands were acknowledged too: keep reading.
      }
    }
    p.waitFor();
    if (killedAt == 0) {
      throw new IllegalStateException(
          "child ended before " + ACKS + " acks; see " + err + ": " + Files.readString(err));
    }
    Set<String> present;
    try (Store store = cand.open(dir)) {
      present = store.allIds();
    }
    int missing = 0;
    for (String id : acked) {
      if (!present.contains(id)) {
        missing++;
      }
    }
    int unacked = 0;
    for (String id : present) {
      if (!acked.contains(id)) {
        unacked++;
      }
    }
    delete(dir);
    Files.deleteIfExists(err);
    double secs = (killedAt - firstAck) / 1e9;
    return new KillTrial(acked.size(), missing, unacked, ACKS / Math.max(secs, 1e-9));
  }

  /** The child of the kill test: insert from THREADS threads, print each acknowledged id. */
  static void child(Candidate cand, Path dir) throws Exception {
    PrintStream out =
        new PrintStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 12),
            false,
            StandardCharsets.UTF_8);
    Store store = cand.open(dir);
    out.println("READY");
    out.flush();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      int t = i;
      threads.add(
          new Thread(
              () -> {
                Random rnd = new Random(t);
                for (long n = 0; ; n++) {
                  String id = "k-" + t + "-" + n;
                  try {
                    store.insert(newRec(id, n, rnd));
                  } catch (SQLException e) {
                    e.printStackTrace();
                    System.exit(3);
                  }
                  synchronized (out) {
                    out.println(id);
                    out.flush();
                  }
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // c. Reads on a large table.

  record ReadRow(
      String engine,
      int rows,
      double buildSeconds,
      long bytes,
      LoadResult pk1,
      LoadResult range1,
      LoadResult pk8,
      LoadResult range8,
      LoadResult rangeFull1,
      String plan) {}

  static ReadRow reads(String engine, Candidate cand) throws Exception {
    Path dir = fresh(cand.cli() + "-read");
    try {
      double build;
      String plan;
      LoadResult pk1;
      LoadResult range1;
      LoadResult pk8;
      LoadResult range8;
      LoadResult rangeFull1;
      try (Store store = cand.open(dir)) {
        Random rnd = new Random(42);
        long t0 = System.nanoTime();
        int batchSize = 1000;
        for (int from = 0; from < ROWS; from += batchSize) {
          List<Rec> batch = new ArrayList<>(batchSize);
          for (int n = from; n < Math.min(ROWS, from + batchSize); n++) {
            batch.add(newRec(id(n), n, rnd));
          }
          store.bulk(batch);
          if (from > 0 && from % 200_000 == 0) {
            log(String.format(Locale.ROOT, "  %s: %,d rows in %.0f s", engine, from, (System.nanoTime() - t0) / 1e9));
          }
        }
        build = (System.nanoTime() - t0) / 1e9;
        plan = store.explainRange();
        Op pk =
            (t, seq, r) -> {
              if (store.find(id(r.nextInt(ROWS))) == null) {
                throw new IllegalStateException("missing row");
              }
              return 0;
            };
        Op range =
            (t, seq, r) -> {
              if (store.range("job-" + r.nextInt(1000), 20, false).size() != 20) {
                throw new IllegalStateException("short range");
              }
              return 0;
            };
        Op rangeFull =
            (t, seq, r) -> {
              if (store.range("job-" + r.nextInt(1000), 20, true).size() != 20) {
                throw new IllegalStateException("short range");
              }
              return 0;
            };
        String[] one = {"op"};
        pk1 = runLoad(1, 1, READ_SECONDS, one, pk);
        range1 = runLoad(1, 1, READ_SECONDS, one, range);
        pk8 = runLoad(THREADS, 1, READ_SECONDS, one, pk);
        range8 = runLoad(THREADS, 1, READ_SECONDS, one, range);
        rangeFull1 = runLoad(1, 1, READ_SECONDS, one, rangeFull);
      }
      long bytes = size(dir);
      return new ReadRow(engine, ROWS, build, bytes, pk1, range1, pk8, range8, rangeFull1, plan);
    } finally {
      delete(dir);
    }
  }

  static String literal(String rangeSql) {
    return rangeSql
        .replaceFirst("\\?", "'instance'")
        .replaceFirst("\\?", "'default'")
        .replaceFirst("\\?", "'job-7'")
        .replaceFirst("\\?", "20");
  }

  static String id(int n) {
    return String.format(Locale.ROOT, "r%09d", n);
  }

  // ---------------------------------------------------------------------------------------------
  // fsync count per commit (needs strace) and dialect checks.

  /** Inserts n records from one thread and exits normally (for counting fsyncs under strace). */
  static void count(Candidate cand, Path dir, int n) throws Exception {
    try (Store store = cand.open(dir)) {
      Random rnd = new Random(1);
      for (int i = 0; i < n; i++) {
        store.insert(newRec("c-" + i, i, rnd));
      }
    }
  }

  static String fsyncs(Candidate cand, int n) throws Exception {
    Path dir = fresh(cand.cli() + "-fsync");
    // Create the schema first so that only the inserts are counted.
    try (Store s = cand.open(dir)) {
      s.settings();
    }
    Path trace = DIR.resolve(cand.cli() + ".strace");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                "strace",
                "-f",
                "-c",
                "-o",
                trace.toString(),
                "-e",
                "trace=fsync,fdatasync,sync_file_range,msync",
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                StoreBench.class.getName(),
                "count",
                cand.cli(),
                dir.toString(),
                Integer.toString(n))
            .inheritIO()
            .start();
    if (p.waitFor() != 0) {
      return "strace failed";
    }
    StringBuilder sb = new StringBuilder();
    for (String line : Files.readAllLines(trace)) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 5 && f[f.length - 1].matches("fsync|fdatasync|sync_file_range|msync")) {
        // columns: %time seconds usecs/call calls [errors] syscall
        sb.append(f[f.length - 1]).append('=').append(f.length == 6 ? f[3] : f[3]).append(' ');
      }
    }
    Files.deleteIfExists(trace);
    delete(dir);
    return sb.length() == 0 ? "none" : sb.toString().trim();
  }

  static double fsyncProbeP50() throws IOException {
    return Latencies.pctMillis(fsyncLatencies(200), 0.5);
  }

  /** What one 4 KiB write + fdatasync costs on this disk: the floor under synchronous=FULL. */
  static String fsyncProbe() throws IOException {
    int n = 500;
    long[] lat = fsyncLatencies(n);
    return String.format(
        Locale.ROOT,
        "fsync probe (4 KiB write + fdatasync, %d times): p50 %.3f ms, p99 %.3f ms",
        n,
        Latencies.pctMillis(lat, 0.5),
        Latencies.pctMillis(lat, 0.99));
  }

  static long[] fsyncLatencies(int n) throws IOException {
    Path f = DIR.resolve("fsync-probe");
    long[] lat = new long[n];
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(4096);
    try (java.nio.channels.FileChannel ch =
        java.nio.channels.FileChannel.open(
            f,
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.WRITE,
            java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
      for (int i = 0; i < n; i++) {
        buf.clear();
        long t0 = System.nanoTime();
        ch.write(buf, (long) i * 4096);
        ch.force(false);
        lat[i] = System.nanoTime() - t0;
      }
    } finally {
      Files.deleteIfExists(f);
    }
    Arrays.sort(lat);
    return lat;
  }

  /** Statements whose fate differs between H2 and SQLite; each prints OK (with a value) or FAIL. */
  static final String[] DIALECT_PROBES = {
    "CREATE TABLE seq (name VARCHAR(256) PRIMARY KEY, next_value BIGINT NOT NULL)",
    "INSERT INTO seq (name, next_value) VALUES ('a', 64) ON CONFLICT (name) DO UPDATE SET"
        + " next_value = seq.next_value + excluded.next_value RETURNING next_value",
    "INSERT INTO seq (name, next_value) VALUES ('a', 64) ON CONFLICT (name) DO UPDATE SET"
        + " next_value = seq.next_value + excluded.next_value RETURNING next_value",
    "INSERT INTO seq (name, next_value) VALUES ('a', 1) ON CONFLICT DO NOTHING",
    "MERGE INTO seq KEY (name) VALUES ('b', 1)",
    "MERGE INTO seq s USING (VALUES ('c', 5)) v(name, n) ON s.name = v.name WHEN MATCHED THEN"
        + " UPDATE SET next_value = s.next_value + v.n WHEN NOT MATCHED THEN INSERT (name,"
        + " next_value) VALUES (v.name, v.n)",
    "SELECT next_value FROM FINAL TABLE (UPDATE seq SET next_value = next_value + 1 WHERE name ="
        + " 'b')",
    "UPDATE seq SET next_value = next_value + 1 WHERE name = 'a' RETURNING next_value",
    "INSERT OR REPLACE INTO seq (name, next_value) VALUES ('a', 1)",
    "SELECT name FROM seq ORDER BY name LIMIT 1 OFFSET 1",
    "SELECT name FROM seq ORDER BY name OFFSET 1 ROWS FETCH FIRST 1 ROWS ONLY",
    "CREATE TABLE t4 (v VARCHAR(3), n BIGINT)",
    "INSERT INTO t4 VALUES ('toolong', 1)",
    "INSERT INTO t4 VALUES ('x', 'not a number')",
    "CREATE TABLE s2 (id BIGINT PRIMARY KEY, v VARCHAR(3)) STRICT",
    "CREATE TABLE s3 (id INTEGER PRIMARY KEY, v TEXT) STRICT",
    "BEGIN IMMEDIATE",
    "COMMIT",
  };

  static void dialectProbes(String name, Connection c) {
    for (String sql : DIALECT_PROBES) {
      try (Statement st = c.createStatement()) {
        String out = "";
        if (st.execute(sql)) {
          try (ResultSet rs = st.getResultSet()) {
            out = rs.next() ? " -> " + rs.getString(1) : " -> (no row)";
          }
        }
        log(name + " OK   " + sql + out);
      } catch (SQLException e) {
        log(
            name
                + " FAIL "
                + sql
                + "\n         "
                + e.getErrorCode()
                + " "
                + e.getMessage().lines().findFirst().orElse(""));
      }
    }
  }

  static void dialect() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:dialect")) {
      dialectProbes("h2    ", c);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
      dialectProbes("sqlite", c);
    }
    for (Candidate cand : List.of(Candidate.H2, Candidate.SQLITE_NORMAL)) {
      Path dir = fresh(cand.cli() + "-dialect");
      try (Store store = cand.open(dir)) {
        Random rnd = new Random(1);
        store.insert(newRec("dup", 1, rnd));
        try {
          store.insert(newRec("dup", 1, rnd));
          log(cand.cli() + ": duplicate insert did not fail!");
        } catch (SQLException e) {
          String extra =
              e instanceof SQLiteException s
                  ? " getResultCode()=" + s.getResultCode() + " (" + s.getResultCode().code + ")"
                  : "";
          log(
              String.format(
                  "%s duplicate key: %s getErrorCode()=%d getSQLState()=%s%s isDuplicate=%s%n    message: %s",
                  cand.cli(),
                  e.getClass().getName(),
                  e.getErrorCode(),
                  e.getSQLState(),
                  extra,
                  store.isDuplicate(e),
                  e.getMessage().lines().findFirst().orElse("")));
        }
        log(cand.cli() + " range plan: " + store.explainRange());
      } finally {
        delete(dir);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Main.

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "all";
    switch (mode) {
      case "child" -> {
        child(Candidate.parse(args[1]), Paths.get(args[2]));
        return;
      }
      case "count" -> {
        count(Candidate.parse(args[1]), Paths.get(args[2]), Integer.parseInt(args[3]));
        return;
      }
      default -> {}
    }
    List<Candidate> cands = new ArrayList<>();
    if (args.length > 1) {
      for (String s : args[1].split(",")) {
        cands.add(Candidate.parse(s.trim()));
      }
    } else {
      cands.addAll(List.of(Candidate.values()));
    }
    Files.createDirectories(DIR);
    log(
        String.format(
            Locale.ROOT,
            "# store-engines: %d cores, load average at start %.2f, java %s, threads=%d",
            Runtime.getRuntime().availableProcessors(),
            java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage(),
            System.getProperty("java.version"),
            THREADS));
    long started = System.nanoTime();
    StringBuilder report = new StringBuilder();
    if (!mode.equals("dialect")) {
      log("# " + fsyncProbe());
    }
    if (mode.equals("dialect")) {
      dialect();
      return;
    }
    if (mode.equals("all") || mode.equals("throughput")) {
      log("## a. writes: " + THREADS + " threads, " + WARMUP + " s warm-up + " + SECONDS + " s");
      List<ThroughputRow> rows = new ArrayList<>();
      for (Candidate c : cands) {
        ThroughputRow row = throughput(c);
        rows.add(row);
        log("  " + c.cli() + " done: " + fmt(row.insert().opsPerSecond()) + " inserts/s, " + fmt(row.mixed().opsPerSecond()) + " mixed ops/s");
      }
      report.append(throughputTable(rows));
    }
    if (mode.equals("all") || mode.equals("kill")) {
      log("## b. SIGKILL after " + ACKS + " acknowledged inserts from " + THREADS + " threads");
      Map<Candidate, List<KillTrial>> trials = new LinkedHashMap<>();
      for (Candidate c : cands) {
        List<KillTrial> list = new ArrayList<>();
        for (int i = 0; i < TRIALS; i++) {
          KillTrial k = killTrial(c, i);
          list.add(k);
          log("  " + c.cli() + " trial " + (i + 1) + ": " + k);
        }
        trials.put(c, list);
      }
      report.append(killTable(trials));
    }
    if (mode.equals("all") || mode.equals("read")) {
      log("## c. reads with " + ROWS + " rows");
      List<ReadRow> rows = new ArrayList<>();
      Map<String, Candidate> engines = new LinkedHashMap<>();
      for (Candidate c : cands) {
        switch (c) {
          case H2, H2_WD0 -> engines.putIfAbsent("h2 CLOB", Candidate.H2);
          case H2_WD0_VARCHAR -> engines.putIfAbsent("h2 VARCHAR", Candidate.H2_WD0_VARCHAR);
          default -> engines.putIfAbsent("sqlite WAL", Candidate.SQLITE_NORMAL);
        }
      }
      for (Map.Entry<String, Candidate> e : engines.entrySet()) {
        ReadRow row = reads(e.getKey(), e.getValue());
        rows.add(row);
        log("  " + e.getKey() + " done; range plan: " + row.plan());
      }
      report.append(readTable(rows));
    }
    if (mode.equals("fsync")) {
      int n = 1000;
      StringBuilder sb = new StringBuilder();
      sb.append("\n### sync system calls for ").append(n).append(" single-thread inserts (strace -f -c)\n\n");
      sb.append("| candidate | calls |\n|---|---|\n");
      for (Candidate c : cands) {
        sb.append("| ").append(c.label).append(" | ").append(fsyncs(c, n)).append(" |\n");
      }
      report.append(sb);
    }
    System.out.println(report);
    log(String.format(Locale.ROOT, "# total %.0f s", (System.nanoTime() - started) / 1e9));
  }

  static String throughputTable(List<ThroughputRow> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append("\n### a. writes, ").append(THREADS).append(" threads (latency in ms)\n\n");
    sb.append(
        "| candidate | insert ops/s | insert p50 | insert p99 | mixed ops/s | mixed insert p50/p99 |"
            + " read p50/p99 | cas (read+update) p50/p99 | cas conflicts | errors | fsync p50 just before | note |\n");
    sb.append("|---|---:|---:|---:|---:|---|---|---|---:|---:|---:|---|\n");
    for (ThroughputRow r : rows) {
      LoadResult i = r.insert();
      LoadResult m = r.mixed();
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.2f | %.2f | %s | %.2f / %.2f | %.2f / %.2f | %.2f / %.2f | %d | %d | %.2f | %s |\n",
              r.c().label,
              fmt(i.opsPerSecond()),
              i.p(0, 0.5),
              i.p(0, 0.99),
              fmt(m.opsPerSecond()),
              m.p(0, 0.5),
              m.p(0, 0.99),
              m.p(1, 0.5),
              m.p(1, 0.99),
              m.p(2, 0.5),
              m.p(2, 0.99),
              r.conflicts(),
              i.errors() + m.errors(),
              r.fsyncP50(),
              r.stats()));
    }
    return sb.toString();
  }

  static String killTable(Map<Candidate, List<KillTrial>> trials) {
    StringBuilder sb = new StringBuilder();
    sb.append("\n### b. acknowledged inserts lost after SIGKILL (")
        .append(TRIALS)
        .append(" trials, kill at ")
        .append(ACKS)
        .append(" acks)\n\n");
    sb.append("| candidate | acked per trial | lost per trial | committed, not yet acked | ack rate/s |\n");
    sb.append("|---|---|---|---|---|\n");
    for (Map.Entry<Candidate, List<KillTrial>> e : trials.entrySet()) {
      List<KillTrial> l = e.getValue();
      sb.append("| ")
          .append(e.getKey().label)
          .append(" | ")
          .append(join(l.stream().map(k -> Integer.toString(k.acked()))))
          .append(" | ")
          .append(join(l.stream().map(k -> Integer.toString(k.missing()))))
          .append(" | ")
          .append(join(l.stream().map(k -> Integer.toString(k.unacked()))))
          .append(" | ")
          .append(join(l.stream().map(k -> fmt(k.acksPerSecond()))))
          .append(" |\n");
    }
    return sb.toString();
  }

  static String readTable(List<ReadRow> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append("\n### c. reads on a table of ")
        .append(String.format(Locale.ROOT, "%,d", ROWS))
        .append(" rows (~1 KB JSON each; latency in ms)\n\n");
    sb.append(
        "| engine | build (1,000-row txns) | size on disk | pk 1 thread p50/p99 | pk "
            + THREADS
            + " threads ops/s (p99) | range-20 1 thread p50/p99 | range-20 "
            + THREADS
            + " threads ops/s (p99) | range-20, ORDER BY all index columns, 1 thread p50/p99 |\n");
    sb.append("|---|---|---|---|---|---|---|---|\n");
    for (ReadRow r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %.0f s (%s rows/s) | %,d MB | %.3f / %.3f | %s (%.2f) | %.3f / %.3f | %s (%.2f) | %.3f / %.3f |\n",
              r.engine(),
              r.buildSeconds(),
              fmt(r.rows() / r.buildSeconds()),
              r.bytes() / 1_000_000,
              r.pk1().p(0, 0.5),
              r.pk1().p(0, 0.99),
              fmt(r.pk8().opsPerSecond()),
              r.pk8().p(0, 0.99),
              r.range1().p(0, 0.5),
              r.range1().p(0, 0.99),
              fmt(r.range8().opsPerSecond()),
              r.range8().p(0, 0.99),
              r.rangeFull1().p(0, 0.5),
              r.rangeFull1().p(0, 0.99)));
    }
    sb.append("\nRange plans:\n");
    for (ReadRow r : rows) {
      String plan = r.plan().replaceAll("SELECT \"KIND\".*?FROM", "SELECT ... FROM");
      sb.append("- ").append(r.engine()).append(": `").append(plan).append("`\n");
    }
    return sb.toString();
  }

  static String join(Stream<String> s) {
    return String.join(", ", s.toList());
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  static void log(String s) {
    System.err.println(s);
  }

  static Path fresh(String name) throws IOException {
    Path dir = DIR.resolve(name);
    delete(dir);
    Files.createDirectories(dir);
    return dir;
  }

  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  static long size(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    }
  }
}
