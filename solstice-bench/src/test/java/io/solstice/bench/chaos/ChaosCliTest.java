package io.solstice.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.app.cli.SolsticeCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code solstice chaos} is on the command line, with useful help, and refuses bad options naming them. */
class ChaosCliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int solstice(String... args) {
    return SolsticeCli.run(args, Map.of(), new PrintWriter(out), new PrintWriter(err));
  }

  @Test
  void chaosIsAddedThroughTheServiceLoaderAndListsTheCrashHarness() {
    assertThat(solstice("--help")).isZero();
    assertThat(out.toString()).contains("chaos");
    assertThat(solstice("chaos", "--help")).isZero();
    assertThat(out.toString()).contains("crash");
  }

  @Test
  void crashHelpNamesTheChecksAndOptions() {
    assertThat(solstice("chaos", "crash", "--help")).isZero();
    assertThat(out.toString()).contains("--kills", "--seed", "--topology", "--json", "--keep", "answered 201", "exactly one confirmation mail",
        "rebuild", "Examples:", "--kills 200");
  }

  @Test
  void badOptionsAreRefusedNamingTheValue() {
    assertThat(solstice("chaos", "crash", "--kills", "0")).isNotZero();
    assertThat(err.toString()).contains("--kills must be at least 1, was 0");
    assertThat(solstice("chaos", "crash", "--topology", "mesh")).isNotZero();
    assertThat(err.toString()).contains("--topology must be embedded or split, was mesh");
  }
}
