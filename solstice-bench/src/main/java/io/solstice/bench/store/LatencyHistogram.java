package io.solstice.bench.store;

import java.util.Arrays;

/**
 * A latency histogram with logarithmic buckets: values below 16 are exact, larger values fall in
 * one of 16 equal sub-buckets per power of two, so any percentile is within about 3% of the true
 * value (a bucket's midpoint is reported). Values are nanoseconds; memory is fixed (about 8 KiB).
 *
 * <p>Not thread-safe: give each writer its own and {@link #add} them together at the end.
 */
public final class LatencyHistogram {

  private static final int SUB_BUCKET_BITS = 4;
  private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
  private static final int BUCKETS = (64 - SUB_BUCKET_BITS + 1) * SUB_BUCKETS;

  private final long[] counts = new long[BUCKETS];
  private long total;
  private long max;

  /** Records one value in nanoseconds (negative values count as 0). */
  public void record(long nanos) {
    long value = Math.max(0, nanos);
    counts[index(value)]++;
    total++;
    max = Math.max(max, value);
  }

  /** Adds every value recorded in {@code other} to this histogram. */
  public void add(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    max = Math.max(max, other.max);
  }

  /** How many values were recorded. */
  public long count() {
    return total;
  }

  /** The largest value recorded, in nanoseconds (0 when empty). */
  public long max() {
    return max;
  }

  /**
   * The value at {@code percentile} (0–100] in nanoseconds: the midpoint of the bucket holding
   * that rank, never above the largest value recorded; 0 when empty.
   */
  public long percentile(double percentile) {
    if (!(percentile > 0 && percentile <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], was " + percentile);
    }
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(percentile / 100.0 * total);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(max, lowerBound(i) + width(i) / 2);
      }
    }
    return max;
  }

  static int index(long value) {
    if (value < SUB_BUCKETS) {
      return (int) value;
    }
    int magnitude = 63 - Long.numberOfLeadingZeros(value); // >= SUB_BUCKET_BITS
    int sub = (int) (value >>> (magnitude - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1);
    return (magnitude - SUB_BUCKET_BITS + 1) * SUB_BUCKETS + sub;
  }

  static long lowerBound(int index) {
    if (index < SUB_BUCKETS) {
      return index;
    }
    int magnitude = index / SUB_BUCKETS + SUB_BUCKET_BITS - 1;
    long sub = index % SUB_BUCKETS;
    return (SUB_BUCKETS + sub) << (magnitude - SUB_BUCKET_BITS);
  }

  static long width(int index) {
    return index < SUB_BUCKETS ? 1 : 1L << (index / SUB_BUCKETS - 1);
  }

  @Override
  public String toString() {
    return "LatencyHistogram[count=" + total + ", p50=" + percentile(50) + "ns, max=" + max + "ns, buckets used="
        + Arrays.stream(counts).filter(c -> c > 0).count() + "]";
  }
}
