package io.solstice.commerce.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.commerce.Categories;
import io.solstice.commerce.inventory.Stock;
import io.solstice.commerce.order.Order;
import io.solstice.commerce.order.OrderEvents;
import io.solstice.commerce.payment.PaymentService.Input;
import io.solstice.commerce.payment.PaymentService.Output;
import io.solstice.commerce.payment.PaymentService.Trigger;
import io.solstice.commerce.shared.Money;
import io.solstice.commerce.tenancy.ApiKeys;
import io.solstice.commerce.tenancy.Policy;
import io.solstice.commerce.tenancy.Tenancy;
import io.solstice.core.memory.MemoryStore;
import io.solstice.core.store.TenantPlacement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PaymentServiceTest {

  private final Categories c = Categories.on(new MemoryStore());
  private final Policy policy = Policy.defaults("acme");

  private Optional<Input> decode(Order.Event e) {
    return PaymentService.decode(c, OrderEvents.recorded(c.orders().codec(), Order.stream("acme", "o1"), 4, e));
  }

  private static Order.State fold(Order.Event... events) {
    Order.State s = Order.State.INITIAL;
    for (Order.Event e : events) {
      s = Order.evolve(s, e);
    }
    return s;
  }

  @Test
  void eachOrderEventDecodesToItsTriggerAndNoOtherIsAnInput() {
    Map<Class<?>, Trigger> expected = Map.of(
        Order.FraudAccepted.class, Trigger.FRAUD_CLEARED,
        Order.ReviewApproved.class, Trigger.FRAUD_CLEARED,
        Order.Confirmed.class, Trigger.CONFIRMED,
        Order.Shipped.class, Trigger.SHIPPED,
        Order.Cancelled.class, Trigger.CANCELLED,
        Order.PaymentAuthorized.class, Trigger.AUTHORIZED);
    Map<Class<?>, Trigger> decoded = new HashMap<>();
    for (Order.Event e : OrderEvents.oneOfEach("o1")) {
      decode(e).ifPresent(in -> decoded.put(e.getClass(), in.trigger()));
    }
    assertThat(decoded).isEqualTo(expected);
  }

  @Test
  void anInputNamesTheOrderAndTheVersionOfItsTrigger() {
    assertThat(decode(new Order.Shipped())).contains(new Input("acme", "o1", Trigger.SHIPPED, 4));
  }

  @Test
  void aClearedOrderIsAuthorizedForItsTotal() {
    Order.Placed placed = OrderEvents.placed("o1");
    Order.State order = fold(placed, new Order.FraudAccepted(5));
    Output out = PaymentService.decide(new Input("acme", "o1", Trigger.FRAUD_CLEARED, 1), order, Payment.State.INITIAL, policy);
    assertThat(out).isEqualTo(new Output.Authorize("acme", "o1", placed.payment(), Money.of("57.69", "EUR"), 1, policy.paymentAttempts()));
    assertThat(PaymentTokens.ephemeral().open("acme", "o1", placed.payment())).isEqualTo("tok_approve");
  }

  @Test
  void aCancelledOrderGivesItsAuthorizationBack() {
    Order.State order = fold(OrderEvents.placed("o1"), new Order.FraudAccepted(5), new Order.Cancelled("changed my mind"));
    Payment.State authorized = Payment.evolve(Payment.State.INITIAL, new Payment.Authorized("auth1", Money.of("57.69", "EUR")));
    Output out = PaymentService.decide(new Input("acme", "o1", Trigger.CANCELLED, 2), order, authorized, policy);
    assertThat(out).isEqualTo(new Output.Void("acme", "o1", "auth1"));
  }

  @Test
  void anOrderCancelledWhileItsAuthorizationWentUnansweredHasItAbandonedWhicheverInputComesFirst() {
    MemoryStore store = new MemoryStore().withTenants("acme");
    Categories cs = Categories.on(store);
    Tenancy tenancy = new Tenancy(store, cs.tenants(), new ApiKeys(ApiKeys.newPepper()), t -> TenantPlacement.POOLED_STORE);
    Order.Placed placed = OrderEvents.placed("o1");
    cs.orders().decider("acme", "o1").transact(s -> List.of(placed, new Order.FraudAccepted(5)));
    cs.payments().decider("acme", "o1").transact(s -> List.of(new Payment.AttemptTimedOut(1)));
    cs.orders().decider("acme", "o1").transact(s -> List.of(new Order.Cancelled("changed my mind")));
    Output abandon = new Output.Abandon("acme", "o1", placed.payment(), Money.of("57.69", "EUR"));

    // the authorization's retry, which sees the order as it is now, and the cancellation itself
    assertThat(PaymentService.handle(cs, tenancy, new Input("acme", "o1", Trigger.FRAUD_CLEARED, 1))).isEqualTo(abandon);
    assertThat(PaymentService.handle(cs, tenancy, new Input("acme", "o1", Trigger.CANCELLED, 2))).isEqualTo(abandon);
  }

  @Test
  void anAuthorizationRecordedOnALiveOrderIsKept() {
    Order.State order = fold(OrderEvents.placed("o1"), new Order.FraudAccepted(5), new Order.PaymentAuthorized("auth1", Money.of("57.69", "EUR")));
    Payment.State authorized = Payment.evolve(Payment.State.INITIAL, new Payment.Authorized("auth1", Money.of("57.69", "EUR")));
    assertThat(PaymentService.decide(new Input("acme", "o1", Trigger.AUTHORIZED, 2), order, authorized, policy)).isInstanceOf(Output.Skip.class);
  }

  @Test
  void captureWaitsForTheMomentThePolicyNames() {
    Order.State order = fold(OrderEvents.placed("o1"));
    Payment.State authorized = Payment.evolve(Payment.State.INITIAL, new Payment.Authorized("auth1", Money.of("57.69", "EUR")));
    Policy onShip = new Policy(policy.taxRate(), policy.fraudReviewThreshold(), Policy.CaptureOn.SHIP, policy.mailSender(), 2);
    assertThat(PaymentService.decide(new Input("acme", "o1", Trigger.CONFIRMED, 3), order, authorized, onShip)).isInstanceOf(Output.Skip.class);
    assertThat(PaymentService.decide(new Input("acme", "o1", Trigger.SHIPPED, 7), order, authorized, onShip))
        .isEqualTo(new Output.Capture("acme", "o1", "auth1", Money.of("57.69", "EUR")));
  }

  @Test
  void everyTriggerOnAMissingOrderIsSkipped() {
    for (Trigger t : Trigger.values()) {
      assertThat(PaymentService.decide(new Input("acme", "o1", t, 0), Order.State.INITIAL, Payment.State.INITIAL, policy))
          .as("%s", t).isEqualTo(new Output.Skip("no such order"));
    }
  }

  @Test
  void anEventOfAnotherCategoryWithTheSameTypeNameIsNotAnInput() {
    var stockShipped = OrderEvents.recorded(c.stock().codec(), Stock.stream("acme", "TEE"), 0, new Stock.Shipped("o1", "s1", 2));
    assertThat(stockShipped.type()).isEqualTo("Shipped");
    assertThat(PaymentService.decode(c, stockShipped)).isEmpty();
  }
}
