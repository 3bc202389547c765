package io.solstice.app.ops;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Latencies recorded since the last {@link #drain()}, for the console's chart of checkout → mail
 * latency: each drain answers the interval's count, p50 and p99 (exact, from the values kept) and
 * starts a new interval. Keeps at most {@value #MAX_VALUES} values per interval (later ones are
 * counted but not kept). Thread-safe.
 */
public final class LatencyWindow {
  /** The most values kept per interval. */
  public static final int MAX_VALUES = 50_000;

  private final ReentrantLock lock = new ReentrantLock();
  private long[] values = new long[256];
  private int size;
  private long count;

  /**
   * One interval's figures.
   *
   * @param count values recorded
   * @param p50Millis the median, null when none
   * @param p99Millis the 99th percentile, null when none
   */
  public record Figures(long count, Double p50Millis, Double p99Millis) {}

  /** Records one latency in milliseconds. */
  public void record(long millis) {
    lock.lock();
    try {
      count++;
      if (size < MAX_VALUES) {
        if (size == values.length) {
          values = Arrays.copyOf(values, Math.min(MAX_VALUES, values.length * 2));
        }
        values[size++] = millis;
      }
    } finally {
      lock.unlock();
    }
  }

  /** The figures of the interval since the last drain, and a new interval. */
  public Figures drain() {
    long[] kept;
    long n;
    lock.lock();
    try {
      kept = Arrays.copyOf(values, size);
      n = count;
      size = 0;
      count = 0;
    } finally {
      lock.unlock();
    }
    if (kept.length == 0) {
      return new Figures(n, null, null);
    }
    Arrays.sort(kept);
    return new Figures(n, (double) kept[rank(kept.length, 0.50)], (double) kept[rank(kept.length, 0.99)]);
  }

  private static int rank(int n, double q) {
    return Math.min(n - 1, Math.max(0, (int) Math.ceil(q * n) - 1));
  }
}
