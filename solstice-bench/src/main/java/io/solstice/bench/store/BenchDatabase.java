package io.solstice.bench.store;

import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.EventStore;
import java.util.List;

/**
 * The database one benchmark run writes to, and the few operations the benchmark needs beyond
 * {@link EventStore}. Every phase opens its stores here, on the same database, schema and indexes.
 * Closing it removes what the run created (a temporary file or schema) unless asked to keep it.
 */
public interface BenchDatabase extends AutoCloseable {

  /** What the run writes to, e.g. {@code SQLite /tmp/solstice-bench-123/bench.db (WAL, synchronous=FULL)}. */
  String description();

  /**
   * Opens a store on this database.
   *
   * @param groupCommit true for the production configuration; false for the naive baseline (each
   *     append its own transaction, same checks)
   * @param writers how many threads will append at once (to size connection pools)
   */
  EventStore open(boolean groupCommit, int writers);

  /** Counts the events stored, by querying the database (not the store's own counters). */
  long countEvents(EventStore store);

  /** Inserts the requests' events as one raw multi-row batch with no checks (the ceiling baseline). */
  void insertUnchecked(EventStore store, List<AppendRequest> requests);

  /** Removes what the run created, unless it is to be kept. */
  @Override
  void close();
}
