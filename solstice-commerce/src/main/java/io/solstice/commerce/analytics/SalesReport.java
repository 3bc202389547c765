package io.solstice.commerce.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A tenant's sales over {@code [from, to)}, by hour of placement (UTC), shaped for JSON. Orders
 * count by when they were placed; an order is a <b>sale</b> while its status is {@code confirmed},
 * {@code released}, {@code shipped}, {@code delivered} or {@code completed} (it reached confirmed and
 * was not cancelled; rejected and payment-declined orders never reach confirmed). So an hour's
 * figures can change after the hour: a confirmation adds a sale, a cancellation removes it.
 *
 * @param tenant the tenant
 * @param from the start of the window, inclusive
 * @param to the end of the window, exclusive
 * @param currency the tenant's currency (ISO 4217), or null when the tenant has no order at all
 * @param placed orders placed in the window, whatever became of them
 * @param orders sales: orders placed in the window that count as sales
 * @param units units of those sales
 * @param revenue the totals of those sales, tax included, in {@code currency}'s minor unit
 * @param hours one entry per hour in which an order was placed, in time order (hours without orders
 *     are left out)
 */
public record SalesReport(
    String tenant, Instant from, Instant to, String currency, long placed, long orders, long units, BigDecimal revenue, List<Hour> hours) {

  /**
   * One hour's figures, as in the report.
   *
   * @param hour the start of the hour (UTC)
   * @param placed orders placed in the hour (within the window)
   * @param orders of which sales
   * @param units units of those sales
   * @param revenue their totals, tax included
   */
  public record Hour(Instant hour, long placed, long orders, long units, BigDecimal revenue) {
    public Hour {
      Objects.requireNonNull(hour, "hour");
      Objects.requireNonNull(revenue, "revenue");
    }
  }

  public SalesReport {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(revenue, "revenue");
    hours = List.copyOf(hours);
  }
}
