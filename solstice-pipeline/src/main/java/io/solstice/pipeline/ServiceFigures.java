package io.solstice.pipeline;

import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ServiceRunner}'s figures per tenant: its meters, and the gauges of lag (events and
 * seconds), inputs in flight and streams stuck. The gauges read the scheduler under the runner's
 * lock when scraped; the meters are registered on a tenant's first event.
 */
final class ServiceFigures<I> {

  /** One tenant's meters and the count of its streams reported stuck. */
  record TenantFigures(ServiceMetrics.Tenant meters, AtomicInteger stuck) {}

  private final RunnerCore<I> core;
  private final ServiceMetrics metrics;
  private final InstantSource clock;
  private final Map<String, TenantFigures> tenants = new ConcurrentHashMap<>();

  ServiceFigures(RunnerCore<I> core, ServiceMetrics metrics, InstantSource clock) {
    this.core = core;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** {@code tenant}'s figures; registers its gauges on first use. */
  TenantFigures of(String tenant) {
    TenantFigures f = tenants.get(tenant);
    if (f != null) {
      return f;
    }
    return tenants.computeIfAbsent(tenant, t -> {
      TenantFigures created = new TenantFigures(metrics.tenant(t), new AtomicInteger());
      metrics.gauge("lag.events", t, this, r -> r.lane(t, true));
      metrics.gauge("lag.seconds", t, this, r -> r.oldestPendingAgeSeconds(t));
      metrics.gauge("inflight", t, this, r -> r.lane(t, false));
      metrics.gauge("stuck", t, created.stuck(), AtomicInteger::get);
      return created;
    });
  }

  private double lane(String tenant, boolean outstanding) {
    return core.locked(() -> {
      StreamScheduler.Lane lane = core.scheduler.laneOf(tenant);
      return (double) (outstanding ? lane.pending + lane.inflight : lane.inflight);
    });
  }

  private double oldestPendingAgeSeconds(String tenant) {
    return core.locked(() -> {
      long oldest = -1;
      for (StreamScheduler.PartitionState s : core.scheduler.partitions()) {
        if (s.partition.tenant() != null && !s.partition.tenant().equals(tenant)) {
          continue;
        }
        long o = s.tracker.oldestPendingMillis();
        if (o >= 0 && (oldest < 0 || o < oldest)) {
          oldest = o;
        }
      }
      return oldest < 0 ? 0 : Math.max(0, clock.millis() - oldest) / 1000.0;
    });
  }
}
