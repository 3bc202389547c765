package io.solstice.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.solstice.app.http.Operations;
import io.solstice.pipeline.Health;
import io.solstice.pipeline.ServiceHost;
import io.solstice.store.sql.SqlEventStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@link Operations} of one process: live from its services; ready when the store answers, its
 * schema migrations are done, every service runs, and every further {@link Probe} (e.g. the bus,
 * when one is configured) passes; metrics from its registry.
 *
 * <p>Migrations: {@link SqlEventStore#open} applies them before it returns, so a process only
 * serves once they are done; readiness also checks the store's migration history holds no failed
 * migration (another process's, e.g. a newer version's that failed half-way).
 */
final class HealthChecks implements Operations {

  /**
   * A further readiness condition.
   *
   * @param name its key in the details, e.g. {@code bus}
   * @param problem answers null when ready, else what is wrong (shown in the details)
   */
  record Probe(String name, Supplier<String> problem) {}

  private final SqlEventStore store;
  private final ServiceHost host;
  private final PrometheusMeterRegistry meters;
  private final List<Probe> probes;

  /** {@code host} is null when the process runs no service. */
  HealthChecks(SqlEventStore store, ServiceHost host, PrometheusMeterRegistry meters) {
    this(store, host, meters, List.of());
  }

  HealthChecks(SqlEventStore store, ServiceHost host, PrometheusMeterRegistry meters, List<Probe> probes) {
    this.store = store;
    this.host = host;
    this.meters = meters;
    this.probes = List.copyOf(probes);
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
    String migrations = storeUp ? migrations() : "unknown";
    details.put("migrations", migrations);
    boolean ready = storeUp && migrations.equals("done");
    for (Probe p : probes) {
      String problem;
      try {
        problem = p.problem().get();
      } catch (RuntimeException e) {
        problem = e.toString();
      }
      details.put(p.name(), problem == null ? "up" : problem);
      ready &= problem == null;
    }
    if (host != null) {
      Health health = host.health();
      ready &= health.ready();
      details.put("services", health.services());
    } else {
      details.put("services", Map.of());
    }
    return new Check(ready, details);
  }

  /** {@code done}, or what is wrong with the store's migration history. */
  private String migrations() {
    try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success = false")) {
      rs.next();
      long failed = rs.getLong(1);
      return failed == 0 ? "done" : failed + " failed migration(s) in flyway_schema_history; repair the schema before serving";
    } catch (SQLException e) {
      return "cannot read the migration history: " + e.getMessage();
    }
  }

  @Override
  public String scrape() {
    return meters.scrape();
  }
}
