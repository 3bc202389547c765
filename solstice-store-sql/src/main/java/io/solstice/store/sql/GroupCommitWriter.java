package io.solstice.store.sql;

import io.solstice.core.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group-commit writer: one thread per store drains a bounded queue of appends and runs each
 * batch it finds as one transaction ({@link AppendExecutor}).
 *
 * <p>Batching is opportunistic, never timed: the loop takes the first waiting append, then
 * whatever else is already queued (up to {@code maxGroupSize}), so a lone append commits at once
 * and, under load, appends that arrive while a transaction runs form the next group. One fsync then
 * serves many appends. Callers block on a full queue (backpressure) and then on their own future.
 */
final class GroupCommitWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

  private final BlockingQueue<PendingAppend> queue;
  private final DataSource writePool;
  private final AppendExecutor executor;
  private final int maxGroupSize;
  private final String storeDescription;
  private final Thread thread;
  private volatile boolean closing;

  GroupCommitWriter(DataSource writePool, AppendExecutor executor, int maxGroupSize, int queueCapacity, String storeDescription) {
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.writePool = writePool;
    this.executor = executor;
    this.maxGroupSize = maxGroupSize;
    this.storeDescription = storeDescription;
    // One long-lived platform thread: JDBC drivers may pin a virtual thread's carrier in native code.
    this.thread = Thread.ofPlatform().name("solstice-store-writer").daemon(true).start(this::run);
  }

  /** Queues an append; blocks while the queue is full. */
  void submit(PendingAppend append) throws InterruptedException {
    if (closing) {
      throw closed(append);
    }
    queue.put(append);
    if (closing && !thread.isAlive() && queue.remove(append)) {
      throw closed(append);
    }
  }

  private StoreUnavailableException closed(PendingAppend append) {
    return new StoreUnavailableException("append to " + append.describe() + " refused: the store " + storeDescription
        + " is closed; nothing was written", null);
  }

  private void run() {
    List<PendingAppend> group = new ArrayList<>(maxGroupSize);
    while (!closing || !queue.isEmpty()) {
      try {
        PendingAppend first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        queue.drainTo(group, maxGroupSize - 1);
        try (Connection c = writePool.getConnection()) {
          executor.execute(c, group);
        } catch (SQLException e) {
          executor.failAll(group, e);
        }
      } catch (InterruptedException e) {
        if (!closing) {
          log.warn("store writer for {} interrupted while open; continuing", storeDescription);
        }
      } catch (RuntimeException e) {
        log.error("store writer for {} failed a group unexpectedly", storeDescription, e);
        executor.failAll(group, e);
      } finally {
        group.clear();
      }
    }
  }

  /** Stops taking appends, commits those already queued, and stops the thread. */
  @Override
  public void close() {
    closing = true;
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<PendingAppend> left = new ArrayList<>();
    queue.drainTo(left);
    for (PendingAppend p : left) {
      p.outcome().completeExceptionally(closed(p));
    }
  }
}
