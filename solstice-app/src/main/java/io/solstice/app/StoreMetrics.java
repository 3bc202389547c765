package io.solstice.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.StatementCounts;
import java.util.Locale;

/**
 * The event store's own meters: {@code solstice.store.statements{kind=write|feed|other}} (JDBC
 * statements, BEGIN and COMMIT included) and {@code solstice.store.commits} (the writer's
 * transactions, one fsync each).
 */
final class StoreMetrics {
  private StoreMetrics() {}

  static void register(SqlEventStore store, MeterRegistry registry) {
    StatementCounts counts = store.statements();
    for (StatementCounts.Kind kind : StatementCounts.Kind.values()) {
      FunctionCounter.builder("solstice.store.statements", counts, c -> c.count(kind))
          .tag("kind", kind.name().toLowerCase(Locale.ROOT))
          .description("JDBC statements run by the event store and the read models on its database, BEGIN and COMMIT included")
          .register(registry);
    }
    FunctionCounter.builder("solstice.store.commits", counts, StatementCounts::writeCommits)
        .description("transactions committed by the event store's writer (one fsync each)")
        .register(registry);
  }
}
