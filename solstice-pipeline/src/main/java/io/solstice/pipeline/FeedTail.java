package io.solstice.pipeline;

import io.solstice.core.RecordedEvent;
import io.solstice.core.store.EventStore;
import java.time.Duration;
import java.util.List;

/**
 * The tail of one store's feed held in memory and kept up to date by one reader thread, for a
 * component that reads the whole feed in order (the Kafka publisher). Services read it through
 * {@code store:} sources; see {@link StoreSource} and the algorithm on the implementation.
 */
public interface FeedTail extends AutoCloseable {

  /** Starts tailing {@code store} at its current head, keeping the last {@code capacity} events. */
  static FeedTail open(EventStore store, int capacity, Duration pollWait) {
    StoreFeed feed = new StoreFeed(store, capacity, pollWait);
    feed.start();
    return feed;
  }

  /**
   * Up to {@code max} events with positions greater than {@code after}, in order; empty if none is
   * there yet; null if the tail no longer holds position {@code after + 1} (read the store instead).
   */
  List<RecordedEvent> after(long after, int max);

  /** Waits until the tail holds a position greater than {@code after}, at most {@code timeout}; true if it does. */
  default boolean await(long after, Duration timeout) throws InterruptedException {
    return await(after, timeout.toNanos());
  }

  /** As {@link #await(long, Duration)}, in nanoseconds. */
  boolean await(long after, long nanos) throws InterruptedException;

  /** The last position held: every commit up to it has been seen. */
  long last();

  @Override
  void close();
}
