package io.solstice.commerce.shared;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of locks selected by key hash, used to serialize, within one process, transactions
 * that contend for the same hot streams (e.g. checkouts of the last units of one SKU). Optimistic
 * concurrency stays the source of truth across processes; the locks only turn in-process contention
 * into waiting instead of conflicts and retries. Locks are taken in index order, so two callers
 * never deadlock. {@link ReentrantLock} rather than {@code synchronized}: holders block on I/O on
 * virtual threads.
 */
public final class StripedLocks {
  private final ReentrantLock[] locks;

  public StripedLocks(int stripes) {
    locks = new ReentrantLock[stripes];
    for (int i = 0; i < stripes; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** A held set of locks; close to release. */
  public interface Held extends AutoCloseable {
    @Override
    void close();
  }

  /** Takes the locks of every key, in a global order. */
  public Held lockAll(Collection<String> keys) {
    TreeSet<Integer> indexes = new TreeSet<>();
    for (String key : keys) {
      indexes.add(Math.floorMod(key.hashCode(), locks.length));
    }
    List<ReentrantLock> taken = new ArrayList<>(indexes.size());
    for (int i : indexes) {
      locks[i].lock();
      taken.add(locks[i]);
    }
    return () -> {
      for (int i = taken.size() - 1; i >= 0; i--) {
        taken.get(i).unlock();
      }
    };
  }
}
