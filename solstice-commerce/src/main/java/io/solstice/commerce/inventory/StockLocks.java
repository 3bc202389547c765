package io.solstice.commerce.inventory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.solstice.commerce.Categories;
import io.solstice.commerce.shared.StripedLocks;
import java.util.Collection;

/**
 * The locks of stock streams taken by the checkouts of one process, so that checkouts of the same
 * SKUs wait for each other instead of conflicting on the store and deciding again. (Fulfillment's
 * allocations do not take them: held across an append, the locks made allocations queue behind
 * checkouts; a conflict costs less.) Optimistic concurrency
 * stays the source of truth (other processes do not share these locks); the locks only turn
 * in-process contention on hot SKUs into waiting. Locks are taken in one global order ({@link
 * StripedLocks}), so holders never deadlock.
 *
 * <p>"One process" is one {@link Categories} instance (one set of caches): the use cases and
 * reactions wired on the same instance share the locks; a second instance, as a test standing in
 * for another process builds, has its own.
 */
public final class StockLocks {
  private static final Cache<Categories, StockLocks> BY_PROCESS = Caffeine.newBuilder().weakKeys().build();

  private final StripedLocks locks = new StripedLocks(1024);

  private StockLocks() {}

  /** The stock locks of the process that {@code categories} belongs to. */
  public static StockLocks of(Categories categories) {
    return BY_PROCESS.get(categories, c -> new StockLocks());
  }

  /** Takes the locks of {@code tenant}'s stock of every SKU in {@code skus}; close to release. */
  public StripedLocks.Held lock(String tenant, Collection<String> skus) {
    return locks.lockAll(skus.stream().map(sku -> tenant + "/" + sku).toList());
  }
}
