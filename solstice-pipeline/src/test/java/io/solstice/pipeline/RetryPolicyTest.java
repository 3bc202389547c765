package io.solstice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy = RetryPolicy.defaults().withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)).withJitter(0.5);

  @Test
  void backoffDoublesFromTheInitialWaitUpToTheMaximum() {
    assertThat(policy.backoff(1, 0)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.backoff(2, 0)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.backoff(4, 0)).isEqualTo(Duration.ofMillis(800));
    assertThat(policy.backoff(5, 0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.backoff(500, 0)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void jitterTakesOffUpToItsFractionOfTheWait() {
    assertThat(policy.backoff(2, 0.5)).isEqualTo(Duration.ofMillis(150));
    assertThat(policy.backoff(2, 0.999999)).isGreaterThan(Duration.ofMillis(100)).isLessThan(Duration.ofMillis(101));
  }

  @Test
  void badSettingsAreRefusedNamingTheValue() {
    assertThatThrownBy(() -> policy.withMaxAttempts(0)).hasMessageContaining("maxAttempts").hasMessageContaining("0");
    assertThatThrownBy(() -> policy.withJitter(1.5)).hasMessageContaining("jitter").hasMessageContaining("1.5");
    assertThatThrownBy(() -> policy.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> policy.withStuckAfter(Duration.ZERO)).hasMessageContaining("stuckAfter");
  }
}
