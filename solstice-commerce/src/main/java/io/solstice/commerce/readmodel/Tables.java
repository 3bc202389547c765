package io.solstice.commerce.readmodel;

import java.util.List;

/**
 * The names of the read-model tables a projector writes: the live tables, or the shadow copies
 * ({@code _rebuild} suffix) a rebuild fills before copying them over the live rows. Also the DDL,
 * one schema for SQLite and PostgreSQL, created idempotently ({@code IF NOT EXISTS}); the live tables
 * through the versioned {@link ReadModelSchema}.
 */
record Tables(String products, String stockHolds, String orders, String orderHistory) {

  static final String PRODUCTS = "rm_products";
  static final String STOCK_HOLDS = "rm_stock_holds";
  static final String ORDERS = "rm_orders";
  static final String ORDER_HISTORY = "rm_order_history";

  static final Tables LIVE = new Tables(PRODUCTS, STOCK_HOLDS, ORDERS, ORDER_HISTORY);
  static final Tables SHADOW = new Tables(PRODUCTS + "_rebuild", STOCK_HOLDS + "_rebuild", ORDERS + "_rebuild",
      ORDER_HISTORY + "_rebuild");

  static final String PRODUCT_COLUMNS =
      "tenant, sku, name, description, price, currency, active, on_hand, reserved, allocated, available, product_position, stock_position";
  static final String HOLD_COLUMNS = "tenant, sku, order_id, reserved, allocated";
  static final String ORDER_COLUMNS = "tenant, order_id, customer_email, status, total, currency, units, placed_at, updated_at, last_position";
  static final String HISTORY_COLUMNS = "tenant, order_id, position, version, event_type, status, at";

  /** The tables of {@code model}, in this naming. */
  List<String> of(ReadModel model) {
    return switch (model) {
      case PRODUCTS -> List.of(products, stockHolds);
      case ORDERS -> List.of(orders, orderHistory);
    };
  }

  /** The column list of a table of this naming. */
  String columnsOf(String table) {
    if (table.equals(products)) {
      return PRODUCT_COLUMNS;
    }
    if (table.equals(stockHolds)) {
      return HOLD_COLUMNS;
    }
    if (table.equals(orders)) {
      return ORDER_COLUMNS;
    }
    if (table.equals(orderHistory)) {
      return HISTORY_COLUMNS;
    }
    throw new IllegalArgumentException("not a read-model table: " + table);
  }

  /** The statements creating the tables of {@code model} if they do not exist. */
  List<String> ddl(ReadModel model, boolean withIndexes) {
    return switch (model) {
      case PRODUCTS -> List.of(
          "CREATE TABLE IF NOT EXISTS " + products + " ("
              + "tenant TEXT NOT NULL, sku TEXT NOT NULL, name TEXT, description TEXT, price TEXT, currency TEXT,"
              + " active INTEGER NOT NULL DEFAULT 0, on_hand BIGINT NOT NULL DEFAULT 0, reserved BIGINT NOT NULL DEFAULT 0,"
              + " allocated BIGINT NOT NULL DEFAULT 0, available BIGINT NOT NULL DEFAULT 0,"
              + " product_position BIGINT NOT NULL DEFAULT 0, stock_position BIGINT NOT NULL DEFAULT 0,"
              + " PRIMARY KEY (tenant, sku))",
          "CREATE TABLE IF NOT EXISTS " + stockHolds + " ("
              + "tenant TEXT NOT NULL, sku TEXT NOT NULL, order_id TEXT NOT NULL,"
              + " reserved BIGINT NOT NULL DEFAULT 0, allocated BIGINT NOT NULL DEFAULT 0,"
              + " PRIMARY KEY (tenant, sku, order_id))");
      case ORDERS -> {
        String orderTable = "CREATE TABLE IF NOT EXISTS " + orders + " ("
            + "tenant TEXT NOT NULL, order_id TEXT NOT NULL, customer_email TEXT, status TEXT, total TEXT, currency TEXT,"
            + " units INTEGER, placed_at TEXT, updated_at TEXT, last_position BIGINT NOT NULL DEFAULT 0,"
            + " PRIMARY KEY (tenant, order_id))";
        String historyTable = "CREATE TABLE IF NOT EXISTS " + orderHistory + " ("
            + "tenant TEXT NOT NULL, order_id TEXT NOT NULL, position BIGINT NOT NULL, version BIGINT NOT NULL,"
            + " event_type TEXT NOT NULL, status TEXT, at TEXT NOT NULL,"
            + " PRIMARY KEY (tenant, order_id, position))";
        yield withIndexes
            ? List.of(orderTable, historyTable,
                "CREATE INDEX IF NOT EXISTS " + orders + "_customer ON " + orders + " (tenant, customer_email, placed_at)")
            : List.of(orderTable, historyTable);
      }
    };
  }
}
