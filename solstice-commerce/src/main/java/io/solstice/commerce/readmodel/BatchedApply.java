package io.solstice.commerce.readmodel;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Applies the projections' changes to the read-model tables with group commit: changes applied at
 * the same time by different partitions share one transaction (one commit, one fsync, one hold of
 * SQLite's writer lock) instead of one each.
 *
 * <h2>Algorithm (leader-based, no thread of its own)</h2>
 *
 * A caller queues its change, then takes the commit lock. If a previous lock holder has already
 * applied its change, it returns that outcome. Otherwise it leads: it takes up to {@link
 * #MAX_BATCH} queued changes (its own among them, in queue order), applies them all in one
 * transaction and commits, then records every change's outcome and releases the lock; callers whose
 * changes it applied return as soon as they get the lock. If the batch transaction fails, it is
 * rolled back and each change is applied again in a transaction of its own, so a failing change
 * fails only its own caller (who retries through the pipeline) and never its neighbours.
 *
 * <p>Each change still claims its row with its position, so applying in a batch is the same as
 * applying the changes one after the other in queue order; the changes of one stream never share a
 * batch, because a stream's next change waits for this one to return. A caller returns only
 * after its change is committed, so the service's checkpoint never passes an uncommitted change.
 * Thread-safe.
 */
final class BatchedApply {
  /** The most changes one transaction applies. */
  static final int MAX_BATCH = 256;

  private final DataSource dataSource;
  private final Sql.Dialect dialect;
  private final Tables tables;
  private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock commitLock = new ReentrantLock();

  /** One change waiting to be applied; its outcome is written and read under the commit lock. */
  private static final class Request {
    final Change change;
    boolean done;
    Exception failure;

    Request(Change change) {
      this.change = change;
    }
  }

  BatchedApply(DataSource dataSource, Sql.Dialect dialect, Tables tables) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.tables = tables;
  }

  /** Applies {@code change} and returns once it is committed (together with others applied at the same time). */
  void apply(Change change) throws SQLException {
    Request mine = new Request(change);
    queue.add(mine);
    while (true) {
      commitLock.lock();
      try {
        if (!mine.done) {
          List<Request> batch = new ArrayList<>();
          Request next;
          while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
            batch.add(next);
          }
          commit(batch);
        }
        if (mine.done) {
          rethrow(mine.failure);
          return;
        }
      } finally {
        commitLock.unlock();
      }
    }
  }

  private void commit(List<Request> batch) {
    if (batch.isEmpty()) {
      return;
    }
    try {
      Sql.inTransaction(dataSource, dialect, c -> {
        try (ReusedStatements statements = new ReusedStatements(c)) {
          for (Request r : batch) {
            Projections.apply(statements.connection(), tables, r.change);
          }
        }
        return null;
      });
      batch.forEach(r -> r.done = true);
      return;
    } catch (SQLException | RuntimeException batchFailed) {
      if (batch.size() == 1) {
        batch.getFirst().failure = batchFailed;
        batch.getFirst().done = true;
        return;
      }
    }
    for (Request r : batch) {
      try {
        Sql.inTransaction(dataSource, dialect, c -> Projections.apply(c, tables, r.change));
      } catch (SQLException | RuntimeException e) {
        r.failure = e;
      }
      r.done = true;
    }
  }

  private static void rethrow(Exception failure) throws SQLException {
    switch (failure) {
      case null -> {}
      case SQLException e -> throw e;
      case RuntimeException e -> throw e;
      default -> throw new IllegalStateException(failure);
    }
  }
}
