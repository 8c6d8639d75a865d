package io.taskfn.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
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

  /**
   * Each index count is kept in up to this many rows, summed when read. A count row stays locked
   * from a write until its commit is flushed, so with one row per counted value (a job's instances,
   * those of a status) every instance write of a job waited for the flush of the one before.
   */
  static final int COUNT_SHARDS = 16;

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

  /**
   * Takes the due rows in one statement: the rows are locked as they are picked, earliest due
   * first, and rows another dispatcher has locked are skipped ({@code FOR UPDATE SKIP LOCKED}), so
   * a fleet's dispatchers claim disjoint rows without retries.
   */
  @Override
  public List<StoredRecord> claimDue(
      String kind, String owner, Instant now, Instant leaseUntil, int limit) {
    String sql =
        "WITH due AS (SELECT kind, tenant, id FROM taskfn_record WHERE kind=? AND due_at<=? AND"
            + " (lease_until IS NULL OR lease_until<?) ORDER BY kind, due_at LIMIT ? FOR UPDATE"
            + " SKIP LOCKED) UPDATE taskfn_record r SET version=r.version+1, lease_owner=?,"
            + " lease_until=? FROM due WHERE r.kind=due.kind AND r.tenant=due.tenant AND"
            + " r.id=due.id RETURNING "
            + columnsOf("r");
    try {
      List<StoredRecord> claimed =
          inTransaction(
              c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                  ps.setString(1, kind);
                  ps.setLong(2, now.toEpochMilli());
                  ps.setLong(3, now.toEpochMilli());
                  ps.setInt(4, limit);
                  ps.setString(5, owner);
                  ps.setLong(6, leaseUntil.toEpochMilli());
                  return readAll(ps);
                }
              });
      return claimed.stream().sorted(Comparator.comparing(StoredRecord::dueAt)).toList();
    } catch (SQLException e) {
      throw new StoreException("could not claim due " + kind, e);
    }
  }

  /**
   * Adds to one of the count's rows, picked at random: writers of one value rarely wait for each
   * other. The rows of one transaction still change in key order (the shard comes last in the key
   * and a transaction's counts differ in value), so they never deadlock.
   */
  @Override
  protected void addToCount(
      Connection c, String kind, String tenant, int slot, String value, long delta)
      throws SQLException {
    String upsert =
        "INSERT INTO taskfn_index_count (kind, tenant, slot, index_value, shard, n) VALUES"
            + " (?,?,?,?,?,?) ON CONFLICT (kind, tenant, slot, index_value, shard) DO UPDATE SET n"
            + " = taskfn_index_count.n + excluded.n";
    try (PreparedStatement ps = c.prepareStatement(upsert)) {
      ps.setString(1, kind);
      ps.setString(2, tenant);
      ps.setInt(3, slot);
      ps.setString(4, value);
      ps.setInt(5, ThreadLocalRandom.current().nextInt(COUNT_SHARDS));
      ps.setLong(6, delta);
      ps.executeUpdate();
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
