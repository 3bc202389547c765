package io.solstice.app.http;

import static io.solstice.app.http.Schemas.object;
import static io.solstice.app.http.Schemas.ref;
import static io.solstice.app.http.Schemas.required;
import static io.solstice.app.http.Schemas.string;

import io.solstice.commerce.analytics.Analytics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code /analytics/sales} (a tenant's sales by hour) and {@code /admin/analytics/query} (read-only
 * SQL over the analytics database, for operators and {@code solstice analytics query}). Both answer
 * from the DuckDB database held by the process that runs the {@code analytics} service; elsewhere
 * they answer 503 naming what to do.
 */
final class AnalyticsRoutes {
  private final Optional<Analytics> analytics;

  AnalyticsRoutes(Optional<Analytics> analytics) {
    this.analytics = analytics;
  }

  List<Route> routes() {
    return List.of(
        Route.get("/analytics/sales").id("salesReport").tag("analytics")
            .summary("The tenant's sales by hour of placement over [from, to): orders placed, sold orders, units and revenue")
            .query("from", "ISO instant or date (UTC midnight); default: 24 hours before `to`", false, string())
            .query("to", "ISO instant or date (UTC midnight), exclusive; default: now", false, string())
            .responds(200, ref("SalesReport")).errors(503)
            .handle(this::sales),
        Route.post("/admin/analytics/query").id("analyticsQuery").tag("admin").access(Access.ADMIN)
            .summary("Run one read-only SQL query (SELECT, WITH, FROM, VALUES, EXPLAIN, DESCRIBE, SHOW, SUMMARIZE, as DuckDB parses it) over the analytics database")
            .body(object(required("sql", string())))
            .responds(200, ref("QueryResult")).errors(503)
            .handle(this::query));
  }

  private Reply sales(Call call) {
    Analytics a = require();
    String toText = call.query("to");
    String fromText = call.query("from");
    Instant to = toText == null || toText.isBlank() ? Instant.now() : Analytics.parseInstant("to", toText);
    Instant from = fromText == null || fromText.isBlank() ? to.minus(Duration.ofHours(24)) : Analytics.parseInstant("from", fromText);
    return Reply.ok(a.sales(call.tenantId(), from, to));
  }

  private Reply query(Call call) {
    JsonBody body = call.body();
    String sql = body.string("sql", true);
    body.check();
    return Reply.ok(require().query(sql));
  }

  private Analytics require() {
    return analytics.orElseThrow(() -> ApiProblem.of(503, "analytics_not_here", "Service unavailable",
        "this process does not run the analytics service; query the process started with --services including analytics").failure());
  }
}
