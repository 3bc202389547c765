package io.solstice.app.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
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
 *
 * <p>At most {@code maxKeys} buckets are kept (least recently used ones are dropped after a
 * minute unused, or first when over the bound), so keys a client chooses, such as its address,
 * cannot grow the limiter without bound; a dropped bucket starts full again.
 */
public final class RateLimiter {
  private final double ratePerNano;
  private final double burst;
  private final LongSupplier nanoTime;
  private final Cache<String, Bucket> buckets;

  /** Buckets kept by default. */
  public static final long DEFAULT_MAX_KEYS = 100_000;

  /**
   * @param ratePerSecond sustained requests per second per key (≥ 1)
   * @param burst the most requests a key can make at once after being idle (≥ 1)
   * @param nanoTime a monotonic nano clock ({@code System::nanoTime})
   */
  public RateLimiter(double ratePerSecond, double burst, LongSupplier nanoTime) {
    this(ratePerSecond, burst, nanoTime, DEFAULT_MAX_KEYS);
  }

  /** As {@link #RateLimiter(double, double, LongSupplier)}, keeping at most {@code maxKeys} buckets. */
  public RateLimiter(double ratePerSecond, double burst, LongSupplier nanoTime, long maxKeys) {
    if (!(ratePerSecond >= 1) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("rate limit must be at least 1 request/s, was " + ratePerSecond);
    }
    if (!(burst >= 1)) {
      throw new IllegalArgumentException("rate limit burst must be at least 1, was " + burst);
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.buckets = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterAccess(Duration.ofMinutes(1)).ticker(nanoTime::getAsLong).build();
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
    return buckets.get(key, k -> new Bucket(burst, nanoTime.getAsLong())).take(nanoTime.getAsLong(), true);
  }

  /**
   * Whether {@code key} could take a token now, without taking it.
   *
   * @return 0 when a token is there; otherwise the nanoseconds until one will be
   */
  public long peek(String key) {
    Bucket bucket = buckets.getIfPresent(key);
    return bucket == null ? 0 : bucket.take(nanoTime.getAsLong(), false);
  }

  private final class Bucket {
    private final ReentrantLock lock = new ReentrantLock();
    private double tokens;
    private long refilledAt;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }

    long take(long now, boolean consume) {
      lock.lock();
      try {
        if (now > refilledAt) {
          tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerNano);
          refilledAt = now;
        }
        if (tokens >= 1) {
          if (consume) {
            tokens -= 1;
          }
          return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerNano));
      } finally {
        lock.unlock();
      }
    }
  }
}
