package io.taskfn.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every write of the store, on its one write connection: writers that arrive together share one
 * transaction and so one commit (and, when the store syncs, one sync of the log). Each writer's
 * work runs inside a savepoint of its own, so a write that fails (a lost compare-and-set, a
 * duplicate key) is undone alone; a writer returns only after the commit that made its work
 * durable.
 *
 * <p>No thread of its own: the first waiting writer to take the lock commits for everyone queued.
 */
final class GroupCommit {

  /** How many writes one commit carries at most. */
  static final int MAX_BATCH = 64;

  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();
  private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();

  GroupCommit(Connection connection) throws SQLException {
    this.connection = connection;
    connection.setAutoCommit(false);
  }

  private static final class Pending<T> {
    final JdbcStoreBackend.Work<T> work;
    T result;
    Throwable failure;
    volatile boolean done;

    Pending(JdbcStoreBackend.Work<T> work) {
      this.work = work;
    }
  }

  <T> T write(JdbcStoreBackend.Work<T> work) throws SQLException {
    Pending<T> mine = new Pending<>(work);
    queue.add(mine);
    while (!mine.done) {
      lock.lock();
      try {
        if (!mine.done) {
          commitQueued();
        }
      } finally {
        lock.unlock();
      }
    }
    if (mine.failure instanceof SQLException e) {
      throw e;
    }
    if (mine.failure instanceof RuntimeException e) {
      throw e;
    }
    if (mine.failure instanceof Error e) {
      throw e;
    }
    return mine.result;
  }

  private void commitQueued() {
    List<Pending<?>> batch = new ArrayList<>();
    for (Pending<?> next; batch.size() < MAX_BATCH && (next = queue.poll()) != null; ) {
      batch.add(next);
    }
    try {
      for (Pending<?> pending : batch) {
        runInSavepoint(pending);
      }
      connection.commit();
    } catch (SQLException e) {
      // The commit itself failed: none of the batch is written.
      rollbackQuietly(e);
      for (Pending<?> pending : batch) {
        pending.failure = e;
      }
    } finally {
      for (Pending<?> pending : batch) {
        pending.done = true;
      }
    }
  }

  private <T> void runInSavepoint(Pending<T> pending) throws SQLException {
    Savepoint savepoint = connection.setSavepoint();
    try {
      pending.result = pending.work.run(connection);
      connection.releaseSavepoint(savepoint);
    } catch (Throwable e) {
      connection.rollback(savepoint);
      connection.releaseSavepoint(savepoint);
      pending.failure = e;
    }
  }

  private void rollbackQuietly(SQLException cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  void close() throws SQLException {
    lock.lock();
    try {
      connection.close();
    } finally {
      lock.unlock();
    }
  }
}
