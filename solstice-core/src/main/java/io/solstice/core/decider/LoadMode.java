package io.solstice.core.decider;

/**
 * How a {@link Decider} obtains the state it decides or queries on. Whatever the mode, a transact
 * appends with the exact expected version of the state it used, so a stale state costs a retry,
 * never a lost update.
 */
public enum LoadMode {
  /**
   * The default: the cached state if any (else the snapshot), then every newer event read from the
   * store. One store round trip on a cache hit; the result is as fresh as a full reload.
   */
  LATEST,
  /**
   * The cached state as it is, without reading the store (a miss loads as {@link #LATEST}). Cheapest
   * for queries that tolerate staleness and for transacts on streams this process usually writes;
   * a transact that turns out stale retries after reading the newer events.
   */
  ANY_CACHED,
  /** Ignore the cache: the snapshot (if the category keeps them) and the events after it. */
  REQUIRE_LOAD
}
