package io.solstice.bench.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void percentilesOfAUniformRangeAreWithinATenthOfAPercent() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (long micros = 1; micros <= 10_000; micros++) {
      histogram.record(micros * 1_000);
    }

    assertThat((double) histogram.percentile(50)).isCloseTo(5_000_000, within(10_000.0));
    assertThat((double) histogram.percentile(99)).isCloseTo(9_900_000, within(19_800.0));
    assertThat(histogram.percentile(100)).isEqualTo(10_000_000);
    assertThat(histogram.count()).isEqualTo(10_000);
  }

  @Test
  void smallValuesAreExact() {
    LatencyHistogram histogram = new LatencyHistogram();
    histogram.record(3);
    histogram.record(7);

    assertThat(histogram.percentile(50)).isEqualTo(3);
    assertThat(histogram.percentile(100)).isEqualTo(7);
  }

  @Test
  void percentilesStayPreciseFromMicrosecondsToMinutes() {
    LatencyHistogram histogram = new LatencyHistogram();
    histogram.record(1_500);
    histogram.record(90_000_000_000L);

    assertThat((double) histogram.percentile(50)).isCloseTo(1_500, within(2.0));
    assertThat((double) histogram.percentile(100)).isCloseTo(90_000_000_000.0, within(90_000_000.0));
  }

  @Test
  void addingHistogramsMergesTheirCounts() {
    LatencyHistogram a = new LatencyHistogram();
    LatencyHistogram b = new LatencyHistogram();
    a.record(1_000);
    b.record(2_000_000);

    a.add(b);

    assertThat(a.count()).isEqualTo(2);
    assertThat(a.max()).isEqualTo(2_000_000);
  }

  @Test
  void anEmptyHistogramReportsZero() {
    assertThat(new LatencyHistogram().percentile(99)).isZero();
  }

  @Test
  void refusesAPercentileOutsideTheRange() {
    assertThatThrownBy(() -> new LatencyHistogram().percentile(0)).hasMessageContaining("was 0.0");
  }
}
