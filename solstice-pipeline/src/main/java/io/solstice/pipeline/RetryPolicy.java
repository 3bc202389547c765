package io.solstice.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * What a service does when handling an input fails: retry with exponential backoff and jitter,
 * then, after {@code maxAttempts} attempts, park the input as a dead letter and let its stream go
 * on ({@link Exhausted#PARK}) or keep the stream halted on it ({@link Exhausted#HALT_STREAM}).
 *
 * <p>The wait before attempt {@code n + 1} is {@code min(maxBackoff, initialBackoff * 2^(n-1))},
 * of which a random fraction of up to {@code jitter} is taken off (so {@code jitter = 0.5} waits
 * between 50% and 100% of that figure). A halted stream retries at {@code maxBackoff} forever, so
 * it resumes by itself when the cause is fixed.
 *
 * <p>A stream that has been failing for {@code stuckAfter} or longer is reported as stuck: one
 * warning in the log and the {@code solstice.service.stuck} gauge.
 *
 * @param maxAttempts attempts before the input is parked (or the stream is halted), at least 1
 * @param initialBackoff the wait after the first failure, at least 0
 * @param maxBackoff the longest wait, at least {@code initialBackoff}
 * @param jitter the fraction of each wait that is random, 0 to 1
 * @param whenExhausted park or halt after the last attempt
 * @param stuckAfter how long a stream may keep failing before it is reported stuck, more than 0
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter, Exhausted whenExhausted, Duration stuckAfter) {

  /** What happens after the last attempt. */
  public enum Exhausted {
    /** Park the input as a dead letter; the stream goes on with its next input. */
    PARK,
    /** Keep the stream on this input, retrying at the maximum backoff; the checkpoint cannot pass it. */
    HALT_STREAM
  }

  /** 5 attempts, 100 ms doubling up to 10 s, 50% jitter, then park; stuck after 1 minute. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(10), 0.5, Exhausted.PARK, Duration.ofMinutes(1));
  }

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(whenExhausted, "whenExhausted");
    Objects.requireNonNull(stuckAfter, "stuckAfter");
    if (initialBackoff.isNegative()) {
      throw new IllegalArgumentException("initialBackoff must not be negative, was " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must be at least initialBackoff (" + initialBackoff + ")");
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
    }
    if (stuckAfter.isNegative() || stuckAfter.isZero()) {
      throw new IllegalArgumentException("stuckAfter must be positive, was " + stuckAfter);
    }
  }

  public RetryPolicy withMaxAttempts(int n) {
    return new RetryPolicy(n, initialBackoff, maxBackoff, jitter, whenExhausted, stuckAfter);
  }

  public RetryPolicy withBackoff(Duration initial, Duration max) {
    return new RetryPolicy(maxAttempts, initial, max, jitter, whenExhausted, stuckAfter);
  }

  public RetryPolicy withJitter(double fraction) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, fraction, whenExhausted, stuckAfter);
  }

  public RetryPolicy whenExhausted(Exhausted then) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, jitter, then, stuckAfter);
  }

  public RetryPolicy withStuckAfter(Duration threshold) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, jitter, whenExhausted, threshold);
  }

  /**
   * The wait after failed attempt {@code attempt} (1-based).
   *
   * @param random a uniform random number in [0, 1) choosing the jitter
   */
  public Duration backoff(int attempt, double random) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt is 1-based, was " + attempt);
    }
    long initial = initialBackoff.toNanos();
    long max = maxBackoff.toNanos();
    long base = initial;
    for (int i = 1; i < attempt && base < max; i++) {
      base = base > max / 2 ? max : base * 2;
    }
    base = Math.min(base, max);
    long cut = (long) (base * jitter * random);
    return Duration.ofNanos(base - cut);
  }
}
