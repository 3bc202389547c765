package io.solstice.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.app.cli.SolsticeCli;
import io.solstice.testkit.RequiresPostgres;
import io.solstice.testkit.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@code solstice chaos crash --topology split}: the API process, two workers and the views process
 * on PostgreSQL and Kafka, one of them killed each time; every check must hold. Opt-in (it starts a
 * broker and four JVMs, and each settle waits out a consumer group's session time-out):
 * {@code -Dsolstice.chaos.split=true}, with {@code -Dsolstice.chaos.kills=N} (default 8).
 */
@RequiresPostgres
@EnabledIfSystemProperty(named = "solstice.chaos.split", matches = "true")
class SplitCrashHarnessTest {

  @Test
  void killingAnyProcessOfTheSplitPlatformUnderLoadLosesAndDuplicatesNothing() throws Exception {
    Path data = Path.of("target", "chaos-crash-split", Long.toString(System.currentTimeMillis())).toAbsolutePath();
    int kills = Integer.getInteger("solstice.chaos.kills", 8);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SolsticeCli.run(new String[] {"chaos", "crash", "--topology", "split", "--pg-url", TestPostgres.url(), "--kills",
        Integer.toString(kills), "--min-uptime-ms", "500", "--max-uptime-ms", "3000", "--data", data.toString(), "--json"}, Map.of(),
        new PrintWriter(out), new PrintWriter(err));
    System.err.print(err);
    System.out.print(out);
    assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
    JsonNode report = new ObjectMapper().readTree(out.toString().strip());
    assertThat(report.path("topology").asText()).isEqualTo("split");
    assertThat(report.path("kills").asInt()).isEqualTo(kills);
    assertThat(report.path("ordersVerified").asLong()).isEqualTo(report.path("ordersAcknowledged").asLong()).isPositive();
    assertThat(report.path("lost").asLong()).isZero();
    assertThat(report.path("duplicated").asLong()).isZero();
  }
}
