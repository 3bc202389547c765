package io.solstice.app.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The process's own meters in {@code /metrics}, beside Solstice's: JVM memory ({@code
 * jvm_memory_used_bytes}), threads, classes, CPU ({@code process_cpu_usage}, {@code
 * system_cpu_usage}) and uptime ({@code process_uptime_seconds}, {@code process_start_time_seconds}).
 */
public final class ProcessMeters {
  private ProcessMeters() {}

  /**
   * Binds them to {@code registry}. Two of Micrometer's processor meters are left out because
   * Prometheus's linter ({@code promtool check metrics}) refuses their names: {@code
   * process_cpu_time_ns_total} (an abbreviated unit) and {@code system_cpu_count} (a gauge ending in
   * {@code _count}).
   */
  public static void bind(MeterRegistry registry) {
    registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time") || id.getName().equals("system.cpu.count")));
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }
}
