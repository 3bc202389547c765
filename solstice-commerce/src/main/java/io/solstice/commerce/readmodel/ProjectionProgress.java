package io.solstice.commerce.readmodel;

import io.solstice.core.store.CheckpointKey;
import io.solstice.core.store.CheckpointStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How far the {@code projections} service has applied each tenant's part of each category: the
 * position through which every event of that (tenant, category) partition is in the tables. The
 * basis of read-your-writes ({@link SqlReadModels#awaitCaughtUp}).
 *
 * <h2>Algorithm</h2>
 *
 * The pipeline tells it (through the service's progress listener) whenever the service's in-memory
 * checkpoint of a (tenant, category) partition advances: every event of the partition up to that
 * position is committed to the tables. {@link #applied} raises the partition's position and wakes
 * every waiter ({@link Condition#signalAll()} under one {@link ReentrantLock}). A waiter parks
 * on the condition until the partition reaches its target or its deadline passes: no busy spinning.
 *
 * <p>Positions not yet seen in this process (after a restart, or when the service runs in another
 * process) come from the service's stored checkpoint, which trails the applied position by at most
 * the host's checkpoint interval. A waiter that is not woken in-process re-reads the checkpoint
 * every {@link #CHECKPOINT_RECHECK} (the fallback when the projection runs elsewhere).
 *
 * <p>Thread-safe; one instance per process, shared by the service and {@link SqlReadModels}.
 */
public final class ProjectionProgress {

  /** How often a waiter re-reads the stored checkpoint when no in-process progress wakes it. */
  public static final Duration CHECKPOINT_RECHECK = Duration.ofMillis(200);

  private final CheckpointStore checkpoints;
  private final String service;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition advanced = lock.newCondition();
  private final Map<Partition, Long> positions = new HashMap<>();

  private record Partition(String tenant, String category) {}

  private ProjectionProgress(CheckpointStore checkpoints, String service) {
    this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
    this.service = Objects.requireNonNull(service, "service");
  }

  /** Progress of the {@value Projections#NAME} service, falling back on its checkpoints in {@code checkpoints}. */
  public static ProjectionProgress create(CheckpointStore checkpoints) {
    return new ProjectionProgress(checkpoints, Projections.NAME);
  }

  /** Records that every event of the partition up to {@code position} is applied, and wakes waiters. */
  void applied(String tenant, String category, long position) {
    lock.lock();
    try {
      positions.merge(new Partition(tenant, category), position, Math::max);
      advanced.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The position through which the partition is applied (0 when nothing is known). */
  public long position(String tenant, String category) {
    Partition p = new Partition(tenant, category);
    lock.lock();
    try {
      Long known = positions.get(p);
      if (known != null) {
        return known;
      }
    } finally {
      lock.unlock();
    }
    return refresh(p);
  }

  /**
   * Waits until the partition's position is at least {@code target}, or {@code deadlineNanos}
   * ({@link System#nanoTime()}) passes.
   *
   * @return true if it got there
   */
  boolean awaitAtLeast(String tenant, String category, long target, long deadlineNanos) throws InterruptedException {
    Partition p = new Partition(tenant, category);
    if (position(tenant, category) >= target) {
      return true;
    }
    while (true) {
      lock.lock();
      try {
        while (positions.getOrDefault(p, 0L) < target) {
          long left = deadlineNanos - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          if (!advanced.await(Math.min(left, CHECKPOINT_RECHECK.toNanos()), TimeUnit.NANOSECONDS)) {
            break;
          }
        }
        if (positions.getOrDefault(p, 0L) >= target) {
          return true;
        }
      } finally {
        lock.unlock();
      }
      if (refresh(p) >= target) {
        return true;
      }
    }
  }

  /** Reads the stored checkpoint and raises the known position to it. */
  private long refresh(Partition p) {
    long stored = checkpoints.load(new CheckpointKey(service, p.tenant(), "store:" + p.category()));
    lock.lock();
    try {
      return positions.merge(p, stored, Math::max);
    } finally {
      lock.unlock();
    }
  }
}
