package io.solstice.bench.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

  @Test
  void jsonReportHasTheContractFields() throws Exception {
    StoreBenchReport report = new StoreBenchmark(new MemoryBenchDatabase(0), ONE_SECOND_FOUR_WRITERS, null).run();

    JsonNode json = new ObjectMapper().readTree(report.toJson());

    assertThat(json.fieldNames()).toIterable().contains(
        "events_per_sec", "appends_per_sec", "p50_ms", "p99_ms", "conflicts", "naive_events_per_sec",
        "ceiling_events_per_sec", "rows_verified", "vs_naive", "vs_ceiling", "backend", "writers", "seconds",
        "cores", "jvm");
    assertThat(json.get("rows_verified").asBoolean()).isTrue();
    assertThat(json.get("writers").asInt()).isEqualTo(4);
    assertThat(json.get("phases")).hasSize(3);
  }
}
