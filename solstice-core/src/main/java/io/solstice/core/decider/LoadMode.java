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
  REQUIRE_LOAD,
  /**
   * Transacts start from the cached state without reading the store and let the append's exact
   * expected version verify it; every outcome is the same as {@link #LATEST}'s:
   *
   * <ul>
   *   <li>a write that succeeds proves the state was current (no read at all on a cache hit);
   *   <li>a conflict reads the newer events and decides again — a conflict met on an unverified
   *       cached state does not count as one of the transact's attempts;
   *   <li>a decision that writes nothing or refuses (throws) on an unverified cached state is taken
   *       again after reading the newer events, so no no-op or refusal is ever decided on a stale
   *       state (one read, only in that case).
   * </ul>
   *
   * In a {@link MultiStreamDecider}, streams that are only read (no events staged) are caught up
   * before the append, since the append does not check them. Loads and queries behave as {@link
   * #LATEST} (nothing verifies a state that is only read), unless the decider knows a {@link
   * Decider#withMinimumVersion minimum version}. The right mode where this process writes most of
   * the streams it decides on: it saves the store read of every cache hit; where other processes
   * write the same streams often, a stale cache costs a failed append instead of a read.
   */
  OPTIMISTIC
}
