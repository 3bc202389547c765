package io.solstice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.app.cli.SolsticeCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchCliExtensionTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int solstice(String... args) {
    return SolsticeCli.run(args, Map.of(), new PrintWriter(out), new PrintWriter(err));
  }

  @Test
  void benchIsAddedToTheSolsticeCommandThroughTheServiceLoader() {
    assertThat(solstice("--help")).isZero();
    assertThat(out.toString()).contains("bench");
  }

  @Test
  void benchStoreHelpDescribesThePhasesAndOptions() {
    assertThat(solstice("bench", "store", "--help")).isZero();
    assertThat(out.toString()).contains("--backend", "--writers", "--seconds", "--json", "--pg-url", "naive", "ceiling", "Examples:");
  }

  @Test
  void anInvalidWriterCountFailsNamingTheValue() {
    assertThat(solstice("bench", "store", "--writers", "0")).isEqualTo(1);
    assertThat(err.toString()).contains("--writers must be 1-10000, was 0");
  }

  @Test
  void postgresWithoutAUrlExplainsWhereToGiveIt() {
    assertThat(solstice("bench", "store", "--backend", "postgres")).isEqualTo(1);
    assertThat(err.toString()).contains("--pg-url", "SOLSTICE_PG_URL");
  }
}
