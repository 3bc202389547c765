package io.solstice.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.OpenTelemetry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When tracing is on: the rule over the standard OTEL_* variables. */
class TelemetryTest {

  @Test
  void tracingIsOffWithoutOtelVariables() {
    Telemetry t = Telemetry.fromEnvironment(Map.of("PATH", "/usr/bin"));
    assertThat(t.isOn()).isFalse();
    assertThat(t.openTelemetry()).isSameAs(OpenTelemetry.noop());
    assertThat(t.describe()).isEqualTo("off");
  }

  @Test
  void anOtlpEndpointOrATracesExporterTurnsTracingOn() {
    assertThat(Telemetry.enabled(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"))).isTrue();
    assertThat(Telemetry.enabled(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/v1/traces"))).isTrue();
    assertThat(Telemetry.enabled(Map.of("OTEL_TRACES_EXPORTER", "otlp"))).isTrue();
    try (Telemetry t = Telemetry.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9"))) {
      assertThat(t.isOn()).isTrue();
      assertThat(t.describe()).isEqualTo("traces to otlp at http://127.0.0.1:9");
    }
  }

  @Test
  void noneOrSdkDisabledKeepsItOff() {
    assertThat(Telemetry.enabled(Map.of("OTEL_TRACES_EXPORTER", "none", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318"))).isFalse();
    assertThat(Telemetry.enabled(Map.of("OTEL_SDK_DISABLED", "true", "OTEL_TRACES_EXPORTER", "otlp"))).isFalse();
    assertThat(Telemetry.enabled(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", " "))).isFalse();
  }

  @Test
  void grpcIsRefusedWithTheFix() {
    assertThatThrownBy(() -> Telemetry.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4317", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported").hasMessageContaining("http/protobuf");
  }
}
