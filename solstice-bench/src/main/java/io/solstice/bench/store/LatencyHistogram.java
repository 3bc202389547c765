package io.solstice.bench.store;

import org.HdrHistogram.Histogram;

/**
 * A latency histogram in nanoseconds over HdrHistogram (the field's standard, also what Micrometer
 * uses): three significant digits, so any percentile is within 0.1% of the true value, over any
 * range (the histogram resizes itself). Values below 1 000 ns are exact.
 *
 * <p>Not thread-safe: give each writer its own and {@link #add} them together at the end.
 */
public final class LatencyHistogram {

  private static final int SIGNIFICANT_DIGITS = 3;

  private final Histogram histogram = new Histogram(SIGNIFICANT_DIGITS);
  /** The exact largest value: HdrHistogram reports the top of its bucket. */
  private long max;

  /** Records one value in nanoseconds (negative values count as 0). */
  public void record(long nanos) {
    long value = Math.max(0, nanos);
    histogram.recordValue(value);
    max = Math.max(max, value);
  }

  /** Adds every value recorded in {@code other} to this histogram. */
  public void add(LatencyHistogram other) {
    histogram.add(other.histogram);
    max = Math.max(max, other.max);
  }

  /** How many values were recorded. */
  public long count() {
    return histogram.getTotalCount();
  }

  /** The largest value recorded, in nanoseconds (0 when empty). */
  public long max() {
    return max;
  }

  /**
   * The value at {@code percentile} (0–100] in nanoseconds, within 0.1%, never above the largest
   * value recorded; 0 when empty.
   */
  public long percentile(double percentile) {
    if (!(percentile > 0 && percentile <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], was " + percentile);
    }
    if (histogram.getTotalCount() == 0) {
      return 0;
    }
    return Math.min(max, histogram.getValueAtPercentile(percentile));
  }

  @Override
  public String toString() {
    return "LatencyHistogram[count=" + count() + ", p50=" + percentile(50) + "ns, max=" + max() + "ns]";
  }
}
