package io.solstice.app;

import io.solstice.app.ops.Telemetry;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Platform} can be watched: where its probes are served, where its spans go, and how
 * often the console samples its figures.
 *
 * @param managementPort the port of the management server serving {@code /health/*} and {@code
 *     /metrics} (0: any free port), or {@link #NO_MANAGEMENT_PORT} to serve them on the API port
 * @param telemetry the OpenTelemetry of the process ({@link Telemetry#off()} by default)
 * @param sampleInterval how often the console's timeline takes a sample (default 5 s)
 */
public record Observability(int managementPort, Telemetry telemetry, Duration sampleInterval) {

  /** No management port: the API port serves the probes. */
  public static final int NO_MANAGEMENT_PORT = -1;

  /** The defaults: probes on the API port, no tracing, a sample every 5 s. */
  public static final Observability DEFAULTS = new Observability(NO_MANAGEMENT_PORT, Telemetry.off(), Duration.ofSeconds(5));

  public Observability {
    if (managementPort < NO_MANAGEMENT_PORT || managementPort > 65535) {
      throw new IllegalArgumentException("--management-port must be 0-65535, was " + managementPort);
    }
    Objects.requireNonNull(telemetry, "telemetry");
    Objects.requireNonNull(sampleInterval, "sampleInterval");
    if (sampleInterval.isNegative() || sampleInterval.isZero()) {
      throw new IllegalArgumentException("the console's sample interval must be positive, was " + sampleInterval);
    }
  }

  /** True when a management port serves the probes. */
  public boolean hasManagementPort() {
    return managementPort != NO_MANAGEMENT_PORT;
  }

  public Observability withManagementPort(int port) {
    return new Observability(port, telemetry, sampleInterval);
  }

  public Observability withTelemetry(Telemetry t) {
    return new Observability(managementPort, t, sampleInterval);
  }

  public Observability withSampleInterval(Duration interval) {
    return new Observability(managementPort, telemetry, interval);
  }
}
