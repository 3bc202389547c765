package io.solstice.app.ops;

import io.solstice.commerce.readmodel.ReadModels;
import io.solstice.commerce.tenancy.Tenancy;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The console's overview: every tenant with its orders (all time, per status, from the read
 * models), revenue (the totals of orders confirmed or beyond and not cancelled) and orders per
 * second (from the live feed), plus the {@link Timeline}'s history for the charts. Asking for it
 * starts the live feed.
 */
public final class Overview {

  /** The statuses whose orders count as revenue: paid for and not given back. */
  public static final Set<String> SOLD = Set.of("confirmed", "released", "shipped", "delivered", "completed");

  private final Tenancy tenancy;
  private final ReadModels readModels;
  private final LiveFeed live;
  private final Timeline timeline;
  private final Clock clock;

  public Overview(Tenancy tenancy, ReadModels readModels, LiveFeed live, Timeline timeline, Clock clock) {
    this.tenancy = Objects.requireNonNull(tenancy, "tenancy");
    this.readModels = Objects.requireNonNull(readModels, "readModels");
    this.live = Objects.requireNonNull(live, "live");
    this.timeline = Objects.requireNonNull(timeline, "timeline");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * One tenant's line.
   *
   * @param orders every order the read model holds for the tenant
   * @param byStatus the same per status
   * @param revenue total of the orders sold, in the tenant's currency
   * @param ordersPerSecond orders placed per second in the last interval; null before the live feed has two samples
   */
  public record TenantLine(String tenantId, String name, String currency, boolean suspended, long orders, Map<String, Long> byStatus,
      BigDecimal revenue, Double ordersPerSecond) {}

  /**
   * The overview.
   *
   * @param generatedAt when it was made
   * @param liveSince since when orders per second are counted
   * @param intervalSeconds the length of one point of {@code series}
   * @param tenants one line per tenant
   * @param orders orders of every tenant
   * @param ordersPerSecond orders per second of every tenant in the last interval (null: not yet known)
   * @param series the timeline, oldest first
   */
  public record Report(Instant generatedAt, Instant liveSince, double intervalSeconds, List<TenantLine> tenants, long orders,
      Double ordersPerSecond, List<Timeline.Point> series) {}

  /** The overview now. */
  public Report report() {
    live.start();
    timeline.start();
    Map<String, Map<String, Long>> byStatus = new TreeMap<>();
    Map<String, BigDecimal> revenue = new TreeMap<>();
    for (ReadModels.OrderCount c : readModels.orderCounts()) {
      byStatus.computeIfAbsent(c.tenant(), t -> new TreeMap<>()).merge(c.status(), c.orders(), Long::sum);
      if (SOLD.contains(c.status())) {
        revenue.merge(c.tenant(), c.total(), BigDecimal::add);
      }
    }
    List<Timeline.Point> series = timeline.points();
    Timeline.Point last = series.isEmpty() ? null : series.getLast();
    List<TenantLine> lines = new ArrayList<>();
    long all = 0;
    for (Tenancy.TenantView t : tenancy.list()) {
      Map<String, Long> statuses = byStatus.getOrDefault(t.tenantId(), Map.of());
      long orders = statuses.values().stream().mapToLong(Long::longValue).sum();
      all += orders;
      Double rate = last == null || last.ordersPerSecond() == null ? null : last.ordersPerSecondByTenant().getOrDefault(t.tenantId(), 0.0);
      lines.add(new TenantLine(t.tenantId(), t.name(), t.currency(), t.suspended(), orders, Map.copyOf(statuses),
          revenue.getOrDefault(t.tenantId(), BigDecimal.ZERO), rate));
    }
    return new Report(clock.instant(), live.since(), timeline.interval().toMillis() / 1000.0, lines, all,
        last == null ? null : last.ordersPerSecond(), series);
  }
}
