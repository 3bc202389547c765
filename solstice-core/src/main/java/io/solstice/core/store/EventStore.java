package io.solstice.core.store;

import io.solstice.core.EventData;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An event store: immutable streams with optimistic concurrency, and a global feed.
 *
 * <h2>Semantics (every implementation; checked by the store contract suite)</h2>
 *
 * <ul>
 *   <li><b>Versions</b> are 0-based within a stream; a stream's version is that of its last event,
 *       -1 when empty. An append carries an {@link ExpectedVersion}: {@code ANY}, {@code NO_STREAM}
 *       or an exact version; the check and the write are atomic.
 *   <li><b>Positions</b> are global within one store: they start at 1 and only grow. {@link
 *       #readAll} returns events with position greater than {@code after}, so a checkpoint is the
 *       last position completed.
 *   <li><b>The feed never skips</b>: a reader that has read up to position P will never later find
 *       a newly committed event with a position at or below P, whatever the number of concurrent
 *       appenders, threads or processes.
 *   <li><b>Idempotent appends</b>: re-appending events whose ids are all already stored, in the
 *       same stream and order, is a {@link AppendResult.Written} with {@code duplicate = true} that
 *       writes nothing; an append mixing stored and new ids fails with {@link
 *       DuplicateEventIdException}.
 *   <li><b>Atomic multi-stream appends</b>: {@link #appendAll} commits every stream or none.
 *   <li><b>Limits</b>: an event over the size limit ({@link #maxEventBytes()}, 1 MiB by default), or
 *       a tenant not in the {@link #tenants() tenant directory}, fails the append with nothing
 *       written. Invalid stream names cannot be built at all ({@link StreamName}).
 *   <li><b>Blocking, thread-safe</b>: every method may be called from many (virtual) threads at
 *       once; calls block the caller until done. Implementations batch concurrent appends (group
 *       commit) where they can; each append's concurrency check still succeeds or fails on its
 *       own.
 * </ul>
 */
public interface EventStore extends AutoCloseable {

  /** Default limit on one event's size: 1 MiB. */
  int DEFAULT_MAX_EVENT_BYTES = 1 << 20;

  /**
   * Appends events to one stream if it is at the expected version.
   *
   * @return {@link AppendResult.Written} or {@link AppendResult.Conflict}
   * @throws UnknownTenantException if the stream's tenant is not registered
   * @throws EventTooLargeException if an event is over the size limit
   * @throws DuplicateEventIdException if stored and new event ids are mixed
   */
  default AppendResult append(StreamName stream, ExpectedVersion expected, List<EventData> events) {
    MultiAppendResult result = appendAll(List.of(new AppendRequest(stream, expected, events)));
    return switch (result) {
      case MultiAppendResult.Committed c -> c.results().getFirst();
      case MultiAppendResult.Rejected r -> r.conflicts().getFirst();
    };
  }

  /**
   * Appends to several streams atomically: each request's expected version is checked, and either
   * every request is written in one transaction or none is. A stream may appear only once.
   */
  MultiAppendResult appendAll(List<AppendRequest> requests);

  /** Reads up to {@code max} events of a stream forward, starting at version {@code fromVersion} (inclusive). */
  List<RecordedEvent> read(StreamName stream, long fromVersion, int max);

  /**
   * Reads up to {@code max} events of a stream backward, starting at version {@code fromVersion}
   * (inclusive; {@code Long.MAX_VALUE} for the last event), newest first.
   */
  List<RecordedEvent> readBackward(StreamName stream, long fromVersion, int max);

  /** The stream's current version: that of its last event, or -1 when it has none. */
  long version(StreamName stream);

  /**
   * Reads up to {@code max} events of the global feed with position greater than {@code after}, in
   * position order, restricted to {@code filter}.
   */
  List<RecordedEvent> readAll(long after, int max, FeedFilter filter);

  /**
   * Reads up to {@code max} events of {@code tenant} whose metadata's correlation id is {@code
   * correlationId}, in position order: everything one business transaction (e.g. an order) caused,
   * across streams. Served by an index, so its cost grows with the answer, not with the streams
   * involved. Stores that cannot answer it throw {@link UnsupportedOperationException}.
   */
  default List<RecordedEvent> readCorrelated(String tenant, String correlationId, int max) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot read events by correlation id");
  }

  /** The highest position committed and visible to readers (0 when the store is empty). */
  long headPosition();

  /**
   * The head of the feed that holds {@code tenant}'s events: {@link #headPosition()} for a single
   * store; for a store that routes tenants to several stores, the head of the tenant's own store
   * (positions of different stores are not comparable).
   */
  default long headPosition(String tenant) {
    return headPosition();
  }

  /**
   * Blocks until the store holds an event with position greater than {@code after}, or until the
   * timeout passes. Wakes within milliseconds of an append by this process or (where the backend
   * supports it) another process; never busy-polls.
   *
   * @return true if an event past {@code after} exists, false on timeout
   */
  boolean awaitAppend(long after, Duration timeout) throws InterruptedException;

  /**
   * Registers {@code listener} to be told of every commit this process makes, with the events
   * written, so that a tailing reader in this process learns of them without reading them back.
   * Commits by other processes are not reported: a reader still uses {@link #readAll} for positions
   * it was not told of (with positions dense per commit, a gap before a reported commit is exactly
   * what another process wrote). A store that cannot report commits returns a registration that
   * does nothing.
   */
  default CommitListener.Registration onCommit(CommitListener listener) {
    return () -> {};
  }

  /**
   * The stores whose feeds hold this store's events: this store itself, or, for a store that routes
   * tenants to several stores, each of them (positions belong to one store; tail each one's feed).
   */
  default List<EventStore> feeds() {
    return List.of(this);
  }

  /** Stores a snapshot, replacing any older one of the same stream and schema. */
  void writeSnapshot(Snapshot snapshot);

  /** The latest snapshot of {@code stream} with schema {@code schema}, if any. */
  Optional<Snapshot> readSnapshot(StreamName stream, int schema);

  /** This store's tenant directory. */
  TenantDirectory tenants();

  /** The limit on one event's size in bytes (data, type and metadata). */
  default int maxEventBytes() {
    return DEFAULT_MAX_EVENT_BYTES;
  }

  /** Releases connections and threads. Appends in progress complete or fail; none are lost silently. */
  @Override
  void close();
}
