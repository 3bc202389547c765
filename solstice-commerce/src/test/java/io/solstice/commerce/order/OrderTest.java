package io.solstice.commerce.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.commerce.shared.Address;
import io.solstice.commerce.shared.Customer;
import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.shared.Money;
import io.solstice.commerce.shared.NotFoundException;
import io.solstice.commerce.shared.OrderLine;
import io.solstice.commerce.shared.RuleViolationException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderTest {

  private static final List<OrderLine> LINES = List.of(
      new OrderLine("TEE", "T-shirt", 2, Money.of("19.99", "EUR")),
      new OrderLine("MUG", "Mug", 1, Money.of("8.50", "EUR")));

  private static Order.State placed() {
    Order.Placed placed = new Order.Placed("o1", "c1", new Customer("ana@example.com", "Ana"),
        new Address("1 Main St", "Berlin", "10115", "DE"), LINES, Totals.of(LINES, new BigDecimal("0.19"), "EUR"), 
        io.solstice.commerce.payment.PaymentTokens.ephemeral().seal("acme", "o1", "tok_approve"));
    return apply(Order.State.INITIAL, Order.place(Order.State.INITIAL, placed));
  }

  private static Order.State apply(Order.State s, List<Order.Event> events) {
    for (Order.Event e : events) {
      s = Order.evolve(s, e);
    }
    return s;
  }

  private static Order.State confirmed() {
    Order.State s = apply(placed(), Order.recordFraudCheck(placed(), FraudVerdict.ACCEPT, 5, "ok"));
    return apply(s, Order.recordAuthorization(s, "auth1", s.placed().totals().total()));
  }

  private static Order.State released() {
    return apply(confirmed(), Order.release(confirmed()));
  }

  @Test
  void totalsAreExactDecimalsWithTax() {
    Totals totals = placed().placed().totals();
    assertThat(totals.subtotal()).isEqualTo(Money.of("48.48", "EUR"));
    assertThat(totals.tax()).isEqualTo(Money.of("9.21", "EUR"));
    assertThat(totals.total()).isEqualTo(Money.of("57.69", "EUR"));
  }

  @Test
  void anAcceptedAndAuthorizedOrderIsConfirmed() {
    assertThat(confirmed().status()).isEqualTo(OrderStatus.CONFIRMED);
  }

  @Test
  void aFraudVerdictIsRecordedOnce() {
    Order.State s = apply(placed(), Order.recordFraudCheck(placed(), FraudVerdict.ACCEPT, 5, "ok"));
    assertThat(Order.recordFraudCheck(s, FraudVerdict.REJECT, 99, "late")).isEmpty();
  }

  @Test
  void anOrderUnderReviewWaitsForTheReviewer() {
    Order.State s = apply(placed(), Order.recordFraudCheck(placed(), FraudVerdict.REVIEW, 60, "big"));
    assertThat(s.status()).isEqualTo(OrderStatus.UNDER_REVIEW);
    assertThat(Order.recordAuthorization(s, "a", Money.of("1", "EUR"))).isEmpty();
    Order.State approved = apply(s, Order.review(s, "o1", true));
    assertThat(approved.status()).isEqualTo(OrderStatus.PLACED);
    assertThat(approved.fraudCleared()).isTrue();
    assertThat(Order.review(approved, "o1", true)).as("approving again").isEmpty();
  }

  @Test
  void rejectingInReviewClosesTheOrder() {
    Order.State s = apply(placed(), Order.recordFraudCheck(placed(), FraudVerdict.REVIEW, 60, "big"));
    Order.State rejected = apply(s, Order.review(s, "o1", false));
    assertThat(rejected.status()).isEqualTo(OrderStatus.REJECTED);
    assertThat(Order.review(rejected, "o1", false)).isEmpty();
    assertThatThrownBy(() -> Order.review(rejected, "o1", true)).isInstanceOf(RuleViolationException.class);
  }

  @Test
  void reviewingAnOrderNotUnderReviewIsRefused() {
    assertThatThrownBy(() -> Order.review(placed(), "o1", true))
        .isInstanceOf(RuleViolationException.class).hasMessageContaining("not under_review");
  }

  @Test
  void aDeclinedPaymentEndsTheOrder() {
    Order.State s = apply(placed(), Order.recordFraudCheck(placed(), FraudVerdict.ACCEPT, 5, "ok"));
    Order.State declined = apply(s, Order.recordDecline(s, "card declined"));
    assertThat(declined.status()).isEqualTo(OrderStatus.PAYMENT_DECLINED);
    assertThat(Order.recordDecline(declined, "again")).isEmpty();
  }

  @Test
  void partialShipmentsShipTheOrderWhenEveryUnitHasLeft() {
    Order.State first = apply(released(), Order.addShipment(released(), "o1", "s1", Map.of("TEE", 1), "T1"));
    assertThat(first.status()).isEqualTo(OrderStatus.RELEASED);
    assertThat(first.unshipped("TEE")).isEqualTo(1);
    Order.State second = apply(first, Order.addShipment(first, "o1", "s2", Map.of("TEE", 1, "MUG", 1), "T2"));
    assertThat(second.status()).isEqualTo(OrderStatus.SHIPPED);
    assertThat(Order.addShipment(second, "o1", "s2", Map.of("TEE", 1, "MUG", 1), "T2")).as("same shipment again").isEmpty();
  }

  @Test
  void shippingMoreThanRemainsNamesTheLine() {
    assertThatThrownBy(() -> Order.addShipment(released(), "o1", "s1", Map.of("TEE", 3), "T"))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).fields()).containsKey("lines.TEE"));
  }

  @Test
  void deliveryOfEveryShipmentAfterCaptureCompletesTheOrder() {
    Order.State shipped = apply(released(), Order.addShipment(released(), "o1", "s1", Map.of("TEE", 2, "MUG", 1), "T"));
    Order.State captured = apply(shipped, Order.recordCapture(shipped, "cap1", shipped.placed().totals().total()));
    Order.State delivered = apply(captured, Order.recordDelivery(captured, "s1"));
    assertThat(delivered.status()).isEqualTo(OrderStatus.COMPLETED);
    assertThat(Order.recordDelivery(delivered, "s1")).isEmpty();
  }

  @Test
  void captureAfterDeliveryCompletesTheOrder() {
    Order.State shipped = apply(released(), Order.addShipment(released(), "o1", "s1", Map.of("TEE", 2, "MUG", 1), "T"));
    Order.State delivered = apply(shipped, Order.recordDelivery(shipped, "s1"));
    assertThat(delivered.status()).isEqualTo(OrderStatus.DELIVERED);
    assertThat(apply(delivered, Order.recordCapture(delivered, "cap", Money.of("1", "EUR"))).status()).isEqualTo(OrderStatus.COMPLETED);
  }

  @Test
  void ordersCanBeCancelledAtEveryStageBeforeShipping() {
    Order.State underReview = apply(placed(), Order.recordFraudCheck(placed(), FraudVerdict.REVIEW, 60, "big"));
    for (Order.State s : List.of(placed(), underReview, confirmed(), released())) {
      assertThat(apply(s, Order.cancel(s, "o1", "changed my mind")).status()).isEqualTo(OrderStatus.CANCELLED);
    }
  }

  @Test
  void cancellingTwiceWritesOnce() {
    Order.State cancelled = apply(placed(), Order.cancel(placed(), "o1", null));
    assertThat(Order.cancel(cancelled, "o1", null)).isEmpty();
  }

  @Test
  void anOrderWithShippedUnitsCannotBeCancelled() {
    Order.State partly = apply(released(), Order.addShipment(released(), "o1", "s1", Map.of("TEE", 1), "T"));
    assertThatThrownBy(() -> Order.cancel(partly, "o1", null))
        .isInstanceOf(RuleViolationException.class).hasMessageContaining("shipped");
  }

  @Test
  void anAuthorizationArrivingAfterCancellationIsRecordedSoItCanBeVoided() {
    Order.State s = apply(placed(), Order.recordFraudCheck(placed(), FraudVerdict.ACCEPT, 5, "ok"));
    Order.State cancelled = apply(s, Order.cancel(s, "o1", null));
    Order.State late = apply(cancelled, Order.recordAuthorization(cancelled, "auth9", Money.of("1", "EUR")));
    assertThat(late.status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(late.authorizationId()).isEqualTo("auth9");
  }

  @Test
  void aFraudVerdictAfterTheOrderClosedKeepsTheReasonItClosed() {
    Order.State cancelled = apply(placed(), Order.cancel(placed(), "o1", "changed my mind"));
    Order.State late = Order.evolve(cancelled, new Order.FraudAccepted(5));
    assertThat(late.closedReason()).isEqualTo("changed my mind");
    assertThat(late.status()).isEqualTo(OrderStatus.CANCELLED);
  }

  @Test
  void cancellingReviewingOrShippingAMissingOrderIsReportedAsNotFound() {
    Order.State missing = Order.State.INITIAL;
    assertThatThrownBy(() -> Order.cancel(missing, "o9", null))
        .isInstanceOf(NotFoundException.class).hasMessage("order 'o9' was not found");
    assertThatThrownBy(() -> Order.review(missing, "o9", true)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> Order.review(missing, "o9", false)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> Order.addShipment(missing, "o9", "s1", Map.of("TEE", 1), "T")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void outcomesRecordedForAMissingOrderWriteNothing() {
    Order.State missing = Order.State.INITIAL;
    assertThat(Order.recordFraudCheck(missing, FraudVerdict.ACCEPT, 1, "ok")).isEmpty();
    assertThat(Order.recordAuthorization(missing, "a1", Money.of("1", "EUR"))).isEmpty();
    assertThat(Order.recordDecline(missing, "no")).isEmpty();
    assertThat(Order.recordCapture(missing, "c1", Money.of("1", "EUR"))).isEmpty();
    assertThat(Order.recordDelivery(missing, "s1")).isEmpty();
    assertThat(Order.release(missing)).isEmpty();
    assertThat(missing.unshipped("TEE")).isZero();
    assertThat(missing.fullyShipped()).isFalse();
  }

  @Test
  void aShipmentWithoutLinesIsRefused() {
    assertThatThrownBy(() -> Order.addShipment(released(), "o1", "s1", null, "T")).isInstanceOf(InvalidInputException.class);
  }
}
