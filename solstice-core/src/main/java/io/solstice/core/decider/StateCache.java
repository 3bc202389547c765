package io.solstice.core.decider;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.solstice.core.StreamName;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * A bounded cache of folded states keyed by stream, shared by any number of {@link Category
 * categories} (each category's entries are kept apart, so two folds of one stream never mix).
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>An entry {@code (version, state)} is always the exact fold of the stream's events up to
 *       {@code version}: events are immutable, so an entry can be old but never wrong.
 *   <li>It never goes backwards: an entry is replaced only by one with a higher version. After each
 *       successful append a decider puts the state it wrote, so this process never reads a state
 *       older than what it wrote itself.
 *   <li>It may lag behind writes by other processes (or other caches). Deciders handle that: the
 *       default {@link LoadMode#LATEST} reads the newer events after the cached version, and any
 *       transact appends with the exact expected version, so a stale entry costs at most a retry.
 * </ul>
 *
 * Size is bounded (least-recently/frequently-used entries are evicted); entries may also expire
 * after a sliding window without access. Thread-safe.
 */
public final class StateCache {
  private final Cache<Key, Entry> cache;

  private record Key(Object owner, StreamName stream) {}

  /** A cached state: the exact fold of the stream up to {@code version}. */
  record Entry(long version, Object state) {}

  private StateCache(Cache<Key, Entry> cache) {
    this.cache = cache;
  }

  /** A cache holding at most {@code maximumSize} states. */
  public static StateCache bounded(long maximumSize) {
    requireSize(maximumSize);
    return new StateCache(Caffeine.newBuilder().maximumSize(maximumSize).build());
  }

  /**
   * A cache holding at most {@code maximumSize} states, each dropped when not used for {@code
   * expireAfterAccess} (a sliding window) as measured by {@code clock}.
   */
  public static StateCache bounded(long maximumSize, Duration expireAfterAccess, InstantSource clock) {
    requireSize(maximumSize);
    Objects.requireNonNull(expireAfterAccess, "expireAfterAccess");
    Objects.requireNonNull(clock, "clock");
    if (expireAfterAccess.isNegative() || expireAfterAccess.isZero()) {
      throw new IllegalArgumentException("expireAfterAccess must be positive, was " + expireAfterAccess);
    }
    return new StateCache(Caffeine.newBuilder()
        .maximumSize(maximumSize)
        .expireAfterAccess(expireAfterAccess)
        .ticker(() -> {
          Instant now = clock.instant();
          return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        })
        .build());
  }

  private static void requireSize(long maximumSize) {
    if (maximumSize <= 0) {
      throw new IllegalArgumentException("cache maximumSize must be positive, was " + maximumSize);
    }
  }

  /** Approximate number of cached states. */
  public long estimatedSize() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** Drops every cached state. */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  Entry get(Object owner, StreamName stream) {
    return cache.getIfPresent(new Key(owner, stream));
  }

  /** Stores the entry unless a newer one is cached. */
  void offer(Object owner, StreamName stream, long version, Object state) {
    Entry entry = new Entry(version, state);
    cache.asMap().merge(new Key(owner, stream), entry, (old, neu) -> neu.version() > old.version() ? neu : old);
  }

  void invalidate(Object owner, StreamName stream) {
    cache.invalidate(new Key(owner, stream));
  }
}
