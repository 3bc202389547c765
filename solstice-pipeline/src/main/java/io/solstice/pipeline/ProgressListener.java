package io.solstice.pipeline;

/**
 * Told when a partition's in-memory checkpoint advances: every input of {@code partition} up to
 * {@code offset} is completed (handled or parked) in this process. Called after each span that
 * moves it, before the checkpoint is stored, on the span's thread and outside the service's
 * locks; offsets of one partition only grow, though two calls may arrive out of order (keep the
 * maximum). For what waits on a service's effects being done, e.g. read-your-writes on a read
 * model ({@code ProjectionProgress}).
 */
@FunctionalInterface
public interface ProgressListener {

  /** Every input of {@code partition} through {@code offset} is completed. */
  void advanced(SourcePartition partition, long offset);

  /** Listens to nothing. */
  ProgressListener NONE = (partition, offset) -> {};
}
