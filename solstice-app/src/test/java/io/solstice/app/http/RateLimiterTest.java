package io.solstice.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final RateLimiter limiter = new RateLimiter(10, 10, now::get);

  @Test
  void aBurstIsAllowedThenRequestsWaitForTheRefill() {
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.acquire("acme")).isZero();
    }
    long wait = limiter.acquire("acme");
    assertThat(wait).isEqualTo(100_000_000L);
    now.addAndGet(wait);
    assertThat(limiter.acquire("acme")).isZero();
  }

  @Test
  void tenantsHaveTheirOwnBuckets() {
    for (int i = 0; i < 10; i++) {
      limiter.acquire("acme");
    }
    assertThat(limiter.acquire("acme")).isPositive();
    assertThat(limiter.acquire("globex")).isZero();
  }

  @Test
  void anIdleBucketRefillsOnlyUpToItsBurst() {
    now.addAndGet(3_600_000_000_000L);
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.acquire("acme")).isZero();
    }
    assertThat(limiter.acquire("acme")).isPositive();
  }

  @Test
  void aRateBelowOneIsRefusedNamingTheValue() {
    assertThatThrownBy(() -> new RateLimiter(0, 1, System::nanoTime)).hasMessageContaining("was 0.0");
  }
}
