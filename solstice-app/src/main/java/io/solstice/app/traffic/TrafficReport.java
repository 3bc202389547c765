package io.solstice.app.traffic;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The end-of-run report: per tenant (then totals) the orders by final status, the mails sent by
 * kind, revenue from analytics, throughput and checkout → confirmation latency; and the
 * <b>reconciliation</b> of the generator's own expectations with what the server shows:
 *
 * <ul>
 *   <li>each order's status ({@code GET /orders/{id}}) against its scenario's final status, and its
 *       total against the catalog prices and the tenant's tax rate;
 *   <li>mails in the mail directory (when there is one) against the mails the orders must have
 *       caused: one {@code confirmed} per order that was confirmed, one {@code shipped} per order
 *       shipped in full, one {@code cancelled} per cancellation; none missing, none extra, none twice;
 *   <li>analytics' sales of the run's window against the orders that reached a sale status and
 *       their expected totals (the revenue definition of {@code GET /analytics/sales}).
 * </ul>
 *
 * {@link #reconciled()} is true when nothing disagrees and no shopper failed.
 */
public final class TrafficReport {
  private static final int SHOWN_PER_KIND = 5;
  private static final List<String> STATUS_ORDER = List.of("completed", "delivered", "shipped", "released", "confirmed", "under_review",
      "placed", "cancelled", "rejected", "payment_declined");
  private static final List<String> MAIL_KINDS = List.of("confirmed", "shipped", "cancelled");

  /** Where the latency figures come from. */
  public enum LatencySource {
    /** Checkout request start → the confirmation mail's file appears in the mail directory. */
    MAIL_DIRECTORY("checkout → confirmation mail"),
    /** Checkout request start → {@code GET /orders/{id}} first shows the order confirmed (polling). */
    STATUS_POLLING("checkout → confirmed status (polled)");

    private final String label;

    LatencySource(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * One tenant's figures (or the totals, with {@code shop} null).
   *
   * @param placed orders the server acknowledged
   * @param failed shoppers whose checkout never answered
   * @param byStatus orders by the status the server showed last
   * @param mailsExpected mails the orders must have caused, by kind
   * @param mailsSeen mails found in the mail directory, by kind (null without a mail directory)
   * @param salesExpected orders that must count as sales
   * @param revenueExpected their totals
   * @param analytics what analytics said (null for the totals)
   * @param ordersPerSecond placed orders over the run's duration
   * @param latency checkout → confirmation
   */
  public record Figures(Shop shop, long placed, long failed, Map<String, Long> byStatus, Map<String, Long> mailsExpected,
      Map<String, Long> mailsSeen, long salesExpected, BigDecimal revenueExpected, AnalyticsProbe.Sales analytics, double ordersPerSecond,
      Latencies latency) {}

  private final List<Figures> tenants;
  private final Figures totals;
  private final List<String> mismatches;
  private final LatencySource latencySource;
  private final double seconds;
  private final boolean analyticsAvailable;
  private final String analyticsNote;

  private TrafficReport(List<Figures> tenants, Figures totals, List<String> mismatches, LatencySource latencySource, double seconds,
      boolean analyticsAvailable, String analyticsNote) {
    this.tenants = List.copyOf(tenants);
    this.totals = totals;
    this.mismatches = List.copyOf(mismatches);
    this.latencySource = latencySource;
    this.seconds = seconds;
    this.analyticsAvailable = analyticsAvailable;
    this.analyticsNote = analyticsNote;
  }

  /**
   * Reconciles a settled run: waits (up to {@code wait}) for the expected mails to appear in {@code
   * mails} (null: no mail directory, latency by polling) and for analytics to catch up, then
   * compares; a dead letter parked for one of the run's tenants is a mismatch too.
   *
   * @param adminKey reads the dead letters
   * @param windowFrom the start of the analytics window (before the first checkout)
   */
  public static TrafficReport reconcile(ApiClient api, String adminKey, List<Shop> shops, TrafficGenerator.Run run, MailWatcher mails,
      Instant windowFrom, Duration wait) throws InterruptedException {
    List<OrderRecord> orders = run.orders();
    List<String> mismatches = new ArrayList<>();
    Set<String> expectedMails = new HashSet<>();
    for (OrderRecord r : orders) {
      if (!r.placed()) {
        continue;
      }
      for (String kind : expectedKinds(r)) {
        expectedMails.add(r.orderId() + " " + kind);
      }
    }
    long deadline = System.nanoTime() + wait.toNanos();
    if (mails != null) {
      while (System.nanoTime() < deadline && !mails.sightings().keySet().containsAll(expectedMails)) {
        Thread.sleep(100);
      }
      mails.scan();
    }
    Map<String, AnalyticsProbe.Sales> analytics = analytics(api, shops, orders, windowFrom, deadline);
    boolean analyticsAvailable = analytics.values().stream().allMatch(s -> s instanceof AnalyticsProbe.Sales.Figures);
    String analyticsNote = analytics.values().stream().filter(s -> s instanceof AnalyticsProbe.Sales.Unavailable)
        .map(s -> ((AnalyticsProbe.Sales.Unavailable) s).why()).findFirst().orElse(null);

    List<Figures> figures = new ArrayList<>();
    for (Shop shop : shops) {
      List<OrderRecord> mine = orders.stream().filter(r -> r.shop() == shop).toList();
      figures.add(tenantFigures(shop, mine, mails, analytics.get(shop.id()), analyticsAvailable, run.seconds(), mismatches));
    }
    Figures totals = totals(figures, orders, mails, run.seconds());
    Set<String> tenants = shops.stream().map(Shop::id).collect(Collectors.toSet());
    addAll(mismatches, "parked", DeadLetterProbe.parked(api, adminKey, tenants));
    return new TrafficReport(figures, totals, mismatches, mails == null ? LatencySource.STATUS_POLLING : LatencySource.MAIL_DIRECTORY,
        run.seconds(), analyticsAvailable, analyticsNote);
  }

  private static List<String> expectedKinds(OrderRecord r) {
    List<String> kinds = new ArrayList<>(2);
    if (r.expectsConfirmationMail()) {
      kinds.add("confirmed");
    }
    if (r.plan().scenario().ships()) {
      kinds.add("shipped");
    }
    if (r.plan().scenario().cancels()) {
      kinds.add("cancelled");
    }
    return kinds;
  }

  private static Map<String, AnalyticsProbe.Sales> analytics(ApiClient api, List<Shop> shops, List<OrderRecord> orders, Instant from,
      long deadline) throws InterruptedException {
    AnalyticsProbe probe = new AnalyticsProbe(api);
    Map<String, AnalyticsProbe.Sales> result = new LinkedHashMap<>();
    Instant to = Instant.now().plus(Duration.ofHours(1));
    for (Shop shop : shops) {
      BigDecimal expected = expectedRevenue(shop, orders.stream().filter(r -> r.shop() == shop).toList());
      AnalyticsProbe.Sales sales = probe.sales(shop, from, to);
      while (sales instanceof AnalyticsProbe.Sales.Figures f && f.revenue().compareTo(expected) != 0 && System.nanoTime() < deadline) {
        Thread.sleep(200); // analytics writes in batches: give it a moment to catch up
        sales = probe.sales(shop, from, to);
      }
      result.put(shop.id(), sales);
      if (sales instanceof AnalyticsProbe.Sales.Unavailable) {
        break; // the same for every tenant
      }
    }
    return result;
  }

  private static BigDecimal expectedRevenue(Shop shop, List<OrderRecord> orders) {
    BigDecimal sum = BigDecimal.ZERO;
    for (OrderRecord r : orders) {
      if (r.placed() && r.plan().scenario().sale()) {
        sum = sum.add(shop.expectedTotal(r.plan()));
      }
    }
    return sum;
  }

  private static Figures tenantFigures(Shop shop, List<OrderRecord> orders, MailWatcher mails, AnalyticsProbe.Sales analytics,
      boolean analyticsAvailable, double seconds, List<String> mismatches) {
    String t = shop.id();
    long placed = orders.stream().filter(OrderRecord::placed).count();
    List<OrderRecord> failed = orders.stream().filter(r -> !r.placed()).toList();
    if (!failed.isEmpty()) {
      mismatches.add(t + ": " + failed.size() + " shopper(s) failed before their checkout was acknowledged; first: " + failed.getFirst().error());
    }
    Map<String, Long> byStatus = new TreeMap<>();
    List<String> wrongStatus = new ArrayList<>();
    List<String> wrongTotal = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Map<String, Long> mailsExpected = new LinkedHashMap<>();
    MAIL_KINDS.forEach(k -> mailsExpected.put(k, 0L));
    long salesExpected = 0;
    BigDecimal revenueExpected = BigDecimal.ZERO;
    List<Long> latencies = new ArrayList<>();
    for (OrderRecord r : orders) {
      if (!r.placed()) {
        continue;
      }
      byStatus.merge(r.finalStatus() == null ? "unknown" : r.finalStatus(), 1L, Long::sum);
      if (!r.settled()) {
        wrongStatus.add("order " + r.orderId() + " (" + r.plan().scenario().label() + ") is " + r.finalStatus() + ", expected "
            + r.plan().scenario().finalStatus());
      } else if (r.error() != null) {
        errors.add(r.error());
      }
      BigDecimal expectedTotal = shop.expectedTotal(r.plan());
      if (r.serverTotal() != null && r.serverTotal().compareTo(expectedTotal) != 0) {
        wrongTotal.add("order " + r.orderId() + " total " + r.serverTotal() + ", expected " + expectedTotal);
      }
      for (String kind : expectedKinds(r)) {
        mailsExpected.merge(kind, 1L, Long::sum);
      }
      if (r.plan().scenario().sale()) {
        salesExpected++;
        revenueExpected = revenueExpected.add(expectedTotal);
      }
      long confirmedAt = mails != null
          ? mails.sighting(r.orderId(), "confirmed").map(MailWatcher.Sighting::seenNanos).orElse(0L)
          : r.plan().scenario().confirms() ? r.confirmedSeenNanos() : 0L;
      if (confirmedAt > 0 && r.checkoutStartNanos() > 0) {
        latencies.add(Math.max(0, confirmedAt - r.checkoutStartNanos()));
      }
    }
    addAll(mismatches, t + ": status", wrongStatus);
    addAll(mismatches, t + ": total", wrongTotal);
    addAll(mismatches, t + ": error", errors);

    Map<String, Long> mailsSeen = null;
    if (mails != null) {
      mailsSeen = new LinkedHashMap<>();
      for (String kind : MAIL_KINDS) {
        List<String> missing = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        long seen = 0;
        for (OrderRecord r : orders) {
          if (!r.placed()) {
            continue;
          }
          boolean expected = expectedKinds(r).contains(kind);
          boolean found = mails.sighting(r.orderId(), kind).isPresent();
          if (found) {
            seen++;
            if (!expected) {
              extra.add("order " + r.orderId() + " (" + r.plan().scenario().label() + ", " + r.finalStatus() + ")");
            }
            if (mails.duplicates().containsKey(r.orderId() + " " + kind)) {
              mismatches.add(t + ": mail '" + kind + "' of order " + r.orderId() + " exists more than once");
            }
          } else if (expected) {
            missing.add("order " + r.orderId() + " (" + r.plan().scenario().label() + ")");
          }
        }
        mailsSeen.put(kind, seen);
        addAll(mismatches, t + ": '" + kind + "' mail missing for", missing);
        addAll(mismatches, t + ": unexpected '" + kind + "' mail for", extra);
      }
    }

    if (analyticsAvailable && analytics instanceof AnalyticsProbe.Sales.Figures f) {
      if (f.revenue().compareTo(revenueExpected) != 0) {
        mismatches.add(t + ": analytics revenue " + f.revenue().toPlainString() + " " + shop.spec().currency() + ", expected "
            + revenueExpected.toPlainString() + " (sum of the totals of " + salesExpected + " sales)");
      }
      if (f.orders() >= 0 && f.orders() != salesExpected) {
        mismatches.add(t + ": analytics counts " + f.orders() + " sales, expected " + salesExpected);
      }
      if (f.placed() >= 0 && f.placed() != placed) {
        mismatches.add(t + ": analytics counts " + f.placed() + " placed orders, expected " + placed);
      }
    }
    long[] values = latencies.stream().mapToLong(Long::longValue).toArray();
    return new Figures(shop, placed, failed.size(), byStatus, mailsExpected, mailsSeen, salesExpected, revenueExpected, analytics,
        placed / seconds, Latencies.of(values));
  }

  private static Figures totals(List<Figures> figures, List<OrderRecord> orders, MailWatcher mails, double seconds) {
    Map<String, Long> byStatus = new TreeMap<>();
    Map<String, Long> expected = new LinkedHashMap<>();
    Map<String, Long> seen = mails == null ? null : new LinkedHashMap<>();
    long placed = 0;
    long failed = 0;
    long sales = 0;
    List<Long> latencies = new ArrayList<>();
    for (Figures f : figures) {
      placed += f.placed();
      failed += f.failed();
      sales += f.salesExpected();
      f.byStatus().forEach((k, v) -> byStatus.merge(k, v, Long::sum));
      f.mailsExpected().forEach((k, v) -> expected.merge(k, v, Long::sum));
      if (seen != null) {
        f.mailsSeen().forEach((k, v) -> seen.merge(k, v, Long::sum));
      }
    }
    for (OrderRecord r : orders) {
      if (!r.placed()) {
        continue;
      }
      long confirmedAt = mails != null
          ? mails.sighting(r.orderId(), "confirmed").map(MailWatcher.Sighting::seenNanos).orElse(0L)
          : r.plan().scenario().confirms() ? r.confirmedSeenNanos() : 0L;
      if (confirmedAt > 0) {
        latencies.add(Math.max(0, confirmedAt - r.checkoutStartNanos()));
      }
    }
    return new Figures(null, placed, failed, byStatus, expected, seen, sales, null, null, placed / seconds,
        Latencies.of(latencies.stream().mapToLong(Long::longValue).toArray()));
  }

  private static void addAll(List<String> mismatches, String what, List<String> items) {
    for (int i = 0; i < Math.min(SHOWN_PER_KIND, items.size()); i++) {
      mismatches.add(what + " " + items.get(i));
    }
    if (items.size() > SHOWN_PER_KIND) {
      mismatches.add(what + ": … and " + (items.size() - SHOWN_PER_KIND) + " more");
    }
  }

  /** True when every order, mail and analytics figure matched and no shopper failed. */
  public boolean reconciled() {
    return mismatches.isEmpty();
  }

  public List<String> mismatches() {
    return mismatches;
  }

  public List<Figures> tenants() {
    return tenants;
  }

  public Figures totals() {
    return totals;
  }

  public LatencySource latencySource() {
    return latencySource;
  }

  public boolean analyticsAvailable() {
    return analyticsAvailable;
  }

  /** Seconds from the first shopper to the last acknowledged checkout. */
  public double seconds() {
    return seconds;
  }

  /** Prints the report: one block per tenant, the totals, then the reconciliation verdict. */
  public void print(PrintWriter out) {
    for (Figures f : tenants) {
      out.println();
      out.println(f.shop().id() + " — " + f.shop().spec().name() + " (" + f.shop().spec().currency() + ", tax "
          + f.shop().spec().taxRate().movePointRight(2).stripTrailingZeros().toPlainString() + "%)");
      printFigures(out, f);
    }
    out.println();
    out.println("all tenants");
    printFigures(out, totals);
    out.println();
    if (!analyticsAvailable) {
      out.println("analytics: not available" + (analyticsNote == null ? "" : " (" + analyticsNote + ")")
          + "; revenue reconciled against the orders only");
    }
    if (reconciled()) {
      out.println("reconciled: yes — " + String.format(Locale.ROOT, "%,d", totals.placed()) + " orders reached their expected status"
          + (totals.mailsSeen() == null ? "" : ", " + String.format(Locale.ROOT, "%,d", sum(totals.mailsSeen())) + " mails match the mail directory")
          + (analyticsAvailable ? ", revenue matches analytics" : "") + ", no dead letter parked");
    } else {
      out.println("reconciled: no — " + mismatches.size() + " mismatch" + (mismatches.size() == 1 ? "" : "es") + ":");
      mismatches.forEach(m -> out.println("  - " + m));
    }
    out.flush();
  }

  private void printFigures(PrintWriter out, Figures f) {
    out.println(String.format(Locale.ROOT, "  orders      %,d placed%s", f.placed(), f.failed() > 0 ? ", " + f.failed() + " failed" : ""));
    StringBuilder statuses = new StringBuilder();
    List<String> keys = new ArrayList<>(STATUS_ORDER);
    f.byStatus().keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
    for (String status : keys) {
      Long n = f.byStatus().get(status);
      if (n != null) {
        statuses.append(statuses.isEmpty() ? "" : " · ").append(status).append(' ').append(String.format(Locale.ROOT, "%,d", n));
      }
    }
    out.println("  by status   " + statuses);
    StringBuilder mails = new StringBuilder();
    for (String kind : MAIL_KINDS) {
      long expected = f.mailsExpected().getOrDefault(kind, 0L);
      mails.append(mails.isEmpty() ? "" : " · ").append(kind).append(' ');
      if (f.mailsSeen() == null) {
        mails.append(String.format(Locale.ROOT, "%,d expected", expected));
      } else {
        long seen = f.mailsSeen().getOrDefault(kind, 0L);
        mails.append(String.format(Locale.ROOT, "%,d", seen)).append(seen == expected ? "" : String.format(Locale.ROOT, " (expected %,d)", expected));
      }
    }
    out.println("  mails       " + mails + (f.mailsSeen() == null ? " (no mail directory)" : ""));
    if (f.shop() != null) {
      String currency = f.shop().spec().currency();
      String revenue = switch (f.analytics()) {
        case AnalyticsProbe.Sales.Figures a -> String.format(Locale.ROOT, "%s %,.2f from analytics (%,d sales)", currency, a.revenue(), a.orders())
            + (a.revenue().compareTo(f.revenueExpected()) == 0 ? "" : String.format(Locale.ROOT, "; expected %,.2f", f.revenueExpected()));
        case AnalyticsProbe.Sales.Unavailable u -> String.format(Locale.ROOT, "%s %,.2f expected (%,d sales); analytics: not available", currency,
            f.revenueExpected(), f.salesExpected());
        case null -> String.format(Locale.ROOT, "%s %,.2f expected (%,d sales); analytics: not available", currency, f.revenueExpected(),
            f.salesExpected());
      };
      out.println("  revenue     " + revenue);
    } else {
      out.println(String.format(Locale.ROOT, "  sales       %,d", f.salesExpected()));
    }
    out.println(String.format(Locale.ROOT, "  throughput  %,.1f orders/s over %.1f s", f.ordersPerSecond(), seconds));
    Latencies l = f.latency();
    out.println(l.count() == 0 ? "  latency     " + latencySource.label() + ": no samples"
        : String.format(Locale.ROOT, "  latency     %s p50 %,.0f ms · p99 %,.0f ms (%,d orders)", latencySource.label(), l.millis(50),
            l.millis(99), l.count()));
  }

  private static long sum(Map<String, Long> m) {
    return m.values().stream().mapToLong(Long::longValue).sum();
  }
}
