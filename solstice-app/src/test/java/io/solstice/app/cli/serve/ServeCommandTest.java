package io.solstice.app.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.app.cli.SolsticeCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    return SolsticeCli.run(args, env, new PrintWriter(out), new PrintWriter(err));
  }

  @Test
  void serveIsListedWithItsOptions() {
    assertThat(run(Map.of(), "serve", "--help")).isZero();
    assertThat(out.toString()).contains("--port", "--data", "--services", "--rate-limit", "--fraud-url", "--payment-url", "--smtp")
        .doesNotContain("--admin-key", "--key-pepper");
    assertThat(out.toString()).contains("--management-port", "--log-format", "--fraud-fail-first", "--payment-fail-first", "/console",
        "OTEL_EXPORTER_OTLP_ENDPOINT");
  }

  @Test
  void anUnknownLogFormatIsRefused(@TempDir Path data) {
    assertThat(run(Map.of(), "serve", "--log-format", "xml", "--data", data.toString(), "--port", "0")).isEqualTo(1);
    assertThat(err.toString()).contains("--log-format must be text or json, was xml");
  }

  @Test
  void injectedFailuresMustBeZeroOrMore(@TempDir Path data) {
    assertThat(run(Map.of(), "serve", "--payment-fail-first", "-2", "--data", data.toString(), "--port", "0")).isEqualTo(1);
    assertThat(err.toString()).contains("--payment-fail-first must be 0 or more, was -2");
  }

  @Test
  void aManagementPortOutOfRangeIsRefused(@TempDir Path data) {
    assertThat(run(Map.of(), "serve", "--management-port", "70000", "--data", data.toString(), "--port", "0")).isEqualTo(1);
    assertThat(err.toString()).contains("--management-port must be 0-65535, was 70000");
  }

  @Test
  void anUnknownServiceIsRefusedNamingTheValidOnes() {
    assertThat(run(Map.of(), "serve", "--services", "fraud,shipping", "--data", "/nonexistent-solstice")).isEqualTo(1);
    assertThat(err.toString()).contains("'shipping'", "fraud, order, payment, fulfillment, notification");
  }

  @Test
  void aBadPepperIsRefusedBeforeAnythingStarts(@TempDir Path data) {
    assertThat(run(Map.of("SOLSTICE_KEY_PEPPER", "c2hvcnQ="), "serve", "--data", data.toString(), "--port", "0")).isEqualTo(1);
    assertThat(err.toString()).contains("SOLSTICE_KEY_PEPPER", "at least 32");
  }
}
