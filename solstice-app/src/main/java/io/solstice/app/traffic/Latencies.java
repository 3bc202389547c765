package io.solstice.app.traffic;

import java.util.Arrays;

/**
 * A set of latencies (nanoseconds) with exact percentiles, by sorting: a run has at most some tens
 * of thousands of orders, so keeping every value costs little and needs no bucketing. Immutable.
 */
public final class Latencies {
  private final long[] sorted;

  private Latencies(long[] values) {
    this.sorted = values.clone();
    Arrays.sort(this.sorted);
  }

  public static Latencies of(long[] nanos) {
    return new Latencies(nanos);
  }

  public int count() {
    return sorted.length;
  }

  /** The value at {@code percentile} (0-100] by the nearest-rank method, in milliseconds; NaN when empty. */
  public double millis(double percentile) {
    if (!(percentile > 0 && percentile <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], was " + percentile);
    }
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }
}
