package io.solstice.pipeline;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where a service's input comes from, named by a URI ({@code store:Order?tenant=acme}, {@code
 * kafka:Order}). Service code names sources by URI only; the {@link ServiceHost} resolves each URI
 * with the {@link SourceFactory} registered for its scheme, so a new kind of source needs no change
 * to any service.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>A source is split into {@link SourcePartition}s. The service keeps one read-ahead bound and
 *       one checkpoint per partition: the highest offset up to which every delivered event is
 *       completed.
 *   <li>{@link Reader#poll} delivers what is available, for each partition at most what the {@link
 *       ReadAhead} has room for (plus one page), in each partition's offset order. When nothing is
 *       available it waits up to {@code maxWait} without busy polling.
 *   <li>Checkpoints are stored by the service in its checkpoint store ({@link Context#checkpoint}
 *       reads them back) unless the source {@link #ownsCheckpoints() owns them} (Kafka: committed
 *       offsets), in which case the service hands them to {@link Reader#commit}.
 *   <li>Delivery is at least once: after a restart or a rebalance a partition is read again from
 *       its checkpoint.
 * </ul>
 */
public interface Source {

  /** The URI this source was built from. */
  String uri();

  /** Starts reading for one service. */
  Reader open(Context context);

  /** True if the source stores its own checkpoints ({@link Reader#commit}); false to use the service's checkpoint store. */
  default boolean ownsCheckpoints() {
    return false;
  }

  /** What a reader needs from the service it feeds. */
  interface Context {
    /** The service's name. */
    String service();

    /** The completed offset of {@code partition} in the service's checkpoint store (0 = from the start). */
    long checkpoint(SourcePartition partition);

    /**
     * Stops the service's work on {@code partitions} (a rebalance took them away): input already
     * being handled finishes, up to {@code timeout}; input not started is dropped. Returns each
     * partition's completed offset, to commit before the partitions are handed over; a partition
     * whose in-flight input did not finish in time returns what was completed.
     */
    Map<SourcePartition, Long> release(Collection<SourcePartition> partitions, Duration timeout) throws InterruptedException;

    /** Drops {@code partitions} at once (they were lost: nothing may be committed for them any more). */
    void drop(Collection<SourcePartition> partitions);
  }

  /** How much more input the service accepts now, per partition (read-ahead not yet full). */
  @FunctionalInterface
  interface ReadAhead {
    /** Events of {@code partition} the service accepts before its read-ahead is full (0 or less: none). */
    int room(SourcePartition partition);
  }

  /** A running source; used by one thread. */
  interface Reader extends AutoCloseable {

    /** Reads what is available within {@code readAhead}, waiting up to {@code maxWait} when nothing is. */
    Poll poll(ReadAhead readAhead, Duration maxWait) throws InterruptedException;

    /**
     * Stores completed offsets as the partitions' checkpoints, for a source that {@link
     * Source#ownsCheckpoints() owns them}; called from another thread than {@link #poll}.
     */
    default void commit(Map<SourcePartition, Long> completed) {}

    @Override
    void close();
  }

  /**
   * The result of one poll.
   *
   * @param deliveries what was read
   * @param held true when some partition has input waiting that was not read because its
   *     read-ahead is full; the service then waits for capacity rather than for new input
   */
  record Poll(List<Delivery> deliveries, boolean held) {
    public Poll {
      deliveries = List.copyOf(deliveries);
    }
  }
}
