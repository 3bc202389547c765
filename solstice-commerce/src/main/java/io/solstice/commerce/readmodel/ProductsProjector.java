package io.solstice.commerce.readmodel;

import io.solstice.commerce.catalog.Product;
import io.solstice.commerce.inventory.Stock;
import java.sql.Connection;
import java.sql.PreparedStatement;
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

  static boolean apply(Connection c, Tables t, String tenant, String sku, long position, Stock.Event event) throws SQLException {
    if (!claim(c, t, tenant, sku, position, "stock_position")) {
      return false;
    }
    switch (event) {
      case Stock.Adjusted a -> update(c, t, tenant, sku, "on_hand = on_hand + ?", a.quantity());
      case Stock.Reserved r -> putHold(c, t, tenant, sku, r.orderId(), "reserved", r.quantity());
      case Stock.ReservationReleased r -> deleteHold(c, t, tenant, sku, r.orderId());
      case Stock.Allocated a -> {
        putHold(c, t, tenant, sku, a.orderId(), "reserved", 0);
        putHold(c, t, tenant, sku, a.orderId(), "allocated", a.quantity());
      }
      case Stock.Shipped s -> {
        update(c, t, tenant, sku, "on_hand = on_hand - ?", s.quantity());
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + t.stockHolds() + " SET allocated = CASE WHEN allocated > ? THEN allocated - ? ELSE 0 END"
            + " WHERE tenant = ? AND sku = ? AND order_id = ?")) {
          ps.setLong(1, s.quantity());
          ps.setLong(2, s.quantity());
          ps.setString(3, tenant);
          ps.setString(4, sku);
          ps.setString(5, s.orderId());
          ps.executeUpdate();
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t.stockHolds()
        + " WHERE tenant = ? AND sku = ? AND reserved = 0 AND allocated = 0")) {
      ps.setString(1, tenant);
      ps.setString(2, sku);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + t.products() + " SET"
        + " reserved = (SELECT COALESCE(SUM(h.reserved), 0) FROM " + t.stockHolds() + " h WHERE h.tenant = ? AND h.sku = ?),"
        + " allocated = (SELECT COALESCE(SUM(h.allocated), 0) FROM " + t.stockHolds() + " h WHERE h.tenant = ? AND h.sku = ?)"
        + " WHERE tenant = ? AND sku = ?")) {
      for (int i = 0; i < 3; i++) {
        ps.setString(2 * i + 1, tenant);
        ps.setString(2 * i + 2, sku);
      }
      ps.executeUpdate();
    }
    update(c, t, tenant, sku, "available = on_hand - reserved - allocated");
    return true;
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

  private static void putHold(Connection c, Tables t, String tenant, String sku, String orderId, String column, long quantity)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t.stockHolds() + " (tenant, sku, order_id, " + column + ")"
        + " VALUES (?, ?, ?, ?) ON CONFLICT (tenant, sku, order_id) DO UPDATE SET " + column + " = excluded." + column)) {
      ps.setString(1, tenant);
      ps.setString(2, sku);
      ps.setString(3, orderId);
      ps.setLong(4, quantity);
      ps.executeUpdate();
    }
  }

  private static void deleteHold(Connection c, Tables t, String tenant, String sku, String orderId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t.stockHolds() + " WHERE tenant = ? AND sku = ? AND order_id = ?")) {
      ps.setString(1, tenant);
      ps.setString(2, sku);
      ps.setString(3, orderId);
      ps.executeUpdate();
    }
  }
}
