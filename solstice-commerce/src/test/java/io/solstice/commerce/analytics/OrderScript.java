package io.solstice.commerce.analytics;

import io.solstice.commerce.Categories;
import io.solstice.commerce.order.FraudVerdict;
import io.solstice.commerce.order.Order;
import io.solstice.commerce.order.Totals;
import io.solstice.commerce.shared.Address;
import io.solstice.commerce.shared.Customer;
import io.solstice.commerce.shared.Money;
import io.solstice.commerce.shared.OrderLine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Writes order events the way the order flow does, at times the test chooses. */
final class OrderScript {
  private final Categories c;
  private final TestClock clock;

  OrderScript(Categories c, TestClock clock) {
    this.c = c;
    this.clock = clock;
  }

  static OrderLine line(String sku, int quantity, String unitPrice) {
    return new OrderLine(sku, "Product " + sku, quantity, Money.of(unitPrice, "EUR"));
  }

  /** Places an order of {@code lines} (EUR, 20 % tax) at {@code at}. */
  void place(String tenant, String orderId, Instant at, OrderLine... lines) {
    clock.set(at);
    List<OrderLine> all = List.of(lines);
    Order.Placed placed = new Order.Placed(orderId, "cart-" + orderId, new Customer(orderId + "@example.com", "Ana"),
        new Address("1 Main St", "Berlin", "10115", "DE"), all, Totals.of(all, new BigDecimal("0.20"), "EUR"), 
        io.solstice.commerce.payment.PaymentTokens.ephemeral().seal(tenant, orderId, "tok_approve"));
    c.orders().decider(tenant, orderId).transact(s -> Order.place(s, placed));
  }

  /** Fraud check accepted, payment authorized: the order is confirmed at {@code at}. */
  void confirm(String tenant, String orderId, Instant at) {
    clock.set(at);
    c.orders().decider(tenant, orderId).transact(s -> Order.recordFraudCheck(s, FraudVerdict.ACCEPT, 1, "ok"));
    c.orders().decider(tenant, orderId).transact(s -> Order.recordAuthorization(s, "auth-" + orderId, s.placed().totals().total()));
  }

  void reject(String tenant, String orderId, Instant at) {
    clock.set(at);
    c.orders().decider(tenant, orderId).transact(s -> Order.recordFraudCheck(s, FraudVerdict.REJECT, 99, "suspicious"));
  }

  void cancel(String tenant, String orderId, Instant at) {
    clock.set(at);
    c.orders().decider(tenant, orderId).transact(s -> Order.cancel(s, orderId, "changed mind"));
  }
}
