package io.solstice.commerce.readmodel;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Queries over the read models (SQL tables maintained by the {@code projections} service from the
 * event log, rebuildable with {@code solstice projections rebuild NAME}). They serve the list
 * endpoints ({@code GET /products}, {@code GET /orders?customer=}); single-entity reads go to the
 * aggregates.
 *
 * <p>Read your writes: {@link #awaitCaughtUp} blocks until the projections have processed every
 * event of the tenant that was committed before the call, so a list read after a completed write
 * shows it.
 */
public interface ReadModels {

  /**
   * A catalog listing row. {@code reserved} counts every unit held for live orders (reserved at
   * checkout or allocated on release, not yet shipped), so {@code available = onHand - reserved}, as
   * in the stock API.
   */
  record ProductRow(String sku, String name, String description, BigDecimal price, String currency, boolean active,
      long onHand, long reserved, long available) {}

  /** An order summary row. */
  record OrderRow(String orderId, String customerEmail, String status, BigDecimal total, String currency, int units,
      Instant placedAt, Instant updatedAt) {}

  /** One event of an order's history, with the order's status after it. */
  record HistoryRow(long position, String eventType, String status, Instant at) {}

  /**
   * How many orders a tenant has in one status (and currency), and the sum of their totals, tax
   * included, rounded to the currency's minor unit.
   */
  record OrderCount(String tenant, String status, String currency, long orders, BigDecimal total) {}

  /** Orders per tenant, status and currency, for the operations console's overview; ordered by tenant and status. */
  List<OrderCount> orderCounts();

  /** Products of a tenant ordered by SKU, after {@code afterSku} (null for the first page), at most {@code limit}. */
  List<ProductRow> products(String tenant, String afterSku, int limit);

  /** Orders of one customer (e-mail, case-insensitive), newest first, at most {@code limit}. */
  List<OrderRow> ordersByCustomer(String tenant, String customerEmail, int limit);

  /** The history of one order, oldest first (empty when the read model holds no such order). */
  List<HistoryRow> orderHistory(String tenant, String orderId);

  /**
   * Waits until the read models reflect every event of {@code tenant} committed before this call.
   *
   * @return false if they did not catch up within {@code timeout} (the caller may serve slightly stale data)
   */
  boolean awaitCaughtUp(String tenant, Duration timeout) throws InterruptedException;
}
