package io.solstice.commerce.readmodel;

import io.solstice.commerce.order.Order;
import io.solstice.commerce.order.OrderStatus;
import io.solstice.commerce.shared.OrderLine;
import io.solstice.core.RecordedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Applies {@code Order} events to {@code rm_orders} (one summary row per order) and {@code
 * rm_order_history} (one row per event, with the status after it).
 *
 * <p>Idempotence: the summary row keeps the last position applied; each apply first claims the
 * event by raising it (an upsert for {@code Placed}, a conditional update otherwise) and writes
 * nothing more when the claim changes no row. History rows are keyed by position and inserted only
 * if absent.
 */
final class OrdersProjector {
  private OrdersProjector() {}

  static boolean apply(Connection c, Tables t, RecordedEvent envelope, Order.Event event) throws SQLException {
    String tenant = envelope.stream().tenant();
    String orderId = envelope.stream().id();
    long position = envelope.position();
    String at = Sql.timestamp(envelope.timestamp());
    boolean claimed = event instanceof Order.Placed p
        ? place(c, t, tenant, orderId, position, at, p)
        : advance(c, t, tenant, orderId, position, at, statusAfter(event));
    if (!claimed) {
      return false;
    }
    String status = null;
    try (PreparedStatement ps = c.prepareStatement("SELECT status FROM " + t.orders() + " WHERE tenant = ? AND order_id = ?")) {
      ps.setString(1, tenant);
      ps.setString(2, orderId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          status = rs.getString(1);
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t.orderHistory() + " (" + Tables.HISTORY_COLUMNS + ")"
        + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, order_id, position) DO NOTHING")) {
      ps.setString(1, tenant);
      ps.setString(2, orderId);
      ps.setLong(3, position);
      ps.setLong(4, envelope.version());
      ps.setString(5, envelope.type());
      ps.setString(6, status);
      ps.setString(7, at);
      ps.executeUpdate();
    }
    return true;
  }

  /**
   * The status an event moves the order to, or null when it leaves the status as it is; the same
   * transitions as {@link Order#evolve}.
   */
  static String statusAfter(Order.Event event) {
    OrderStatus status = switch (event) {
      case Order.Placed p -> OrderStatus.PLACED;
      case Order.ReviewRequired r -> OrderStatus.UNDER_REVIEW;
      case Order.ReviewApproved r -> OrderStatus.PLACED;
      case Order.Rejected r -> OrderStatus.REJECTED;
      case Order.PaymentDeclined d -> OrderStatus.PAYMENT_DECLINED;
      case Order.Confirmed cf -> OrderStatus.CONFIRMED;
      case Order.Released r -> OrderStatus.RELEASED;
      case Order.Shipped s -> OrderStatus.SHIPPED;
      case Order.Delivered d -> OrderStatus.DELIVERED;
      case Order.Completed cp -> OrderStatus.COMPLETED;
      case Order.Cancelled cn -> OrderStatus.CANCELLED;
      case Order.FraudAccepted f -> null;
      case Order.PaymentAuthorized a -> null;
      case Order.ShipmentAdded a -> null;
      case Order.ShipmentDelivered d -> null;
      case Order.PaymentCaptured cp -> null;
    };
    return status == null ? null : status.wireName();
  }

  private static boolean place(Connection c, Tables t, String tenant, String orderId, long position, String at, Order.Placed p)
      throws SQLException {
    int units = p.lines().stream().mapToInt(OrderLine::quantity).sum();
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t.orders() + " (" + Tables.ORDER_COLUMNS + ")"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, order_id) DO UPDATE SET"
        + " customer_email = excluded.customer_email, status = excluded.status, total = excluded.total,"
        + " currency = excluded.currency, units = excluded.units, placed_at = excluded.placed_at,"
        + " updated_at = excluded.updated_at, last_position = excluded.last_position"
        + " WHERE " + t.orders() + ".last_position < excluded.last_position")) {
      ps.setString(1, tenant);
      ps.setString(2, orderId);
      ps.setString(3, p.customer().email().toLowerCase(java.util.Locale.ROOT));
      ps.setString(4, OrderStatus.PLACED.wireName());
      ps.setString(5, p.totals().total().amount().toPlainString());
      ps.setString(6, p.totals().total().currency());
      ps.setInt(7, units);
      ps.setString(8, at);
      ps.setString(9, at);
      ps.setLong(10, position);
      return ps.executeUpdate() == 1;
    }
  }

  private static boolean advance(Connection c, Tables t, String tenant, String orderId, long position, String at, String status)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + t.orders() + " SET last_position = ?, updated_at = ?,"
        + " status = COALESCE(?, status) WHERE tenant = ? AND order_id = ? AND last_position < ?")) {
      ps.setLong(1, position);
      ps.setString(2, at);
      ps.setString(3, status);
      ps.setString(4, tenant);
      ps.setString(5, orderId);
      ps.setLong(6, position);
      return ps.executeUpdate() == 1;
    }
  }
}
