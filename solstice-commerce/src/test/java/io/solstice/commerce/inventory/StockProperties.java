package io.solstice.commerce.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.commerce.shared.RuleViolationException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class StockProperties {

  sealed interface Command {}

  record Adjust(int quantity) implements Command {}

  record Reserve(String order, int quantity) implements Command {}

  record Release(String order) implements Command {}

  record Allocate(String order) implements Command {}

  /** Ships units of an order's allocation; not idempotent by itself (the shipment's own stream makes it so). */
  record Ship(String order, int quantity) implements Command {}

  @Provide
  Arbitrary<List<Command>> commands() {
    Arbitrary<String> orders = Arbitraries.of("o1", "o2", "o3", "o4", "o5");
    Arbitrary<Command> adjust = Arbitraries.integers().between(-20, 30).filter(q -> q != 0).map(Adjust::new);
    Arbitrary<Command> reserve = Combinators.combine(orders, Arbitraries.integers().between(1, 10)).as(Reserve::new);
    Arbitrary<Command> release = orders.map(Release::new);
    Arbitrary<Command> allocate = orders.map(Allocate::new);
    Arbitrary<Command> ship = Combinators.combine(orders, Arbitraries.integers().between(1, 10)).as(Ship::new);
    return Arbitraries.oneOf(adjust, reserve, release, allocate, ship).list().ofMaxSize(60);
  }

  private static List<Stock.Event> decide(Stock.State s, Command c) {
    return switch (c) {
      case Adjust a -> Stock.adjust(s, "SKU", a.quantity(), "test");
      case Reserve r -> Stock.reserve(s, "SKU", r.order(), r.quantity());
      case Release r -> Stock.release(s, r.order(), "test");
      case Allocate a -> Stock.allocate(s, a.order());
      case Ship sh -> Stock.ship(s, "SKU", sh.order(), "shipment", sh.quantity());
    };
  }

  private static Stock.State apply(Stock.State s, List<Stock.Event> events) {
    for (Stock.Event e : events) {
      s = Stock.evolve(s, e);
    }
    return s;
  }

  @Property
  void stockIsNeverOversold(@ForAll("commands") List<Command> commands) {
    Stock.State state = Stock.State.INITIAL;
    for (Command c : commands) {
      try {
        state = apply(state, decide(state, c));
      } catch (RuleViolationException refused) {
        // refusing is allowed; overselling is not
      }
      assertThat(state.available()).isGreaterThanOrEqualTo(0);
      assertThat(state.reserved() + state.allocated()).isLessThanOrEqualTo(state.onHand());
    }
  }

  @Property
  void theKeptTotalsAreAlwaysTheSumsOfTheHolds(@ForAll("commands") List<Command> commands) {
    Stock.State state = Stock.State.INITIAL;
    for (Command c : commands) {
      try {
        state = apply(state, decide(state, c));
      } catch (RuleViolationException refused) {
        continue;
      }
      Stock.State summed = new Stock.State(state.onHand(), state.reservations(), state.allocations());
      assertThat(state).isEqualTo(summed);
    }
  }

  @Property
  void reserveReleaseAndAllocateAreIdempotent(@ForAll("commands") List<Command> commands) {
    Stock.State state = Stock.State.INITIAL;
    for (Command c : commands) {
      try {
        state = apply(state, decide(state, c));
      } catch (RuleViolationException refused) {
        continue;
      }
      if (!(c instanceof Adjust) && !(c instanceof Ship)) {
        assertThat(decide(state, c)).as("repeating %s", c).isEmpty();
      }
    }
  }
}
