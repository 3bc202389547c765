package io.solstice.commerce.order;

import static io.solstice.commerce.order.OrderCommands.decide;
import static io.solstice.commerce.order.OrderCommands.fold;
import static io.solstice.commerce.order.OrderCommands.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.commerce.order.OrderCommands.Authorize;
import io.solstice.commerce.order.OrderCommands.Cancel;
import io.solstice.commerce.order.OrderCommands.Capture;
import io.solstice.commerce.order.OrderCommands.Command;
import io.solstice.commerce.order.OrderCommands.Decline;
import io.solstice.commerce.order.OrderCommands.Deliver;
import io.solstice.commerce.order.OrderCommands.Place;
import io.solstice.commerce.order.OrderCommands.Release;
import io.solstice.commerce.order.OrderCommands.Review;
import io.solstice.commerce.order.OrderCommands.Score;
import io.solstice.commerce.order.OrderCommands.Ship;
import io.solstice.commerce.order.OrderCommands.ShipRest;
import io.solstice.commerce.shared.Decisions.Outcome;
import io.solstice.commerce.shared.NotFoundException;
import io.solstice.commerce.shared.OrderLine;
import io.solstice.commerce.shared.RuleViolationException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Properties of the {@link Order} decider over generated histories of every command. */
class OrderProperties {

  private static final Set<OrderStatus> CLOSED = EnumSet.of(OrderStatus.REJECTED, OrderStatus.PAYMENT_DECLINED, OrderStatus.CANCELLED);
  private static final Set<OrderStatus> PAID_FOR = EnumSet.of(OrderStatus.CONFIRMED, OrderStatus.RELEASED, OrderStatus.SHIPPED,
      OrderStatus.DELIVERED, OrderStatus.COMPLETED);

  @Provide
  Arbitrary<List<Command>> histories() {
    return OrderCommands.histories();
  }

  @Provide
  Arbitrary<Command> commands() {
    return OrderCommands.command();
  }

  /** An order in each end state, reached the way the flow reaches it. */
  @Provide
  Arbitrary<Order.State> ended() {
    Order.State placed = run(Order.State.INITIAL, new Place());
    Order.State cleared = run(placed, new Score(FraudVerdict.ACCEPT));
    return Arbitraries.of(
        run(placed, new Score(FraudVerdict.REJECT)),
        run(placed, new Score(FraudVerdict.REVIEW), new Review(false)),
        run(cleared, new Decline()),
        run(placed, new Cancel()),
        run(cleared, new Authorize("a1"), new Cancel()),
        run(cleared, new Authorize("a1"), new Release(), new ShipRest("s1"), new Capture("c1"), new Deliver("s1")),
        run(cleared, new Authorize("a1"), new Release(), new ShipRest("s1"), new Deliver("s1"), new Capture("c1")));
  }

  @Property(tries = 400)
  void repeatingAnAcceptedCommandAppendsNothing(@ForAll("histories") List<Command> history) {
    Order.State s = Order.State.INITIAL;
    for (Command c : history) {
      Outcome<Order.Event> first = decide(s, c);
      s = fold(s, first.events());
      if (first instanceof Outcome.Accepted<Order.Event>) {
        assertThat(decide(s, c)).as("%s repeated on %s", c, s.status()).isEqualTo(new Outcome.Accepted<Order.Event>(List.of()));
      }
    }
  }

  @Property(tries = 400)
  void whatADecisionIntendsHoldsInTheFoldedState(@ForAll("histories") List<Command> history) {
    Order.State s = Order.State.INITIAL;
    for (Command c : history) {
      List<Order.Event> events = decide(s, c).events();
      Order.State after = fold(s, events);
      if (!events.isEmpty()) {
        assertIntentHolds(c, s, after);
      }
      assertConsistent(after);
      s = after;
    }
    Statistics.collect(s.status());
    Statistics.coverage(checker -> {
      checker.check(OrderStatus.COMPLETED).percentage(p -> p > 20);
      checker.check(OrderStatus.CANCELLED).percentage(p -> p > 2);
      checker.check(OrderStatus.REJECTED).percentage(p -> p > 2);
    });
  }

