package io.solstice.commerce.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.commerce.order.Order;
import io.solstice.commerce.order.OrderEvents;
import io.solstice.commerce.order.OrderStatus;
import io.solstice.commerce.payment.PaymentService.Input;
import io.solstice.commerce.payment.PaymentService.Output;
import io.solstice.commerce.payment.PaymentService.Trigger;
import io.solstice.commerce.shared.Money;
import io.solstice.commerce.tenancy.Policy;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * When the payment service moves money, over every order status, payment stage, trigger and
 * capture policy: it authorizes only a cleared, placed order; captures once, at the policy's
 * moment; gives money back only for a closed order; reconciles an unanswered decline first; and
 * abandons, then reconciles, attempts still unanswered when the order closed.
 */
class PaymentDecisionProperties {
  private static final Money TOTAL = OrderEvents.placed("o1").totals().total();
  private static final Money AUTHORIZED_AMOUNT = Money.of("10.00", "EUR");

  private static Order.State fold(List<Order.Event> events) {
    Order.State s = Order.State.INITIAL;
    for (Order.Event e : events) {
      s = Order.evolve(s, e);
    }
    return s;
  }

  @Provide
  Arbitrary<Order.State> orders() {
    Order.Placed placed = OrderEvents.placed("o1");
    var accepted = new Order.FraudAccepted(5);
    var auth = new Order.PaymentAuthorized("auth-1", TOTAL);
    return Arbitraries.of(
        Order.State.INITIAL,
        fold(List.of(placed)),
        fold(List.of(placed, accepted)),
        fold(List.of(placed, new Order.ReviewRequired(700, "new card"))),
        fold(List.of(placed, new Order.ReviewRequired(700, "new card"), new Order.ReviewApproved())),
        fold(List.of(placed, new Order.Rejected("fraud check: score"))),
        fold(List.of(placed, accepted, new Order.PaymentDeclined("card declined"))),
        fold(List.of(placed, accepted, auth, new Order.Confirmed())),
        fold(List.of(placed, accepted, auth, new Order.Confirmed(), new Order.Released())),
        fold(List.of(placed, accepted, new Order.Cancelled("changed my mind"))),
        fold(List.of(placed, accepted, auth, new Order.Confirmed(), new Order.Cancelled("changed my mind"))));
  }

  @Provide
  Arbitrary<Payment.State> payments() {
    return Arbitraries.of(
        List.<Payment.Event>of(),
        List.<Payment.Event>of(new Payment.AttemptTimedOut(1), new Payment.AttemptTimedOut(2)),
        List.<Payment.Event>of(new Payment.Authorized("auth-1", AUTHORIZED_AMOUNT)),
        List.<Payment.Event>of(new Payment.Declined("card declined", false)),
        List.<Payment.Event>of(new Payment.AttemptTimedOut(3), new Payment.Declined("no answer", true)),
        List.<Payment.Event>of(new Payment.Authorized("auth-1", AUTHORIZED_AMOUNT), new Payment.Captured("cap-1", AUTHORIZED_AMOUNT)),
        List.<Payment.Event>of(new Payment.Authorized("auth-1", AUTHORIZED_AMOUNT), new Payment.Voided("auth-1")),
        List.<Payment.Event>of(new Payment.Authorized("auth-1", AUTHORIZED_AMOUNT), new Payment.Captured("cap-1", AUTHORIZED_AMOUNT),
            new Payment.Refunded("ref-1", AUTHORIZED_AMOUNT)))
        .map(events -> {
          Payment.State s = Payment.State.INITIAL;
          for (Payment.Event e : events) {
            s = Payment.evolve(s, e);
          }
          return s;
        });
  }

  @Provide
  Arbitrary<Policy> policies() {
    return Arbitraries.of(Policy.CaptureOn.values())
        .map(on -> new Policy(BigDecimal.ZERO, new BigDecimal("1000"), on, "shop@acme.example", 3));
  }

  private static Output decide(Trigger trigger, Order.State order, Payment.State payment, Policy policy) {
    return PaymentService.decide(new Input("acme", "o1", trigger, 3), order, payment, policy);
  }

  @Property(tries = 400)
  void theDecisionLooksAtThePaymentOnlyWhereTheServiceSaysItDoes(@ForAll Trigger trigger, @ForAll("orders") Order.State order,
      @ForAll("payments") Payment.State payment, @ForAll("policies") Policy policy) {
    // handle() reads the payment only when restsOnPayment says so: elsewhere the decision (all but a
    // skip's wording) must not depend on it
    // Left out: an unresolved payment beside a live order that is neither placed nor cleared, a
    // pair the flow never makes (a decline closes the order; the payment is only asked once cleared).
    if (order.exists() && !payment.unresolved() && !PaymentService.restsOnPayment(new Input("acme", "o1", trigger, 3), order, policy)) {
      assertThat(action(decide(trigger, order, payment, policy))).isEqualTo(action(decide(trigger, order, Payment.State.INITIAL, policy)));
    }
  }

