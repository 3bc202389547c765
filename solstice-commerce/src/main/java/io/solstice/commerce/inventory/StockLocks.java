package io.solstice.commerce.inventory;

import io.solstice.commerce.shared.StripedLocks;
import java.util.Collection;

/**
 * The process-wide locks of stock streams, taken by every transaction of this process that writes
 * stock (checkout's reservations, fulfillment's allocations, releases), so that within one process
 * they wait for each other instead of conflicting on the store and deciding again. Optimistic
 * concurrency stays the source of truth (other processes do not share these locks); the locks only
 * turn in-process contention on hot SKUs into waiting. Locks are taken in one global order ({@link
 * StripedLocks}), so holders never deadlock.
 */
public final class StockLocks {
  private StockLocks() {}

  private static final StripedLocks LOCKS = new StripedLocks(1024);

  /** Takes the locks of {@code tenant}'s stock of every SKU in {@code skus}; close to release. */
  public static StripedLocks.Held lock(String tenant, Collection<String> skus) {
    return LOCKS.lockAll(skus.stream().map(sku -> tenant + "/" + sku).toList());
  }
}
