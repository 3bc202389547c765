package io.solstice.app.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (tenant): each bucket holds up to {@code burst} tokens and refills at
 * {@code ratePerSecond}; a request takes one token or is refused with the time until one is there.
 *
 * <p>Algorithm: a bucket stores its token count and the nano time it was last refilled. {@link
 * #acquire} refills lazily ({@code tokens += elapsed × rate}, capped at {@code burst}) under the
 * bucket's own lock, then takes a token if at least one is there. Buckets of different tenants never
 * contend; a lock is held for a few arithmetic operations only. Time comes from an injectable
 * nano clock, so tests need no sleeping.
 */
public final class RateLimiter {
  private final double ratePerNano;
  private final double burst;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  /**
   * @param ratePerSecond sustained requests per second per key (≥ 1)
   * @param burst the most requests a key can make at once after being idle (≥ 1)
   * @param nanoTime a monotonic nano clock ({@code System::nanoTime})
   */
  public RateLimiter(double ratePerSecond, double burst, LongSupplier nanoTime) {
    if (!(ratePerSecond >= 1) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("rate limit must be at least 1 request/s, was " + ratePerSecond);
    }
    if (!(burst >= 1)) {
      throw new IllegalArgumentException("rate limit burst must be at least 1, was " + burst);
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.nanoTime = nanoTime;
  }

  /** A limiter of {@code ratePerSecond} with a burst of one second's worth. */
  public static RateLimiter perSecond(int ratePerSecond) {
    return new RateLimiter(ratePerSecond, ratePerSecond, System::nanoTime);
  }

  /**
   * Takes a token for {@code key}.
   *
   * @return 0 when allowed; otherwise the nanoseconds until a token will be there (nothing taken)
   */
  public long acquire(String key) {
    return buckets.computeIfAbsent(key, k -> new Bucket(burst, nanoTime.getAsLong())).take(nanoTime.getAsLong());
  }

  private final class Bucket {
    private final ReentrantLock lock = new ReentrantLock();
    private double tokens;
    private long refilledAt;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }

    long take(long now) {
      lock.lock();
      try {
        if (now > refilledAt) {
          tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerNano);
          refilledAt = now;
        }
        if (tokens >= 1) {
          tokens -= 1;
          return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerNano));
      } finally {
        lock.unlock();
      }
    }
  }
}
