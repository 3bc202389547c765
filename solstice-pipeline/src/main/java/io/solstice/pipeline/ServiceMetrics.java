package io.solstice.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The Micrometer meters of one service, per tenant. Tags are {@code service} and {@code tenant}
 * only (plus {@code stage} on the latency timer): never a stream, so cardinality stays bounded by
 * services × tenants.
 *
 * <ul>
 *   <li>{@code solstice.service.handled}, {@code .skipped}, {@code .failed} (failed attempts),
 *       {@code .parked}: counters;
 *   <li>{@code solstice.service.latency} with {@code stage} = decode | handle | interpret: timers
 *       with percentile histograms;
 *   <li>{@code solstice.service.lag.events} (read, not yet completed), {@code .lag.seconds} (age of
 *       the oldest such event), {@code .inflight} (events being handled), {@code .stuck} (streams
 *       failing for longer than the retry policy's threshold): gauges.
 * </ul>
 */
final class ServiceMetrics {

  static final String PREFIX = "solstice.service.";

  private final String service;
  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Tenant> tenants = new ConcurrentHashMap<>();
  private final java.util.Queue<Gauge> gauges = new java.util.concurrent.ConcurrentLinkedQueue<>();

  ServiceMetrics(String service, MeterRegistry registry) {
    this.service = service;
    this.registry = registry;
  }

  Tenant tenant(String tenant) {
    Tenant t = tenants.get(tenant);
    return t != null ? t : tenants.computeIfAbsent(tenant, Tenant::new);
  }

  /** The help text of each gauge (Prometheus and its linters expect one). */
  private static final java.util.Map<String, String> GAUGE_HELP = java.util.Map.of(
      "lag.events", "events read and not yet completed",
      "lag.seconds", "age of the oldest event read and not yet completed",
      "inflight", "events being handled",
      "stuck", "streams failing for longer than the retry policy's threshold");

  <T> void gauge(String name, String tenant, T state, ToDoubleFunction<T> value) {
    gauges.add(Gauge.builder(PREFIX + name, state, value).description(GAUGE_HELP.get(name)).tag("service", service).tag("tenant", tenant)
        .strongReference(true).register(registry));
  }

  /** Removes this service's gauges (they read the stopped runner's state); counters and timers stay. */
  void removeGauges() {
    gauges.forEach(registry::remove);
    gauges.clear();
  }

  /** The meters of one tenant. */
  final class Tenant {
    final Counter handled;
    final Counter skipped;
    final Counter failed;
    final Counter parked;
    final Timer decode;
    final Timer handle;
    final Timer interpret;

    Tenant(String tenant) {
      handled = counter("handled", tenant, "inputs handled successfully");
      skipped = counter("skipped", tenant, "events the decoder declined");
      failed = counter("failed", tenant, "failed attempts (each retry counts)");
      parked = counter("parked", tenant, "inputs parked as dead letters");
      decode = timer("decode", tenant);
      handle = timer("handle", tenant);
      interpret = timer("interpret", tenant);
    }

    private Counter counter(String name, String tenant, String description) {
      return Counter.builder(PREFIX + name).description(description).tag("service", service).tag("tenant", tenant).register(registry);
    }

    private Timer timer(String stage, String tenant) {
      return Timer.builder(PREFIX + "latency").description("time spent per input in one stage")
          .tag("service", service).tag("tenant", tenant).tag("stage", stage)
          .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(1_000)).maximumExpectedValue(Duration.ofSeconds(30))
          .register(registry);
    }
  }
}
