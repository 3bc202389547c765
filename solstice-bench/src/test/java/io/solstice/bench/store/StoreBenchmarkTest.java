package io.solstice.bench.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreBenchmarkTest {

  private static final StoreBenchSettings ONE_SECOND_FOUR_WRITERS = new StoreBenchSettings("memory", 4, Duration.ofSeconds(1));

  @Test
  void everyPhaseCountsExactlyTheEventsItAcknowledged() {
    StoreBenchReport report = new StoreBenchmark(new MemoryBenchDatabase(0), ONE_SECOND_FOUR_WRITERS, null).run();

    assertThat(report.groupCommit().events()).isPositive();
    assertThat(report.naive().events()).isPositive();
    assertThat(report.ceiling().events()).isPositive().isEqualTo(report.ceiling().rowsCounted());
    assertThat(report.groupCommit().latency().count()).isEqualTo(report.groupCommit().appends());
    assertThat(report.rowsVerified()).isTrue();
  }

  @Test
  void aStoreThatLosesAcknowledgedEventsIsNotVerified() {
    StoreBenchReport report = new StoreBenchmark(new MemoryBenchDatabase(1), ONE_SECOND_FOUR_WRITERS, null).run();

    assertThat(report.rowsVerified()).isFalse();
    assertThat(report.toTable()).contains("NO (").contains("WARNING");
  }
}
