package io.solstice.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SolsticeCliTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    return SolsticeCli.run(args, env, new PrintWriter(out), new PrintWriter(err));
  }

  @Test
  void helpListsTheBuiltInCommandsWithExamples() {
    int exitCode = run(Map.of(), "--help");

    assertThat(exitCode).isZero();
    assertThat(out.toString()).contains("Usage: solstice", "Commands:", "store", "Examples:", "SOLSTICE_PG_URL");
  }

  @Test
  void noCommandPrintsTheHelp() {
    assertThat(run(Map.of())).isZero();
    assertThat(out.toString()).contains("Usage: solstice");
  }

  @Test
  void versionNamesSolsticeItsCommitAndTheJavaRuntime() {
    assertThat(run(Map.of(), "--version")).isZero();
    assertThat(out.toString().lines().findFirst()).hasValueSatisfying(
        first -> assertThat(first).matches("solstice \\S+ \\(commit ([0-9a-f]{7}|unknown)\\)"));
    assertThat(out.toString()).contains("Java " + System.getProperty("java.version"));
  }

  @Test
  void anUnknownCommandIsAUsageErrorWithExitCode2() {
    assertThat(run(Map.of(), "frobnicate")).isEqualTo(2);
    assertThat(err.toString()).contains("frobnicate");
  }

  @Test
  void aMissingConfigFileFailsWithExitCode1AndItsPath() {
    assertThat(run(Map.of(), "--config", "/nonexistent/solstice.properties", "--help")).isEqualTo(1);
    assertThat(err.toString()).contains("/nonexistent/solstice.properties");
  }
}
