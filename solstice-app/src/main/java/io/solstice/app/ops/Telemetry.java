package io.solstice.app.ops;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The process's OpenTelemetry: off (a no-op, no spans) unless the standard {@code OTEL_*}
 * environment asks for traces, then the OpenTelemetry SDK configured by its own autoconfiguration
 * from those variables, exporting spans over OTLP.
 *
 * <h2>The rule</h2>
 *
 * Tracing is on when {@code OTEL_TRACES_EXPORTER} is set to something other than {@code none}, or
 * when {@code OTEL_EXPORTER_OTLP_ENDPOINT} or {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} is set;
 * {@code OTEL_SDK_DISABLED=true} turns it off whatever else is set. Once on, every other {@code
 * OTEL_*} variable means what the OpenTelemetry specification says ({@code OTEL_SERVICE_NAME},
 * {@code OTEL_RESOURCE_ATTRIBUTES}, {@code OTEL_TRACES_SAMPLER}, {@code OTEL_EXPORTER_OTLP_HEADERS},
 * {@code OTEL_BSP_*}, …), with these defaults where a variable is unset: service name {@code
 * solstice}, OTLP over HTTP with protobuf ({@code http/protobuf}, port 4318: the exporter uses the
 * JDK's HTTP client, so {@code grpc} is refused at start), and no OTel metrics or logs exporter
 * (metrics are Prometheus at {@code /metrics}, logs go to stderr).
 *
 * <p>{@link #close()} flushes the spans still buffered and shuts the SDK down.
 */
public final class Telemetry implements AutoCloseable {

  private static final Telemetry OFF = new Telemetry(OpenTelemetry.noop(), null, "off");

  private final OpenTelemetry openTelemetry;
  private final OpenTelemetrySdk sdk;
  private final String description;

  private Telemetry(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk, String description) {
    this.openTelemetry = openTelemetry;
    this.sdk = sdk;
    this.description = description;
  }

  /** No tracing. */
  public static Telemetry off() {
    return OFF;
  }

  /** From the process environment ({@link System#getenv()}), by the rule above. */
  public static Telemetry fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * From {@code env} (variable name → value), by the rule above.
   *
   * @throws IllegalArgumentException if the variables ask for something this build cannot do (the
   *     message names the variable)
   */
  public static Telemetry fromEnvironment(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    if (!enabled(env)) {
      return OFF;
    }
    String protocol = firstSet(env, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL");
    if (protocol != null && !protocol.strip().equals("http/protobuf")) {
      throw new IllegalArgumentException("OTEL_EXPORTER_OTLP_PROTOCOL=" + protocol + " is not supported: Solstice exports OTLP over HTTP;"
          + " set it to http/protobuf (or leave it unset) and point OTEL_EXPORTER_OTLP_ENDPOINT at the collector's HTTP port, usually 4318");
    }
    Map<String, String> properties = new HashMap<>();
    properties.put("otel.service.name", "solstice");
    properties.put("otel.traces.exporter", "otlp");
    properties.put("otel.metrics.exporter", "none");
    properties.put("otel.logs.exporter", "none");
    properties.put("otel.exporter.otlp.protocol", "http/protobuf");
    // The given variables as properties (the SDK reads the real environment too; for a given map, e.g. in tests, these count).
    env.forEach((name, value) -> {
      if (name.startsWith("OTEL_") && value != null && !value.isBlank()) {
        properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value.strip());
      }
    });
    OpenTelemetrySdk sdk;
    try {
      sdk = AutoConfiguredOpenTelemetrySdk.builder()
          .addPropertiesSupplier(() -> properties)
          .disableShutdownHook()
          .build()
          .getOpenTelemetrySdk();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the OTEL_* settings cannot be used: " + e.getMessage()
          + "; see https://opentelemetry.io/docs/languages/java/configuration/ or unset OTEL_TRACES_EXPORTER and OTEL_EXPORTER_OTLP_ENDPOINT", e);
    }
    String endpoint = firstSet(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT");
    String exporter = env.getOrDefault("OTEL_TRACES_EXPORTER", "otlp");
    return new Telemetry(sdk, sdk, "traces to " + exporter + (endpoint == null ? "" : " at " + endpoint));
  }

  /** True when {@code env} turns tracing on, by the rule above. */
  public static boolean enabled(Map<String, String> env) {
    if ("true".equalsIgnoreCase(strip(env.get("OTEL_SDK_DISABLED")))) {
      return false;
    }
    String exporter = strip(env.get("OTEL_TRACES_EXPORTER"));
    if (exporter != null) {
      return !exporter.equalsIgnoreCase("none");
    }
    return firstSet(env, "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != null;
  }

  /** What to hand to the HTTP server and the service host. */
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /** True when spans are recorded and exported. */
  public boolean isOn() {
    return sdk != null;
  }

  /** One line for the start-up log: {@code off} or where spans go. */
  public String describe() {
    return description;
  }

  /** Exports the spans still buffered (waits up to 5 s). */
  public void flush() {
    if (sdk != null) {
      sdk.getSdkTracerProvider().forceFlush().join(5, TimeUnit.SECONDS);
    }
  }

  /** Flushes and shuts the SDK down (waits up to 5 s); harmless when off or closed. */
  @Override
  public void close() {
    if (sdk != null) {
      CompletableResultCode done = sdk.shutdown();
      done.join(5, TimeUnit.SECONDS);
    }
  }

  private static String firstSet(Map<String, String> env, String... names) {
    for (String n : names) {
      String v = strip(env.get(n));
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private static String strip(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
