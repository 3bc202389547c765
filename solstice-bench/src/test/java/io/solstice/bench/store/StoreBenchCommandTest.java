package io.solstice.bench.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.app.cli.SolsticeCli;
import io.solstice.testkit.RequiresPostgres;
import io.solstice.testkit.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreBenchCommandTest {

  private static final String[] CONTRACT_FIELDS = {
    "events_per_sec", "appends_per_sec", "p50_ms", "p99_ms", "conflicts", "naive_events_per_sec",
    "ceiling_events_per_sec", "rows_verified", "vs_naive", "vs_ceiling", "backend", "writers", "seconds", "cores", "jvm",
    "load_avg_1m", "target_events_per_sec", "target_p99_ms", "target_met", "event_ids"
  };

  @TempDir Path data;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private JsonNode benchJson(String... args) throws Exception {
    int exitCode = SolsticeCli.run(args, Map.of(), new PrintWriter(out), new PrintWriter(err));
    assertThat(exitCode).as(err.toString()).isZero();
    assertThat(out.toString().strip().lines()).as("one JSON object on one stdout line").hasSize(1);
    return new ObjectMapper().readTree(out.toString());
  }

  @Test
  void sqliteRunReportsTheContractFieldsAndVerifiesEveryRow() throws Exception {
    JsonNode json = benchJson(
        "bench", "store", "--backend", "sqlite", "--writers", "4", "--seconds", "1", "--json", "--quiet", "--data", data.toString());

    assertThat(json.fieldNames()).toIterable().contains(CONTRACT_FIELDS);
    assertThat(json.get("rows_verified").asBoolean()).isTrue();
    assertThat(json.get("backend").asText()).isEqualTo("sqlite");
    assertThat(json.get("writers").asInt()).isEqualTo(4);
    assertThat(json.get("events_per_sec").asDouble()).isPositive();
    assertThat(json.get("event_ids").asText()).isEqualTo("time_ordered");
  }

  @Test
  void randomEventIdsCanStillBeMeasuredForComparison() throws Exception {
    JsonNode json = benchJson("bench", "store", "--writers", "2", "--seconds", "1", "--event-ids", "random", "--json", "--quiet",
        "--data", data.toString());

    assertThat(json.get("event_ids").asText()).isEqualTo("random");
    assertThat(json.get("rows_verified").asBoolean()).isTrue();
  }

  @Test
  void sqliteRunDeletesItsDatabaseFileUnlessKept() throws Exception {
    benchJson("bench", "store", "--writers", "2", "--seconds", "1", "--json", "--quiet", "--data", data.toString());

    try (Stream<Path> files = Files.list(data)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  @RequiresPostgres
  void postgresRunVerifiesEveryRowInAFreshSchemaThatItDropsAfterwards() throws Exception {
    String url = TestPostgres.url();

    JsonNode json = benchJson("bench", "store", "--backend", "postgres", "--pg-url", url, "--writers", "4", "--seconds", "1", "--json", "--quiet");

    assertThat(json.fieldNames()).toIterable().contains(CONTRACT_FIELDS);
    assertThat(json.get("rows_verified").asBoolean()).isTrue();
    String schema = json.get("database").asText().replaceAll(".* schema (bench_\\w+).*", "$1");
    try (Connection c = DriverManager.getConnection(url);
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("schema %s left behind", schema).isZero();
    }
  }
}
