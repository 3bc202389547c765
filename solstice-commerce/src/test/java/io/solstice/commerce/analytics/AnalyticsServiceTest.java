package io.solstice.commerce.analytics;

import static io.solstice.commerce.analytics.OrderScript.line;
import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.commerce.Categories;
import io.solstice.commerce.order.Order;
import io.solstice.core.RecordedEvent;
import io.solstice.core.memory.MemoryCheckpointStore;
import io.solstice.core.memory.MemoryDeadLetterStore;
import io.solstice.core.memory.MemoryStore;
import io.solstice.core.store.FeedFilter;
import io.solstice.pipeline.ServiceHost;
import io.solstice.testkit.Await;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analytics service on a host over the memory store, fed a scripted order flow. */
class AnalyticsServiceTest {

  private static final Instant T10 = Instant.parse("2025-03-01T10:00:00Z");

  @TempDir Path data;

  private final TestClock clock = new TestClock(T10);
  private MemoryStore store;
  private Categories categories;
  private OrderScript script;
  private AnalyticsDatabase db;
  private ServiceHost host;

  @BeforeEach
  void start() {
    store = new MemoryStore(clock, 1 << 20).withTenants("acme", "globex");
    categories = Categories.on(store);
    script = new OrderScript(categories, clock);
    db = AnalyticsDatabase.open(AnalyticsDatabase.fileIn(data), AnalyticsSettings.defaults().withFlushInterval(Duration.ofMillis(20)));
    host = startHost(new MemoryCheckpointStore());
  }

  private ServiceHost startHost(MemoryCheckpointStore checkpoints) {
    ServiceHost h = ServiceHost.builder(store).checkpoints(checkpoints).deadLetters(new MemoryDeadLetterStore())
        .pollWait(Duration.ofMillis(20)).service(AnalyticsService.service(categories, db)).build();
    h.start();
    return h;
  }

  @AfterEach
  void stop() {
    host.stop(Duration.ofSeconds(5));
    db.close();
  }

  private Object scalar(String sql) {
    return db.analytics().query(sql).rows().getFirst().getFirst();
  }

  @Test
  void landsAnOrderWithItsLinesStatusAndTimes() {
    script.place("acme", "o1", T10.plusSeconds(15 * 60), line("TEE", 2, "10.00"), line("MUG", 1, "5.50"));
    script.confirm("acme", "o1", T10.plusSeconds(20 * 60));

    Await.equal(() -> scalar("SELECT count(*) FROM orders WHERE status = 'confirmed'"), 1L);

    QueryResult order = db.analytics().query("""
        SELECT tenant, order_id, customer_email, status, placed_at, confirmed_at, updated_at, hour, subtotal, tax, total, currency, units
        FROM orders""");
    assertThat(order.rows()).containsExactly(List.of("acme", "o1", "o1@example.com", "confirmed", "2025-03-01T10:15",
        "2025-03-01T10:20", "2025-03-01T10:20", "2025-03-01T10:00", new BigDecimal("25.5000"), new BigDecimal("5.1000"),
        new BigDecimal("30.6000"), "EUR", 3));
    QueryResult lines = db.analytics().query("SELECT tenant, order_id, sku, name, quantity, unit_price, line_total FROM order_lines ORDER BY sku");
    assertThat(lines.rows()).containsExactly(
        List.of("acme", "o1", "MUG", "Product MUG", 1, new BigDecimal("5.5000"), new BigDecimal("5.5000")),
        List.of("acme", "o1", "TEE", "Product TEE", 2, new BigDecimal("10.0000"), new BigDecimal("20.0000")));
  }

  @Test
  void replayingTheWholeFeedCountsEveryOrderOnce() {
    script.place("acme", "o1", T10, line("TEE", 2, "10.00"));
    script.confirm("acme", "o1", T10.plusSeconds(60));
    script.place("globex", "g1", T10, line("MUG", 3, "4.00"));
    Await.equal(() -> scalar("SELECT count(*) FROM orders WHERE status = 'confirmed'"), 1L);
    Await.equal(() -> scalar("SELECT count(*) FROM orders"), 2L);

    // A restart that lost its checkpoints: every event is delivered again, to a fresh service instance.
    host.stop(Duration.ofSeconds(5));
    MemoryCheckpointStore fresh = new MemoryCheckpointStore();
    host = startHost(fresh);
    awaitCaughtUp(fresh);

    assertThat(scalar("SELECT count(*) FROM orders")).isEqualTo(2L);
    assertThat(scalar("SELECT count(*) FROM order_lines")).isEqualTo(2L);
    assertThat(scalar("SELECT sum(revenue) FROM sales_by_hour WHERE tenant = 'acme'")).isEqualTo(new BigDecimal("24.0000"));
    assertThat(db.analytics().sales("acme", T10, T10.plusSeconds(3600)).orders()).isEqualTo(1);
  }

  @Test
  void aCancellationAfterConfirmationTakesTheSaleBack() {
    script.place("acme", "o1", T10, line("TEE", 1, "10.00"));
    script.confirm("acme", "o1", T10.plusSeconds(60));
    Await.equal(() -> db.analytics().sales("acme", T10, T10.plusSeconds(3600)).orders(), 1L);

    script.cancel("acme", "o1", T10.plusSeconds(7200));

    Await.equal(() -> scalar("SELECT status FROM orders"), "cancelled");
    SalesReport sales = db.analytics().sales("acme", T10, T10.plusSeconds(3600));
    assertThat(sales.placed()).isEqualTo(1);
    assertThat(sales.orders()).isZero();
    assertThat(sales.revenue()).isEqualByComparingTo("0");
  }

  /** Waits until the service's checkpoint of each tenant reaches that tenant's last order event. */
  private void awaitCaughtUp(MemoryCheckpointStore checkpoints) {
    Map<String, Long> last = new java.util.HashMap<>();
    for (RecordedEvent e : store.readAll(0, 10_000, FeedFilter.ALL)) {
      if (e.stream().category().equals(Order.CATEGORY)) {
        last.merge(e.stream().tenant(), e.position(), Math::max);
      }
    }
    Await.equal(() -> {
      host.flushCheckpoints();
      return last.entrySet().stream().allMatch(t -> checkpoints.list(AnalyticsService.NAME).stream()
          .anyMatch(cp -> cp.getKey().tenant().equals(t.getKey()) && cp.getValue() >= t.getValue()));
    }, true);
  }
}
