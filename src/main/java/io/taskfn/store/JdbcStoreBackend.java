package io.taskfn.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The SQL shared by the relational backends: one table of records, one of counters, and one of
 * index counts kept in the same transaction as the records they count. A subclass supplies the
 * connections and transactions, and how its driver reports a duplicate key.
 */
public abstract class JdbcStoreBackend implements StoreBackend {

  private static final String COLUMNS =
      "kind, tenant, id, version, data, index1, index2, due_at, lease_owner, lease_until,"
          + " expires_at";

  private final Set<String> countedSlots = ConcurrentHashMap.newKeySet();

  /** Whether the exception says that a primary key or unique constraint was violated. */
  protected abstract boolean isDuplicateKey(SQLException e);

  /** A unit of work on one connection. */
  @FunctionalInterface
  protected interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} in a transaction and commits it; the commit is what makes a write durable. A
   * failure (an exception out of {@code work}) undoes what it wrote.
   */
  protected abstract <T> T inTransaction(Work<T> work) throws SQLException;

  /** Runs a read. */
  protected abstract <T> T reading(Work<T> work) throws SQLException;

  /** A statement lent for one use: closing it gives it back, or closes it if it is not kept. */
  protected record Lent(PreparedStatement statement, boolean kept) implements AutoCloseable {
    @Override
    public void close() throws SQLException {
      if (!kept) {
        statement.close();
      }
    }
  }

  /**
   * A statement for {@code sql} on {@code c}, prepared anew for each use here; a backend whose
   * connections live as long as it does keeps them (see {@link EmbeddedStoreBackend}).
   */
  protected Lent prepare(Connection c, String sql) throws SQLException {
    return new Lent(c.prepareStatement(sql), false);
  }

  @Override
  public Optional<StoredRecord> find(RecordKey key) {
    try {
      return reading(c -> Optional.ofNullable(findIn(c, key)));
    } catch (SQLException e) {
      throw new StoreException("could not read " + key, e);
    }
  }

  private StoredRecord findIn(Connection c, RecordKey key) throws SQLException {
    String sql = "SELECT " + COLUMNS + " FROM taskfn_record WHERE kind=? AND tenant=? AND id=?";
    try (Lent lent = prepare(c, sql)) {
      PreparedStatement ps = lent.statement();
      bindKey(ps, 1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? read(rs) : null;
      }
    }
  }

  @Override
  public StoredRecord insert(StoredRecord record) {
    StoredRecord stored = record.withVersion(1);
    String sql = "INSERT INTO taskfn_record (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)";
    try {
      return inTransaction(
          c -> {
            try (Lent lent = prepare(c, sql)) {
              PreparedStatement ps = lent.statement();
              bindKey(ps, 1, stored.key());
              ps.setLong(4, stored.version());
              bindBody(ps, 5, stored);
              ps.executeUpdate();
            }
            recount(c, null, stored);
            return stored;
          });
    } catch (SQLException e) {
      if (isDuplicateKey(e)) {
        throw new DuplicateRecordException(record.key());
      }
      throw new StoreException("could not insert " + record.key(), e);
    }
  }

  @Override
  public StoredRecord replace(StoredRecord record) {
    StoredRecord stored = record.withVersion(record.version() + 1);
    String sql =
        "UPDATE taskfn_record SET version=?, data=?, index1=?, index2=?, due_at=?, lease_owner=?,"
            + " lease_until=?, expires_at=? WHERE kind=? AND tenant=? AND id=? AND version=?";
    try {
      return inTransaction(
          c -> {
            StoredRecord before = isCounted(record) ? findIn(c, record.key()) : null;
            try (Lent lent = prepare(c, sql)) {
              PreparedStatement ps = lent.statement();
              ps.setLong(1, stored.version());
              bindBody(ps, 2, stored);
              bindKey(ps, 9, stored.key());
              ps.setLong(12, record.version());
              if (ps.executeUpdate() != 1) {
                throw new VersionConflictException(record.key(), record.version());
              }
            }
            recount(c, before, stored);
            return stored;
          });
    } catch (SQLException e) {
      throw new StoreException("could not update " + record.key(), e);
    }
  }

  @Override
  public void delete(RecordKey key, long expectedVersion) {
    try {
      inTransaction(
          c -> {
            StoredRecord before = findIn(c, key);
            if (before == null || !deleteIn(c, key, expectedVersion)) {
              throw new VersionConflictException(key, expectedVersion);
            }
            recount(c, before, null);
            return null;
          });
    } catch (SQLException e) {
      throw new StoreException("could not delete " + key, e);
    }
  }

  private boolean deleteIn(Connection c, RecordKey key, long version) throws SQLException {
    String sql = "DELETE FROM taskfn_record WHERE kind=? AND tenant=? AND id=? AND version=?";
    try (Lent lent = prepare(c, sql)) {
      PreparedStatement ps = lent.statement();
      bindKey(ps, 1, key);
      ps.setLong(4, version);
      return ps.executeUpdate() == 1;
    }
  }

  @Override
  public List<StoredRecord> scan(Scan scan) {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(COLUMNS)
            .append(" FROM taskfn_record WHERE kind=? AND tenant=?");
    List<String> args = new ArrayList<>(List.of(scan.kind(), scan.tenant()));
    String column =
        scan.slot() == null ? "id" : scan.slot() == IndexSlot.INDEX1 ? "index1" : "index2";
    if (scan.value() != null) {
      if (scan.prefix() || scan.slot() == null) {
        sql.append(" AND ").append(column).append(">=? AND ").append(column).append("<?");
        args.add(scan.value());
        args.add(scan.value() + Character.MAX_VALUE);
      } else {
        sql.append(" AND ").append(column).append("=?");
        args.add(scan.value());
      }
    }
    String beyond = scan.descending() ? "<" : ">";
    if (scan.after() != null) {
      if (scan.slot() == null) {
        sql.append(" AND id").append(beyond).append("?");
        args.add(scan.after().id());
      } else {
        sql.append(" AND (")
            .append(column)
            .append(beyond)
            .append("? OR (")
            .append(column)
            .append("=? AND id")
            .append(beyond)
            .append("?))");
        args.add(scan.after().indexValue());
        args.add(scan.after().indexValue());
        args.add(scan.after().id());
      }
    }
    // The whole index, leading columns included, so that planners read the index in order
    // rather than sort what the key prefix finds.
    String direction = scan.descending() ? " DESC" : "";
    sql.append(" ORDER BY kind").append(direction).append(", tenant").append(direction);
    if (scan.slot() != null) {
      sql.append(", ").append(column).append(direction);
    }
    sql.append(", id").append(direction).append(" LIMIT ?");
    try {
      return reading(
          c -> {
            try (Lent lent = prepare(c, sql.toString())) {
              PreparedStatement ps = lent.statement();
              int i = 1;
              for (String arg : args) {
                ps.setString(i++, arg);
              }
              ps.setInt(i, scan.limit());
              return readAll(ps);
            }
          });
    } catch (SQLException e) {
      throw new StoreException("could not list " + scan.kind(), e);
    }
  }

  @Override
  public void countIndex(String kind, IndexSlot slot) {
    countedSlots.add(kind + "/" + slot);
  }

  private boolean isCounted(StoredRecord r) {
    return countedSlots.contains(r.kind() + "/" + IndexSlot.INDEX1)
        || countedSlots.contains(r.kind() + "/" + IndexSlot.INDEX2);
  }

  @Override
  public long count(String kind, String tenant, IndexSlot slot, String value) {
    if (!countedSlots.contains(kind + "/" + slot)) {
      throw new IllegalStateException(slot + " of " + kind + " is not counted");
    }
    // A backend may keep a count in several rows (see addToCount): their sum is the count.
    String sql =
        "SELECT COALESCE(SUM(n), 0) FROM taskfn_index_count WHERE kind=? AND tenant=? AND slot=?"
            + " AND index_value=?";
    try {
      return reading(
          c -> {
            try (Lent lent = prepare(c, sql)) {
              PreparedStatement ps = lent.statement();
              ps.setString(1, kind);
              ps.setString(2, tenant);
              ps.setInt(3, slot.ordinal());
              ps.setString(4, value);
              try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
              }
            }
          });
    } catch (SQLException e) {
      throw new StoreException("could not count " + kind, e);
    }
  }

  /**
   * Moves the counts of the counted index values from what a record held ({@code before}, null if
   * new) to what it holds now ({@code after}, null if deleted). Changes are applied in key order,
   * so two transactions never wait on each other's counter rows in opposite orders.
   */
  private void recount(Connection c, StoredRecord before, StoredRecord after) throws SQLException {
    StoredRecord any = after != null ? after : before;
    Map<String, Long> deltas = new TreeMap<>();
    for (IndexSlot slot : IndexSlot.values()) {
      if (!countedSlots.contains(any.kind() + "/" + slot)) {
        continue;
      }
      if (before != null && before.index(slot) != null) {
        deltas.merge(slot.ordinal() + "\u0000" + before.index(slot), -1L, Long::sum);
      }
      if (after != null && after.index(slot) != null) {
        deltas.merge(slot.ordinal() + "\u0000" + after.index(slot), 1L, Long::sum);
      }
    }
    for (Map.Entry<String, Long> delta : deltas.entrySet()) {
      if (delta.getValue() != 0) {
        int cut = delta.getKey().indexOf('\u0000');
        addToCount(
            c,
            any.kind(),
            any.tenant(),
            Integer.parseInt(delta.getKey().substring(0, cut)),
            delta.getKey().substring(cut + 1),
            delta.getValue());
      }
    }
  }

  /**
   * Adds {@code delta} to one index count, creating it at {@code delta} if absent. The row stays
   * locked until the transaction commits, so writers of one counted value take turns here.
   */
  protected void addToCount(
      Connection c, String kind, String tenant, int slot, String value, long delta)
      throws SQLException {
    String upsert =
        "INSERT INTO taskfn_index_count (kind, tenant, slot, index_value, n) VALUES (?,?,?,?,?)"
            + " ON CONFLICT (kind, tenant, slot, index_value) DO UPDATE SET n ="
            + " taskfn_index_count.n + excluded.n";
    try (Lent lent = prepare(c, upsert)) {
      PreparedStatement ps = lent.statement();
      ps.setString(1, kind);
      ps.setString(2, tenant);
      ps.setInt(3, slot);
      ps.setString(4, value);
      ps.setLong(5, delta);
      ps.executeUpdate();
    }
  }

  @Override
  public long reserveSequence(String name, int count) {
    String upsert =
        "INSERT INTO taskfn_sequence (name, next_value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE"
            + " SET next_value = taskfn_sequence.next_value + excluded.next_value RETURNING"
            + " next_value";
    try {
      return inTransaction(
          c -> {
            try (Lent lent = prepare(c, upsert)) {
              PreparedStatement ps = lent.statement();
              ps.setString(1, name);
              ps.setLong(2, count);
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
              }
            }
          });
    } catch (SQLException e) {
      throw new StoreException("could not advance counter " + name, e);
    }
  }

  @Override
  public List<StoredRecord> findDue(String kind, Instant now, int limit) {
    try {
      return reading(c -> findDueIn(c, kind, now, limit));
    } catch (SQLException e) {
      throw new StoreException("could not look for due " + kind, e);
    }
  }

  private List<StoredRecord> findDueIn(Connection c, String kind, Instant now, int limit)
      throws SQLException {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM taskfn_record WHERE kind=? AND due_at<=? AND (lease_until IS NULL OR"
            + " lease_until<?) ORDER BY kind, due_at LIMIT ?";
    try (Lent lent = prepare(c, sql)) {
      PreparedStatement ps = lent.statement();
      ps.setString(1, kind);
      ps.setLong(2, now.toEpochMilli());
      ps.setLong(3, now.toEpochMilli());
      ps.setInt(4, limit);
      return readAll(ps);
    }
  }

  @Override
  public Optional<StoredRecord> claim(
      StoredRecord due, String owner, Instant now, Instant leaseUntil) {
    try {
      return inTransaction(c -> claimIn(c, due, owner, now, leaseUntil));
    } catch (SQLException e) {
      throw new StoreException("could not claim " + due.key(), e);
    }
  }

  /**
   * Finds the due records and claims them in one transaction: a batch costs one commit, not one a
   * record. Each claim is still the compare-and-set of {@link #claim}, so a record another writer
   * changed since it was read (on a backend where writers do not take turns) is left out.
   */
  @Override
  public List<StoredRecord> claimDue(
      String kind, String owner, Instant now, Instant leaseUntil, int limit) {
    try {
      return inTransaction(
          c -> {
            List<StoredRecord> won = new ArrayList<>();
            for (StoredRecord due : findDueIn(c, kind, now, limit)) {
              claimIn(c, due, owner, now, leaseUntil).ifPresent(won::add);
            }
            return won;
          });
    } catch (SQLException e) {
      throw new StoreException("could not claim due " + kind, e);
    }
  }

  private Optional<StoredRecord> claimIn(
      Connection c, StoredRecord due, String owner, Instant now, Instant leaseUntil)
      throws SQLException {
    String sql =
        "UPDATE taskfn_record SET version=version+1, lease_owner=?, lease_until=? WHERE kind=? AND"
            + " tenant=? AND id=? AND version=? AND (lease_until IS NULL OR lease_until<?)";
    try (Lent lent = prepare(c, sql)) {
      PreparedStatement ps = lent.statement();
      ps.setString(1, owner);
      ps.setLong(2, leaseUntil.toEpochMilli());
      bindKey(ps, 3, due.key());
      ps.setLong(6, due.version());
      ps.setLong(7, now.toEpochMilli());
      return ps.executeUpdate() == 1
          ? Optional.of(due.withVersion(due.version() + 1).withLease(owner, leaseUntil))
          : Optional.empty();
    }
  }

  @Override
  public boolean extendLease(RecordKey key, long version, String owner, Instant leaseUntil) {
    String sql =
        "UPDATE taskfn_record SET lease_until=? WHERE kind=? AND tenant=? AND id=? AND version=?"
            + " AND lease_owner=?";
    try {
      return inTransaction(
          c -> {
            try (Lent lent = prepare(c, sql)) {
              PreparedStatement ps = lent.statement();
              ps.setLong(1, leaseUntil.toEpochMilli());
              bindKey(ps, 2, key);
              ps.setLong(5, version);
              ps.setString(6, owner);
              return ps.executeUpdate() == 1;
            }
          });
    } catch (SQLException e) {
      throw new StoreException("could not extend the lease of " + key, e);
    }
  }

  @Override
  public int deleteExpired(Instant now, int limit) {
    String sql =
        "SELECT " + COLUMNS + " FROM taskfn_record WHERE expires_at<=? ORDER BY expires_at LIMIT ?";
    try {
      return inTransaction(
          c -> {
            List<StoredRecord> expired;
            try (Lent lent = prepare(c, sql)) {
              PreparedStatement ps = lent.statement();
              ps.setLong(1, now.toEpochMilli());
              ps.setInt(2, limit);
              expired = readAll(ps);
            }
            int removed = 0;
            for (StoredRecord r : expired) {
              if (deleteIn(c, r.key(), r.version())) {
                recount(c, r, null);
                removed++;
              }
            }
            return removed;
          });
    } catch (SQLException e) {
      throw new StoreException("could not remove expired records", e);
    }
  }

  private static void bindKey(PreparedStatement ps, int first, RecordKey key) throws SQLException {
    ps.setString(first, key.kind());
    ps.setString(first + 1, key.tenant());
    ps.setString(first + 2, key.id());
  }

  /**
   * Binds data, index1, index2, due_at, lease_owner, lease_until, expires_at from {@code first} on.
   */
  private static void bindBody(PreparedStatement ps, int first, StoredRecord r)
      throws SQLException {
    ps.setString(first, r.data());
    ps.setString(first + 1, r.index1());
    ps.setString(first + 2, r.index2());
    setInstant(ps, first + 3, r.dueAt());
    ps.setString(first + 4, r.leaseOwner());
    setInstant(ps, first + 5, r.leaseUntil());
    setInstant(ps, first + 6, r.expiresAt());
  }

  private static void setInstant(PreparedStatement ps, int index, Instant value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value.toEpochMilli());
    }
  }

  /**
   * The record columns, in the order {@link #readAll} reads them, of the table named {@code alias}.
   */
  protected static String columnsOf(String alias) {
    return Arrays.stream(COLUMNS.split(","))
        .map(column -> alias + "." + column.trim())
        .collect(Collectors.joining(", "));
  }

  protected static List<StoredRecord> readAll(PreparedStatement ps) throws SQLException {
    List<StoredRecord> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(read(rs));
      }
    }
    return out;
  }

  private static StoredRecord read(ResultSet rs) throws SQLException {
    return new StoredRecord(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getLong(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        getInstant(rs, 8),
        rs.getString(9),
        getInstant(rs, 10),
        getInstant(rs, 11));
  }

  private static Instant getInstant(ResultSet rs, int column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }
}
