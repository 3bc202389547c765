package io.solstice.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --log-format json}: one JSON object per line with the context of the line. */
class JsonLogEncoderTest {
  private final LoggerContext context = new LoggerContext();
  private final JsonLogEncoder encoder = new JsonLogEncoder();

  private JsonNode encode(LoggingEvent event) throws Exception {
    encoder.setContext(context);
    encoder.start();
    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
    assertThat(line).endsWith("\n").doesNotContain("\n{");
    assertThat(line.strip()).doesNotContain("\n");
    return new ObjectMapper().readTree(line);
  }

  private LoggingEvent event(String message, Map<String, String> mdc, Throwable error) {
    LoggingEvent e = new LoggingEvent("test", context.getLogger("io.solstice.pipeline.ServiceRunner"), Level.WARN, message, error, null);
    e.setMDCPropertyMap(mdc);
    return e;
  }

  @Test
  void aLineCarriesTenantServiceStreamCorrelationAndTraceIds() throws Exception {
    JsonNode json = encode(event("handling failed", Map.of("tenant", "acme", "service", "payment", "stream", "acme:Order-42",
        "correlationId", "c-1", "traceId", "4bf92f3577b34da6a3ce929d0e0e4736"), null));
    assertThat(json.path("level").asText()).isEqualTo("WARN");
    assertThat(json.path("logger").asText()).isEqualTo("io.solstice.pipeline.ServiceRunner");
    assertThat(json.path("message").asText()).isEqualTo("handling failed");
    assertThat(json.path("tenant").asText()).isEqualTo("acme");
    assertThat(json.path("service").asText()).isEqualTo("payment");
    assertThat(json.path("stream").asText()).isEqualTo("acme:Order-42");
    assertThat(json.path("correlationId").asText()).isEqualTo("c-1");
    assertThat(json.path("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(json.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
  }

  @Test
  void missingContextIsLeftOutAndErrorsAreWrittenWhole() throws Exception {
    JsonNode json = encode(event("quote \" and\nnewline", Map.of(), new IllegalStateException("boom")));
    assertThat(json.has("tenant")).isFalse();
    assertThat(json.has("traceId")).isFalse();
    assertThat(json.path("message").asText()).isEqualTo("quote \" and\nnewline");
    assertThat(json.path("error").asText()).isEqualTo("java.lang.IllegalStateException: boom");
    assertThat(json.path("stack").asText()).contains("JsonLogEncoderTest");
  }

  @Test
  void theFormatIsTextOrJson() {
    assertThat(LogFormat.parse(null)).isEqualTo(LogFormat.TEXT);
    assertThat(LogFormat.parse("JSON")).isEqualTo(LogFormat.JSON);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LogFormat.parse("xml")).hasMessageContaining("--log-format must be text or json");
  }
}
