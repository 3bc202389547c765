package io.solstice.store.sql;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's in-process wake-up: the highest position known to be committed, and a condition that
 * tailing readers wait on. Writers (and the PostgreSQL notification listener) advance it after
 * each commit; waiters wake at once. Positions only move forward.
 */
final class AppendSignal {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition advanced = lock.newCondition();
  private volatile long head;

  AppendSignal(long initialHead) {
    this.head = initialHead;
  }

  long head() {
    return head;
  }

  /** Records that positions up to {@code position} are committed and wakes every waiter. */
  void advanceTo(long position) {
    if (position <= head) {
      return;
    }
    lock.lock();
    try {
      if (position > head) {
        head = position;
      }
      advanced.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the head passes {@code after} or {@code nanos} pass.
   *
   * @return true if the head is past {@code after}
   */
  boolean await(long after, long nanos) throws InterruptedException {
    if (head > after) {
      return true;
    }
    lock.lockInterruptibly();
    try {
      long remaining = nanos;
      while (head <= after && remaining > 0) {
        remaining = advanced.awaitNanos(remaining);
      }
      return head > after;
    } finally {
      lock.unlock();
    }
  }

  static long nanos(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }
}
