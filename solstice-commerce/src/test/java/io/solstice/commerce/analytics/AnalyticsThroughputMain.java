package io.solstice.commerce.analytics;

import static io.solstice.commerce.analytics.OrderScript.line;

import io.solstice.commerce.Categories;
import io.solstice.core.memory.MemoryCheckpointStore;
import io.solstice.core.memory.MemoryDeadLetterStore;
import io.solstice.core.memory.MemoryStore;
import io.solstice.pipeline.ServiceHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Measures how fast the analytics service catches up on a backlog: ORDERS orders (4 events each:
 * placed, fraud accepted, payment authorized, confirmed) over 3 tenants in a memory store, then the
 * service from scratch until every order is confirmed in DuckDB. A measurement, not a test.
 *
 * <pre>{@code
 * ./mvnw -B -q -pl solstice-commerce -am test-compile
 * java -cp "$(cat solstice-commerce/target/cp.txt):solstice-commerce/target/classes:solstice-commerce/target/test-classes" \
 *     io.solstice.commerce.analytics.AnalyticsThroughputMain 20000
 * }</pre>
 */
public final class AnalyticsThroughputMain {
  private AnalyticsThroughputMain() {}

  public static void main(String[] args) throws Exception {
    int orders = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    TestClock clock = new TestClock(Instant.parse("2025-03-01T00:00:00Z"));
    MemoryStore store = new MemoryStore(clock, 1 << 20).withTenants("acme", "globex", "initech");
    Categories categories = Categories.on(store);
    OrderScript script = new OrderScript(categories, clock);
    String[] tenants = {"acme", "globex", "initech"};
    for (int i = 0; i < orders; i++) {
      Instant at = Instant.parse("2025-03-01T00:00:00Z").plusSeconds(i * 7L);
      String tenant = tenants[i % 3];
      script.place(tenant, "o" + i, at, line("TEE", 1 + i % 3, "19.99"), line("MUG", 1, "7.50"));
      script.confirm(tenant, "o" + i, at.plusSeconds(30));
    }
    Path dir = Files.createTempDirectory("analytics-throughput");
    try (AnalyticsDatabase db = AnalyticsDatabase.open(AnalyticsDatabase.fileIn(dir), AnalyticsSettings.defaults())) {
      ServiceHost host = ServiceHost.builder(store).checkpoints(new MemoryCheckpointStore()).deadLetters(new MemoryDeadLetterStore())
          .pollWait(Duration.ofMillis(20)).service(AnalyticsService.service(categories, db)).build();
      long start = System.nanoTime();
      host.start();
      long confirmed = 0;
      while (confirmed < orders) {
        Thread.sleep(50);
        confirmed = (Long) db.analytics().query("SELECT count(*) FROM orders WHERE status = 'confirmed'").rows().getFirst().getFirst();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      host.stop(Duration.ofSeconds(10));
      System.out.printf("%,d orders (%,d events) landed in %.2f s: %,.0f events/s, %,.0f orders/s; file %,d bytes%n", orders, orders * 4L,
          seconds, orders * 4 / seconds, orders / seconds, Files.size(db.file()));
    }
  }
}
