package io.solstice.commerce.analytics;

import io.solstice.commerce.order.OrderStatus;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The DuckDB schema of the analytics database (documented in {@code docs/analytics.md}). Times are
 * UTC in {@code TIMESTAMP} columns; money is {@code DECIMAL(18,4)}, exact for every ISO 4217
 * currency's minor unit, and wide enough for every order the API accepts (checkout refuses totals
 * above {@link io.solstice.commerce.cart.Carts#MAX_ORDER_TOTAL}). The tenant is the first column of
 * every key.
 */
final class AnalyticsSchema {
  private AnalyticsSchema() {}

  /** The statuses whose orders count as sales: reached confirmed, and not cancelled since. */
  static final List<OrderStatus> SOLD = List.of(OrderStatus.CONFIRMED, OrderStatus.RELEASED, OrderStatus.SHIPPED,
      OrderStatus.DELIVERED, OrderStatus.COMPLETED);

  /** {@code 'confirmed', 'released', …} for SQL. */
  static final String SOLD_LIST = SOLD.stream().map(s -> "'" + s.wireName() + "'").collect(Collectors.joining(", "));

  static final String ORDERS = """
      CREATE TABLE IF NOT EXISTS orders (
        tenant         VARCHAR       NOT NULL,
        order_id       VARCHAR       NOT NULL,
        customer_email VARCHAR       NOT NULL,
        status         VARCHAR       NOT NULL,
        placed_at      TIMESTAMP     NOT NULL,
        confirmed_at   TIMESTAMP,
        updated_at     TIMESTAMP     NOT NULL,
        hour           TIMESTAMP     NOT NULL,
        subtotal       DECIMAL(18,4) NOT NULL,
        tax            DECIMAL(18,4) NOT NULL,
        total          DECIMAL(18,4) NOT NULL,
        currency       VARCHAR       NOT NULL,
        units          INTEGER       NOT NULL,
        version        BIGINT        NOT NULL,
        PRIMARY KEY (tenant, order_id)
      )""";

  static final String ORDER_LINES = """
      CREATE TABLE IF NOT EXISTS order_lines (
        tenant     VARCHAR       NOT NULL,
        order_id   VARCHAR       NOT NULL,
        sku        VARCHAR       NOT NULL,
        name       VARCHAR       NOT NULL,
        quantity   INTEGER       NOT NULL,
        unit_price DECIMAL(18,4) NOT NULL,
        line_total DECIMAL(18,4) NOT NULL,
        hour       TIMESTAMP     NOT NULL,
        PRIMARY KEY (tenant, order_id, sku)
      )""";

  static final String SALES_BY_HOUR = """
      CREATE OR REPLACE VIEW sales_by_hour AS
      SELECT tenant, hour, currency,
             count(*)                                                   AS placed,
             count(*) FILTER (WHERE status IN (%1$s))                    AS orders,
             coalesce(sum(units) FILTER (WHERE status IN (%1$s)), 0)     AS units,
             coalesce(sum(total) FILTER (WHERE status IN (%1$s)), 0)     AS revenue
      FROM orders
      GROUP BY tenant, hour, currency""".formatted(SOLD_LIST);

  /** The statements that create (or bring up to date) the schema; each is idempotent. */
  static List<String> statements() {
    return Stream.of(ORDERS, ORDER_LINES, SALES_BY_HOUR).toList();
  }
}