  private static Object action(Output out) {
    return out instanceof Output.Skip ? Output.Skip.class : out;
  }

  @Property(tries = 400)
  void anAuthorizationIsAskedOnlyForAClearedPlacedOrderWithANewPayment(@ForAll Trigger trigger,
      @ForAll("orders") Order.State order, @ForAll("payments") Payment.State payment, @ForAll("policies") Policy policy) {
    boolean expected = trigger == Trigger.FRAUD_CLEARED && order.exists() && order.status() == OrderStatus.PLACED
        && order.fraudCleared() && payment.stage() == Payment.Stage.NEW;

    Output out = decide(trigger, order, payment, policy);

    if (expected) {
      assertThat(out).isEqualTo(new Output.Authorize("acme", "o1", order.placed().payment(), TOTAL, payment.timeouts() + 1,
          policy.paymentAttempts()));
    } else {
      assertThat(out).isNotInstanceOf(Output.Authorize.class);
    }
  }

  @Property(tries = 400)
  void aCaptureHappensAtThePolicysMomentOnAnAuthorizedPaymentOnly(@ForAll Trigger trigger,
      @ForAll("orders") Order.State order, @ForAll("payments") Payment.State payment, @ForAll("policies") Policy policy) {
    Map<Trigger, Policy.CaptureOn> moments = Map.of(Trigger.CONFIRMED, Policy.CaptureOn.CONFIRM, Trigger.SHIPPED, Policy.CaptureOn.SHIP);
    boolean expected = order.exists() && moments.get(trigger) == policy.captureOn() && payment.stage() == Payment.Stage.AUTHORIZED;

    Output out = decide(trigger, order, payment, policy);

    if (expected) {
      assertThat(out).isEqualTo(new Output.Capture("acme", "o1", "auth-1", AUTHORIZED_AMOUNT));
    } else {
      assertThat(out).isNotInstanceOf(Output.Capture.class);
    }
  }

  @Property(tries = 400)
  void moneyIsGivenBackOnlyForAClosedOrderAndAsThePaymentStands(@ForAll Trigger trigger,
      @ForAll("orders") Order.State order, @ForAll("payments") Payment.State payment, @ForAll("policies") Policy policy) {
    boolean closed = order.exists() && order.status().terminal() && (trigger == Trigger.CANCELLED || trigger == Trigger.AUTHORIZED);

    Output out = decide(trigger, order, payment, policy);

    if (closed && payment.stage() == Payment.Stage.AUTHORIZED) {
      assertThat(out).isEqualTo(new Output.Void("acme", "o1", "auth-1"));
    } else if (closed && payment.stage() == Payment.Stage.CAPTURED) {
      assertThat(out).isEqualTo(new Output.Refund("acme", "o1", "auth-1", AUTHORIZED_AMOUNT));
    } else {
      assertThat(out).isNotInstanceOfAny(Output.Void.class, Output.Refund.class);
    }
  }

  @Property(tries = 400)
  void anUnansweredDeclineIsReconciledWhenTheOrderIsClearedAgain(@ForAll("orders") Order.State order,
      @ForAll("payments") Payment.State payment, @ForAll("policies") Policy policy) {
    Output out = decide(Trigger.FRAUD_CLEARED, order, payment, policy);

    if (order.exists() && payment.stage() == Payment.Stage.DECLINED && payment.unresolved()) {
      assertThat(out).isEqualTo(new Output.Reconcile("acme", "o1", order.placed().payment(), TOTAL));
    } else {
      assertThat(out).isNotInstanceOf(Output.Reconcile.class);
    }
  }

  @Property(tries = 400)
  void attemptsStillUnansweredWhenTheOrderClosedAreAbandonedWhateverTheTrigger(@ForAll Trigger trigger,
      @ForAll("orders") Order.State order, @ForAll("payments") Payment.State payment, @ForAll("policies") Policy policy) {
    boolean expected = order.exists() && order.status().terminal() && payment.stage() == Payment.Stage.NEW && payment.timeouts() > 0
        && (trigger == Trigger.FRAUD_CLEARED || trigger == Trigger.CANCELLED || trigger == Trigger.AUTHORIZED);

    Output out = decide(trigger, order, payment, policy);

    if (expected) {
      assertThat(out).isEqualTo(new Output.Abandon("acme", "o1", order.placed().payment(), TOTAL));
    } else {
      assertThat(out).isNotInstanceOf(Output.Abandon.class);
    }
  }

  @Property(tries = 200)
  void aMissingOrderIsSkippedWhateverHappens(@ForAll Trigger trigger, @ForAll("payments") Payment.State payment,
      @ForAll("policies") Policy policy) {
    assertThat(decide(trigger, Order.State.INITIAL, payment, policy)).isEqualTo(new Output.Skip("no such order"));
  }

}
