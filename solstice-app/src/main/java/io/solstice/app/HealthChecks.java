package io.solstice.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.solstice.app.http.Operations;
import io.solstice.pipeline.Health;
import io.solstice.pipeline.ServiceHost;
import io.solstice.store.sql.SqlEventStore;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@link Operations} of one process: live and ready from its services and store, metrics from its registry. */
final class HealthChecks implements Operations {
  private final SqlEventStore store;
  private final ServiceHost host;
  private final PrometheusMeterRegistry meters;

  /** {@code host} is null when the process runs no service. */
  HealthChecks(SqlEventStore store, ServiceHost host, PrometheusMeterRegistry meters) {
    this.store = store;
    this.host = host;
    this.meters = meters;
  }

  @Override
  public Check live() {
    Health health = host == null ? null : host.health();
    Map<String, Object> details = new LinkedHashMap<>();
    if (health != null) {
      details.put("services", health.services());
    }
    return new Check(health == null || health.live(), details);
  }

  @Override
  public Check ready() {
    Map<String, Object> details = new LinkedHashMap<>();
    boolean storeUp;
    try {
      details.put("headPosition", store.headPosition());
      storeUp = true;
    } catch (RuntimeException e) {
      details.put("storeError", e.getMessage());
      storeUp = false;
    }
    details.put("store", storeUp ? "up" : "down");
    boolean servicesReady = true;
    if (host != null) {
      Health health = host.health();
      servicesReady = health.ready();
      details.put("services", health.services());
    } else {
      details.put("services", Map.of());
    }
    return new Check(storeUp && servicesReady, details);
  }

  @Override
  public String scrape() {
    return meters.scrape();
  }
}
