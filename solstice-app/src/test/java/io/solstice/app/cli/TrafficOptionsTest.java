package io.solstice.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shopper-traffic flags, shared by demo and simulate (and bench checkout, tested in solstice-bench). */
class TrafficOptionsTest {

  @TempDir Path data;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return SolsticeCli.run(args, Map.of(), new PrintWriter(out), new PrintWriter(err));
  }

  @Test
  void demoAndSimulateOfferTheFourFlagsWithTheirOwnDefaults() {
    assertThat(run("demo", "--help")).isZero();
    assertThat(out.toString()).contains("--shoppers=N", "(default: 96)", "--seed=N", "(default: 42)", "--rate=ORDERS_PER_S",
        "--settle-timeout=SECONDS", "(default: 60)");
    out.getBuffer().setLength(0);

    assertThat(run("simulate", "--help")).isZero();
    assertThat(out.toString()).contains("--shoppers=N", "(default: 32)", "--seed=N", "--rate=ORDERS_PER_S", "--settle-timeout=SECONDS");
  }

  @Test
  void theDefaultsComeFromTheEnvironmentLikeEveryFlag() {
    int exit = SolsticeCli.run(new String[] {"demo", "--help"}, Map.of("SOLSTICE_SHOPPERS", "12"), new PrintWriter(out), new PrintWriter(err));

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("(default: 12)");
  }

  @Test
  void tooFewShoppersAreRefusedNamingTheFlag() {
    assertThat(run("demo", "--shoppers", "0", "--data", data.toString())).isEqualTo(SolsticeCli.EXIT_FAILED);
    assertThat(err.toString()).contains("--shoppers must be 1-10000, was 0");
  }

  @Test
  void aNegativeRateIsRefusedNamingTheFlag() {
    assertThat(run("simulate", "--url", "http://127.0.0.1:9", "--admin-key", "k", "--rate", "-1")).isEqualTo(SolsticeCli.EXIT_FAILED);
    assertThat(err.toString()).contains("--rate must be 0");
  }

  @Test
  void aSettleTimeoutUnderASecondIsRefusedNamingTheFlag() {
    assertThat(run("demo", "--settle-timeout", "0", "--data", data.toString())).isEqualTo(SolsticeCli.EXIT_FAILED);
    assertThat(err.toString()).contains("--settle-timeout must be at least 1 second, was 0");
  }
}