  @Property
  void noCommandOnAMissingOrderThrowsAndOnlyRequestsFromTheApiAreRefusedAsNotFound(@ForAll("commands") Command c) {
    Outcome<Order.Event> outcome = decide(Order.State.INITIAL, c);
    switch (c) {
      case Place p -> assertThat(outcome.events()).hasSize(1);
      case Review r -> assertNotFound(outcome);
      case Ship sh -> assertNotFound(outcome);
      case ShipRest sh -> assertNotFound(outcome);
      case Cancel cn -> assertNotFound(outcome);
      case Score sc -> assertThat(outcome).isEqualTo(new Outcome.Accepted<Order.Event>(List.of()));
      case Authorize a -> assertThat(outcome).isEqualTo(new Outcome.Accepted<Order.Event>(List.of()));
      case Decline d -> assertThat(outcome).isEqualTo(new Outcome.Accepted<Order.Event>(List.of()));
      case Release r -> assertThat(outcome).isEqualTo(new Outcome.Accepted<Order.Event>(List.of()));
      case Deliver d -> assertThat(outcome).isEqualTo(new Outcome.Accepted<Order.Event>(List.of()));
      case Capture cap -> assertThat(outcome).isEqualTo(new Outcome.Accepted<Order.Event>(List.of()));
    }
  }

  @Property(tries = 400)
  void noCommandOnAnEndedOrderThrowsOrChangesItsStatus(@ForAll("ended") Order.State ended, @ForAll("histories") List<Command> commands) {
    OrderStatus status = ended.status();
    assertThat(status.terminal()).isTrue();
    Order.State s = ended;
    for (Command c : commands) {
      Outcome<Order.Event> outcome = decide(s, c);
      if (outcome instanceof Outcome.Refused<Order.Event> refused) {
        assertThat(refused.error()).as("%s on a %s order", c, status).isInstanceOf(RuleViolationException.class);
      }
      s = fold(s, outcome.events());
      assertThat(s.status()).as("after %s", c).isEqualTo(status);
    }
  }

  private static void assertNotFound(Outcome<Order.Event> outcome) {
    assertThat(outcome).isInstanceOfSatisfying(Outcome.Refused.class,
        r -> assertThat(r.error()).isInstanceOf(NotFoundException.class).hasMessage("order 'o1' was not found"));
  }

  private static void assertIntentHolds(Command c, Order.State before, Order.State after) {
    switch (c) {
      case Place p -> assertThat(after.status()).isEqualTo(OrderStatus.PLACED);
      case Score sc -> assertThat(after).satisfies(s -> {
        switch (sc.verdict()) {
          case ACCEPT -> assertThat(s.fraudCleared()).isTrue();
          case REVIEW -> assertThat(s.status()).isEqualTo(OrderStatus.UNDER_REVIEW);
          case REJECT -> assertThat(s.status()).isEqualTo(OrderStatus.REJECTED);
        }
      });
      case Review r -> assertThat(after.status()).isEqualTo(r.approve() ? OrderStatus.PLACED : OrderStatus.REJECTED);
      case Authorize a -> {
        assertThat(after.authorizationId()).isEqualTo(a.authorizationId());
        assertThat(after.status()).isEqualTo(before.status().terminal() ? before.status() : OrderStatus.CONFIRMED);
      }
      case Decline d -> assertThat(after.status()).isEqualTo(OrderStatus.PAYMENT_DECLINED);
      case Release r -> assertThat(after.status()).isEqualTo(OrderStatus.RELEASED);
      case Ship sh -> assertThat(after.shipments()).containsEntry(sh.shipmentId(), false);
      case ShipRest sh -> assertThat(after.fullyShipped()).isTrue();
      case Deliver d -> assertThat(after.shipments()).containsEntry(d.shipmentId(), true);
      case Capture cap -> assertThat(after.captured()).isTrue();
      case Cancel cn -> assertThat(after.status()).isEqualTo(OrderStatus.CANCELLED);
    }
  }

  /** What every folded order satisfies, however it got there. */
  private static void assertConsistent(Order.State s) {
    if (!s.exists()) {
      assertThat(s).isEqualTo(Order.State.INITIAL);
      return;
    }
    OrderStatus status = s.status();
    for (OrderLine line : s.placed().lines()) {
      assertThat(s.unshipped(line.sku())).as("units of %s left to ship", line.sku()).isBetween(0, line.quantity());
    }
    assertThat(s.shipped().keySet()).isSubsetOf(s.placed().lines().stream().map(OrderLine::sku).toList());
    assertThat(s.fullyShipped()).as("fully shipped when %s", status)
        .isEqualTo(EnumSet.of(OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.COMPLETED).contains(status));
    assertThat(s.closedReason() != null).as("a closing reason when %s", status).isEqualTo(CLOSED.contains(status));
    if (PAID_FOR.contains(status)) {
      assertThat(s.fraudCleared()).isTrue();
      assertThat(s.authorizationId()).isNotNull();
    }
    if (s.anyShipped()) {
      assertThat(status).isIn(OrderStatus.RELEASED, OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.COMPLETED);
    }
    if (status == OrderStatus.DELIVERED || status == OrderStatus.COMPLETED) {
      assertThat(s.allShipmentsDelivered()).isTrue();
    }
    if (status == OrderStatus.COMPLETED) {
      assertThat(s.captured()).isTrue();
    }
  }
}
