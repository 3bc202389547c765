package io.solstice.commerce.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.commerce.Categories;
import io.solstice.commerce.fraud.FraudCheck;
import io.solstice.commerce.payment.Payment;
import io.solstice.commerce.shared.Money;
import io.solstice.core.memory.MemoryStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderProcessTest {

  private final MemoryStore store = new MemoryStore().withTenants("acme");
  private final Categories c = Categories.on(store);

  @Test
  void anOrderEndingEarlyReleasesItsStockAndNoOtherOrderEventIsAnInput() {
    Map<Class<?>, OrderStatus> ended = new HashMap<>();
    for (Order.Event e : OrderEvents.oneOfEach("o1")) {
      OrderProcess.decode(c, OrderEvents.recorded(c.orders().codec(), Order.stream("acme", "o1"), 5, e))
          .ifPresent(in -> ended.put(e.getClass(), ((OrderProcess.Input.Ended) in).ended()));
    }
    assertThat(ended).isEqualTo(Map.of(Order.Rejected.class, OrderStatus.REJECTED, Order.PaymentDeclined.class,
        OrderStatus.PAYMENT_DECLINED, Order.Cancelled.class, OrderStatus.CANCELLED));
  }

  @Test
  void aFraudVerdictIsCarriedToTheOrder() {
    FraudCheck.Scored scored = new FraudCheck.Scored("o1", FraudVerdict.REVIEW, 60, "big", "embedded");
    var in = OrderProcess.decode(c, OrderEvents.recorded(c.fraudChecks().codec(), FraudCheck.stream("acme", "o1"), 0, scored));
    assertThat(in).contains(new OrderProcess.Input.Scored("acme", "o1", scored));
  }

  @Test
  void authorizationsDeclinesAndCapturesAreCarriedToTheOrderAndNoOtherPaymentEvent() {
    List<Payment.Event> all = List.of(new Payment.AttemptTimedOut(1), new Payment.Authorized("a1", Money.of("1", "EUR")),
        new Payment.Declined("no"), new Payment.Captured("c1", Money.of("1", "EUR")), new Payment.Voided("a1"),
        new Payment.Refunded("r1", Money.of("1", "EUR")));
    assertThat(all.stream().map(Object::getClass).toList()).containsExactlyInAnyOrder(Payment.Event.class.getPermittedSubclasses());
    List<Object> carried = all.stream()
        .flatMap(e -> OrderProcess.decode(c, OrderEvents.recorded(c.payments().codec(), Payment.stream("acme", "o1"), 0, e)).stream())
        .map(in -> (Object) ((OrderProcess.Input.PaymentOutcome) in).outcome().getClass())
        .toList();
    assertThat(carried).containsExactly(Payment.Authorized.class, Payment.Declined.class, Payment.Captured.class);
  }

  @Test
  void theStockOfAnEndedOrderIsReleasedNamingTheEnd() {
    c.orders().decider("acme", "o1").transact(s -> Order.place(s, OrderEvents.placed("o1")));
    c.orders().decider("acme", "o1").transact(s -> Order.recordFraudCheck(s, FraudVerdict.ACCEPT, 1, "ok"));
    c.orders().decider("acme", "o1").transact(s -> Order.recordDecline(s, "card declined"));
    var out = OrderProcess.handle(c, new OrderProcess.Input.Ended("acme", "o1", OrderStatus.PAYMENT_DECLINED, 2));
    assertThat(out).isEqualTo(new OrderProcess.Output.ReleaseStock("acme", "o1", List.of("TEE", "MUG"), "order payment_declined"));
  }

  @Test
  void aMissingOrderReleasesNothing() {
    var out = OrderProcess.handle(c, new OrderProcess.Input.Ended("acme", "o9", OrderStatus.CANCELLED, 0));
    assertThat(out).isEqualTo(new OrderProcess.Output.ReleaseStock("acme", "o9", List.of(), "order cancelled"));
  }
}
