package io.solstice.commerce.readmodel;

import io.solstice.commerce.catalog.Product;
import io.solstice.commerce.inventory.Stock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Applies {@code Product} and {@code Stock} events to {@code rm_products} (and the per-order holds in
 * {@code rm_stock_holds}), mirroring {@link Product#evolve} and {@link Stock#evolve}.
 *
 * <p>Idempotence: a row keeps one position per feeding category ({@code product_position},
 * {@code stock_position}), because the two categories are projected independently and may run
 * ahead of each other. Each apply starts by <i>claiming</i> the event: an upsert that raises the
 * category's position only if it is below the event's; when nothing changes the event was applied
 * before and nothing else is written. Claiming first (a write) also means the rest of the
 * transaction runs under the row's lock, so a concurrent rebuild's swap cannot interleave.
 */
final class ProductsProjector {
  private ProductsProjector() {}

  static boolean apply(Connection c, Tables t, String tenant, String sku, long position, Product.Event event) throws SQLException {
    if (!claim(c, t, tenant, sku, position, "product_position")) {
      return false;
    }
    switch (event) {
      case Product.Defined d -> update(c, t, tenant, sku, "name = ?, description = ?, price = ?, currency = ?, active = 1",
          d.name(), d.description(), d.price().amount().toPlainString(), d.price().currency());
      case Product.DetailsChanged d -> update(c, t, tenant, sku, "name = ?, description = ?", d.name(), d.description());
      case Product.Repriced r -> update(c, t, tenant, sku, "price = ?, currency = ?", r.price().amount().toPlainString(),
          r.price().currency());
      case Product.Unpublished u -> update(c, t, tenant, sku, "active = 0");
      case Product.Republished r -> update(c, t, tenant, sku, "active = 1");
    }
    return true;
  }

  /**
   * Applies a stock event in two statements (three for a release): the row's counters move by the
   * event's deltas in the same upsert that claims the row's stock position (so a redelivered event
   * changes nothing), then the order's hold row follows. {@code available} is recomputed in the
   * upsert itself.
   */
  static boolean apply(Connection c, Tables t, String tenant, String sku, long position, Stock.Event event) throws SQLException {
    return switch (event) {
      case Stock.Adjusted a -> moveCounters(c, t, tenant, sku, position, a.quantity(), 0, 0);
      case Stock.Reserved r -> {
        boolean applied = moveCounters(c, t, tenant, sku, position, 0, r.quantity(), 0);
        if (applied) {
          holdExecute(c, "INSERT INTO " + t.stockHolds() + " (tenant, sku, order_id, reserved, allocated) VALUES (?, ?, ?, ?, 0)"
              + " ON CONFLICT (tenant, sku, order_id) DO UPDATE SET reserved = excluded.reserved", tenant, sku, r.orderId(), r.quantity());
        }
        yield applied;
      }
      case Stock.Allocated a -> {
        // an allocation turns exactly the order's reservation (same units) into allocated units
        boolean applied = moveCounters(c, t, tenant, sku, position, 0, -a.quantity(), a.quantity());
        if (applied) {
          holdExecute(c, "INSERT INTO " + t.stockHolds() + " (tenant, sku, order_id, reserved, allocated) VALUES (?, ?, ?, 0, ?)"
              + " ON CONFLICT (tenant, sku, order_id) DO UPDATE SET reserved = 0, allocated = excluded.allocated",
              tenant, sku, a.orderId(), a.quantity());
        }
        yield applied;
      }
      case Stock.ReservationReleased r -> {
        if (!moveCounters(c, t, tenant, sku, position, 0, 0, 0)) {
          yield false;
        }
        long[] held = deleteHold(c, t, tenant, sku, r.orderId()); // what the order held: reserved or allocated units
        if (held[0] != 0 || held[1] != 0) {
          update(c, t, tenant, sku, "reserved = reserved - ?, allocated = allocated - ?, available = available + ? + ?",
              held[0], held[1], held[0], held[1]);
        }
        yield true;
      }
      case Stock.Shipped sh -> {
        boolean applied = moveCounters(c, t, tenant, sku, position, -sh.quantity(), 0, -sh.quantity());
        if (applied) {
          holdExecute(c, "UPDATE " + t.stockHolds() + " SET allocated = CASE WHEN allocated > ? THEN allocated - ? ELSE 0 END"
              + " WHERE tenant = ? AND sku = ? AND order_id = ?", sh.quantity(), sh.quantity(), tenant, sku, sh.orderId());
          holdExecute(c, "DELETE FROM " + t.stockHolds() + " WHERE tenant = ? AND sku = ? AND order_id = ? AND reserved = 0 AND allocated = 0",
              tenant, sku, sh.orderId());
        }
        yield applied;
      }
    };
  }

  /**
   * Claims the row's stock position and moves its counters in one upsert (creating the row with
   * the deltas as its values); false if the event was applied before.
   */
  private static boolean moveCounters(Connection c, Tables t, String tenant, String sku, long position, long onHand, long reserved,
      long allocated) throws SQLException {
    String table = t.products();
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
        + " (tenant, sku, stock_position, on_hand, reserved, allocated, available) VALUES (?, ?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (tenant, sku) DO UPDATE SET stock_position = excluded.stock_position,"
        + " on_hand = " + table + ".on_hand + excluded.on_hand, reserved = " + table + ".reserved + excluded.reserved,"
        + " allocated = " + table + ".allocated + excluded.allocated,"
        + " available = " + table + ".available + excluded.on_hand - excluded.reserved - excluded.allocated"
        + " WHERE " + table + ".stock_position < excluded.stock_position")) {
      ps.setString(1, tenant);
      ps.setString(2, sku);
      ps.setLong(3, position);
      ps.setLong(4, onHand);
      ps.setLong(5, reserved);
      ps.setLong(6, allocated);
      ps.setLong(7, onHand - reserved - allocated);
      return ps.executeUpdate() == 1;
    }
  }

  private static void holdExecute(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        ps.setObject(i + 1, values[i]);
      }
      ps.executeUpdate();
    }
  }

  /** Deletes the order's hold row; returns its reserved and allocated units (zeros when there was none). */
  private static long[] deleteHold(Connection c, Tables t, String tenant, String sku, String orderId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t.stockHolds() + " WHERE tenant = ? AND sku = ? AND order_id = ?"
        + " RETURNING reserved, allocated")) {
      ps.setString(1, tenant);
      ps.setString(2, sku);
      ps.setString(3, orderId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[] {0, 0};
      }
    }
  }

  /** Raises {@code positionColumn} of the row to {@code position}, creating the row; false if it was already there or past. */
  private static boolean claim(Connection c, Tables t, String tenant, String sku, long position, String positionColumn) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t.products() + " (tenant, sku, " + positionColumn + ") VALUES (?, ?, ?)"
        + " ON CONFLICT (tenant, sku) DO UPDATE SET " + positionColumn + " = excluded." + positionColumn
        + " WHERE " + t.products() + "." + positionColumn + " < excluded." + positionColumn)) {
      ps.setString(1, tenant);
      ps.setString(2, sku);
      ps.setLong(3, position);
      return ps.executeUpdate() == 1;
    }
  }

  private static void update(Connection c, Tables t, String tenant, String sku, String set, Object... values) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + t.products() + " SET " + set + " WHERE tenant = ? AND sku = ?")) {
      int i = 1;
      for (Object v : values) {
        ps.setObject(i++, v);
      }
      ps.setString(i++, tenant);
      ps.setString(i, sku);
      ps.executeUpdate();
    }
  }
}
