package io.solstice.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where a service's input comes from, named by a URI ({@code store:Order?tenant=acme}, later
 * {@code kafka:orders}). Service code names sources by URI only; the {@link ServiceHost} resolves
 * each URI with the {@link SourceFactory} registered for its scheme, so a new kind of source (Kafka)
 * needs no change to any service.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>A source is split into {@link SourcePartition}s: one per tenant and source partition. The
 *       service keeps one cursor and one checkpoint per partition and reads partitions in turn, which
 *       is what keeps one tenant's flood from starving another.
 *   <li>On first seeing a partition the reader asks {@link Context#checkpoint} where to start and
 *       delivers only events with an offset greater than it.
 *   <li>{@link Reader#poll} delivers what is available, at most one page per wanted partition,
 *       skipping partitions the service does not want now (its read-ahead for them is full). When
 *       nothing is available it waits up to {@code maxWait} for new input without busy polling.
 *   <li>Delivery is at least once: after a restart the reader starts again from the checkpoint.
 * </ul>
 */
public interface Source {

  /** The URI this source was built from. */
  String uri();

  /** Starts reading for one service. */
  Reader open(Context context);

  /** What a reader needs from the service it feeds. */
  interface Context {
    /** The service's name. */
    String service();

    /** The completed offset of {@code partition} to start after (0 = from the start). */
    long checkpoint(SourcePartition partition);
  }

  /** A running source; used by one thread. */
  interface Reader extends AutoCloseable {

    /**
     * Reads what is available for the partitions {@code wanted} accepts, waiting up to {@code
     * maxWait} when nothing is.
     */
    Poll poll(Predicate<SourcePartition> wanted, Duration maxWait) throws InterruptedException;

    /** Called after the service stored {@code offset} as the checkpoint of {@code partition}. */
    default void committed(SourcePartition partition, long offset) {}

    @Override
    void close();
  }

  /**
   * The result of one poll.
   *
   * @param deliveries what was read
   * @param held true when some partition has input waiting that was not read because the service
   *     did not want it (read-ahead full); the service then waits for capacity, not for appends
   */
  record Poll(List<Delivery> deliveries, boolean held) {
    public Poll {
      deliveries = List.copyOf(deliveries);
    }
  }
}
