package io.taskfn.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The SQL shared by the relational backends: one table of records and one of counters. A subclass
 * supplies the connections, the schema and how its driver reports a duplicate key.
 */
public abstract class JdbcStoreBackend implements StoreBackend {

  private static final String COLUMNS =
      "kind, tenant, id, version, data, index1, index2, due_at, lease_owner, lease_until";

  private final DataSource dataSource;

  protected JdbcStoreBackend(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Whether the exception says that a primary key or unique constraint was violated. */
  protected abstract boolean isDuplicateKey(SQLException e);

  protected final void createSchema(List<String> statements) {
    try (Connection c = dataSource.getConnection()) {
      for (String sql : statements) {
        try (var st = c.createStatement()) {
          st.execute(sql);
        }
      }
    } catch (SQLException e) {
      throw new StoreException("could not create the store schema", e);
    }
  }

  @Override
  public Optional<StoredRecord> find(RecordKey key) {
    String sql = "SELECT " + COLUMNS + " FROM taskfn_record WHERE kind=? AND tenant=? AND id=?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bindKey(ps, 1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("could not read " + key, e);
    }
  }

  @Override
  public StoredRecord insert(StoredRecord record) {
    StoredRecord stored = record.withVersion(1);
    String sql = "INSERT INTO taskfn_record (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bindKey(ps, 1, stored.key());
      ps.setLong(4, stored.version());
      bindBody(ps, 5, stored);
      ps.executeUpdate();
      return stored;
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
            + " lease_until=? WHERE kind=? AND tenant=? AND id=? AND version=?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, stored.version());
      bindBody(ps, 2, stored);
      bindKey(ps, 8, stored.key());
      ps.setLong(11, record.version());
      if (ps.executeUpdate() != 1) {
        throw new VersionConflictException(record.key(), record.version());
      }
      return stored;
    } catch (SQLException e) {
      throw new StoreException("could not update " + record.key(), e);
    }
  }

  @Override
  public void delete(RecordKey key, long expectedVersion) {
    String sql = "DELETE FROM taskfn_record WHERE kind=? AND tenant=? AND id=? AND version=?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bindKey(ps, 1, key);
      ps.setLong(4, expectedVersion);
      if (ps.executeUpdate() != 1) {
        throw new VersionConflictException(key, expectedVersion);
      }
    } catch (SQLException e) {
      throw new StoreException("could not delete " + key, e);
    }
  }

  @Override
  public List<StoredRecord> query(
      String kind, String tenant, IndexSlot slot, String value, String afterId, int limit) {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(COLUMNS)
            .append(" FROM taskfn_record WHERE kind=? AND tenant=?");
    if (slot != null) {
      sql.append(slot == IndexSlot.INDEX1 ? " AND index1=?" : " AND index2=?");
    }
    if (afterId != null) {
      sql.append(" AND id>?");
    }
    sql.append(" ORDER BY id LIMIT ?");
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int i = 1;
      ps.setString(i++, kind);
      ps.setString(i++, tenant);
      if (slot != null) {
        ps.setString(i++, value);
      }
      if (afterId != null) {
        ps.setString(i++, afterId);
      }
      ps.setInt(i, limit);
      return readAll(ps);
    } catch (SQLException e) {
      throw new StoreException("could not query " + kind, e);
    }
  }

  @Override
  public long reserveSequence(String name, int count) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        long value = incrementSequence(c, name, count);
        c.commit();
        return value;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("could not advance counter " + name, e);
    }
  }

  private long incrementSequence(Connection c, String name, int count) throws SQLException {
    try (PreparedStatement up =
        c.prepareStatement("UPDATE taskfn_sequence SET next_value = next_value + ? WHERE name=?")) {
      up.setInt(1, count);
      up.setString(2, name);
      if (up.executeUpdate() == 0) {
        try (PreparedStatement in =
            c.prepareStatement("INSERT INTO taskfn_sequence (name, next_value) VALUES (?, ?)")) {
          in.setString(1, name);
          in.setLong(2, count);
          in.executeUpdate();
          return count;
        } catch (SQLException e) {
          if (!isDuplicateKey(e)) {
            throw e;
          }
          // Another writer created the counter between our update and insert: count again.
          c.rollback();
          return incrementSequence(c, name, count);
        }
      }
    }
    try (PreparedStatement sel =
        c.prepareStatement("SELECT next_value FROM taskfn_sequence WHERE name=?")) {
      sel.setString(1, name);
      try (ResultSet rs = sel.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Override
  public List<StoredRecord> claimDue(
      String kind, Instant now, String owner, Instant leaseUntil, int limit) {
    String select =
        "SELECT "
            + COLUMNS
            + " FROM taskfn_record WHERE kind=? AND due_at<=? AND (lease_until IS NULL OR"
            + " lease_until<?) ORDER BY due_at LIMIT ?";
    String claim =
        "UPDATE taskfn_record SET version=version+1, lease_owner=?, lease_until=? WHERE kind=? AND"
            + " tenant=? AND id=? AND version=? AND (lease_until IS NULL OR lease_until<?)";
    List<StoredRecord> candidates;
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement(select)) {
        ps.setString(1, kind);
        ps.setLong(2, now.toEpochMilli());
        ps.setLong(3, now.toEpochMilli());
        ps.setInt(4, limit);
        candidates = readAll(ps);
      }
      List<StoredRecord> claimed = new ArrayList<>(candidates.size());
      try (PreparedStatement ps = c.prepareStatement(claim)) {
        for (StoredRecord candidate : candidates) {
          ps.setString(1, owner);
          ps.setLong(2, leaseUntil.toEpochMilli());
          bindKey(ps, 3, candidate.key());
          ps.setLong(6, candidate.version());
          ps.setLong(7, now.toEpochMilli());
          if (ps.executeUpdate() == 1) {
            claimed.add(
                candidate.withVersion(candidate.version() + 1).withLease(owner, leaseUntil));
          }
        }
      }
      return claimed;
    } catch (SQLException e) {
      throw new StoreException("could not claim due " + kind, e);
    }
  }

  @Override
  public boolean extendLease(RecordKey key, long version, String owner, Instant leaseUntil) {
    String sql =
        "UPDATE taskfn_record SET lease_until=? WHERE kind=? AND tenant=? AND id=? AND version=?"
            + " AND lease_owner=?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, leaseUntil.toEpochMilli());
      bindKey(ps, 2, key);
      ps.setLong(5, version);
      ps.setString(6, owner);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreException("could not extend the lease of " + key, e);
    }
  }

  private static void bindKey(PreparedStatement ps, int first, RecordKey key) throws SQLException {
    ps.setString(first, key.kind());
    ps.setString(first + 1, key.tenant());
    ps.setString(first + 2, key.id());
  }

  /** Binds data, index1, index2, due_at, lease_owner, lease_until from {@code first} on. */
  private static void bindBody(PreparedStatement ps, int first, StoredRecord r)
      throws SQLException {
    ps.setString(first, r.data());
    ps.setString(first + 1, r.index1());
    ps.setString(first + 2, r.index2());
    setInstant(ps, first + 3, r.dueAt());
    ps.setString(first + 4, r.leaseOwner());
    setInstant(ps, first + 5, r.leaseUntil());
  }

  private static void setInstant(PreparedStatement ps, int index, Instant value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value.toEpochMilli());
    }
  }

  private static List<StoredRecord> readAll(PreparedStatement ps) throws SQLException {
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
        rs.getString("kind"),
        rs.getString("tenant"),
        rs.getString("id"),
        rs.getLong("version"),
        rs.getString("data"),
        rs.getString("index1"),
        rs.getString("index2"),
        getInstant(rs, "due_at"),
        rs.getString("lease_owner"),
        getInstant(rs, "lease_until"));
  }

  private static Instant getInstant(ResultSet rs, String column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }
}
