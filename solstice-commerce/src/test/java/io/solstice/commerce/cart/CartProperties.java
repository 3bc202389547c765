package io.solstice.commerce.cart;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.commerce.shared.Decisions;
import io.solstice.commerce.shared.Decisions.Outcome;
import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.shared.Money;
import io.solstice.commerce.shared.NotFoundException;
import io.solstice.commerce.shared.OrderLine;
import io.solstice.commerce.shared.RuleViolationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Properties of the {@link Cart} decider; a checked-out cart is its end state. */
class CartProperties {

  sealed interface Command {}

  record Create() implements Command {}

  /** Adds units; the one command that is not idempotent (each add adds), as the API's POST is. */
  record Add(String sku, int quantity, Money price) implements Command {}

  record SetQuantity(String sku, int quantity) implements Command {}

  record Remove(String sku) implements Command {}

  record Reprice(Map<String, Money> prices) implements Command {}

  record Checkout(String key, String fingerprint) implements Command {}

  static Outcome<Cart.Event> decide(Cart.State s, Command c) {
    return Decisions.attempt(() -> switch (c) {
      case Create cr -> Cart.create(s, "c1");
      case Add a -> Cart.add(s, "c1", a.sku(), "Product " + a.sku(), a.price(), a.quantity());
      case SetQuantity q -> Cart.setQuantity(s, "c1", q.sku(), q.quantity());
      case Remove r -> Cart.remove(s, "c1", r.sku());
      case Reprice r -> Cart.reprice(s, "c1", r.prices());
      case Checkout co -> switch (Cart.checkout(s, "c1", "o-" + co.key(), co.key(), co.fingerprint())) {
        case Cart.CheckoutDecision.AlreadyPlaced placed -> List.of();
        case Cart.CheckoutDecision.Place place -> List.of(place.event());
      };
    });
  }

  static Cart.State fold(Cart.State s, List<Cart.Event> events) {
    for (Cart.Event e : events) {
      s = Cart.evolve(s, e);
    }
    return s;
  }

  @Provide
  Arbitrary<List<Command>> histories() {
    Arbitrary<String> skus = Arbitraries.of("TEE", "MUG", "HAT");
    Arbitrary<Money> prices = Arbitraries.of(Money.of("1.00", "EUR"), Money.of("2.50", "EUR"));
    Arbitrary<Command> add = Combinators.combine(skus, Arbitraries.integers().between(-1, 3), prices).as(Add::new);
    Arbitrary<Command> set = Combinators.combine(skus, Arbitraries.integers().between(-1, 3)).as(SetQuantity::new);
    Arbitrary<Command> reprice = Arbitraries.maps(skus, prices).ofMaxSize(3).map(Reprice::new);
    Arbitrary<Command> checkout = Combinators.combine(Arbitraries.of("k1", "k2"), Arbitraries.of("f1", "f2")).as(Checkout::new);
    Arbitrary<Command> any = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(new Create())), Tuple.of(5, add), Tuple.of(2, set),
        Tuple.of(1, skus.map(Remove::new)), Tuple.of(1, reprice), Tuple.of(1, checkout));
    return any.list().ofMaxSize(20).map(cs -> {
      List<Command> all = new java.util.ArrayList<>(cs);
      if (!cs.isEmpty() && cs.hashCode() % 5 != 0) {
        all.addFirst(new Create()); // most carts exist; some histories start on a missing one
      }
      return all;
    });
  }

  @Property(tries = 300)
  void repeatingACommandOtherThanAddAppendsNothing(@ForAll("histories") List<Command> history) {
    Cart.State s = Cart.State.INITIAL;
    for (Command c : history) {
      Outcome<Cart.Event> first = decide(s, c);
      s = fold(s, first.events());
      if (first instanceof Outcome.Accepted<Cart.Event> && !(c instanceof Add)) {
        assertThat(decide(s, c)).as("%s repeated", c).isEqualTo(new Outcome.Accepted<Cart.Event>(List.of()));
      }
    }
  }

  /** The model: lines in the order first added (sku → units at a price), and the checkout, if any. */
  @Property(tries = 300)
  void foldAndDecideAgreeWithTheModel(@ForAll("histories") List<Command> history) {
    Cart.State s = Cart.State.INITIAL;
    boolean exists = false;
    Checkout done = null;
    Map<String, OrderLine> lines = new LinkedHashMap<>();
    for (Command c : history) {
      Outcome<Cart.Event> outcome = decide(s, c);
      if (c instanceof Create) {
        exists = true;
      } else if (!exists) {
        assertRefused(outcome, NotFoundException.class, "cart 'c1' was not found");
      } else if (done != null) {
        if (!(c instanceof Checkout co && co.equals(done))) {
          assertRefused(outcome, RuleViolationException.class, null);
        }
      } else {
        switch (c) {
          case Create cr -> {}
          case Add a -> {
            if (a.quantity() <= 0) {
              assertRefused(outcome, InvalidInputException.class, null);
            } else {
              OrderLine old = lines.get(a.sku());
              lines.put(a.sku(), new OrderLine(a.sku(), "Product " + a.sku(), a.quantity() + (old == null ? 0 : old.quantity()), a.price()));
            }
          }
          case SetQuantity q -> {
            if (q.quantity() < 0) {
              assertRefused(outcome, InvalidInputException.class, null);
            } else if (q.quantity() == 0) {
              lines.remove(q.sku());
            } else if (!lines.containsKey(q.sku())) {
              assertRefused(outcome, NotFoundException.class, null);
            } else {
              lines.put(q.sku(), new OrderLine(q.sku(), lines.get(q.sku()).name(), q.quantity(), lines.get(q.sku()).unitPrice()));
            }
          }
          case Remove r -> lines.remove(r.sku());
          case Reprice r -> lines.replaceAll((sku, l) -> r.prices().containsKey(sku) ? new OrderLine(sku, l.name(), l.quantity(),
              r.prices().get(sku)) : l);
          case Checkout co -> {
            if (lines.isEmpty()) {
              assertRefused(outcome, RuleViolationException.class, null);
            } else {
              done = co;
            }
          }
        }
      }
      s = fold(s, outcome.events());
      assertThat(s.exists()).isEqualTo(exists);
      assertThat(s.lineList()).isEqualTo(List.copyOf(lines.values()));
      assertThat(s.checkout() == null ? null : new Checkout(s.checkout().idempotencyKey(), s.checkout().requestFingerprint()))
          .isEqualTo(done);
    }
  }

  @Property(tries = 100)
  void noCommandOnAMissingCartThrowsAndEachNamesTheCart(@ForAll("histories") List<Command> commands) {
    for (Command c : commands) {
      Outcome<Cart.Event> outcome = decide(Cart.State.INITIAL, c);
      if (c instanceof Create) {
        assertThat(outcome.events()).containsExactly(new Cart.Created("c1"));
      } else {
        assertRefused(outcome, NotFoundException.class, "cart 'c1' was not found");
      }
    }
  }

  @Property(tries = 100)
  void noCommandOnACheckedOutCartThrowsOrChangesIt(@ForAll("histories") List<Command> commands) {
    Cart.State open = fold(Cart.State.INITIAL, List.of(new Cart.Created("c1"), new Cart.ItemAdded("TEE", "T-shirt", 1, Money.of("1.00", "EUR"))));
    Cart.State checkedOut = fold(open, decide(open, new Checkout("k1", "f1")).events());
    for (Command c : commands) {
      Outcome<Cart.Event> outcome = decide(checkedOut, c);
      assertThat(outcome.events()).as("%s on a checked-out cart", c).isEmpty();
      if (outcome instanceof Outcome.Refused<Cart.Event> refused) {
        assertThat(refused.error()).isInstanceOf(RuleViolationException.class);
      }
    }
  }

  private static void assertRefused(Outcome<Cart.Event> outcome, Class<? extends Exception> error, String message) {
    assertThat(outcome).isInstanceOfSatisfying(Outcome.Refused.class, r -> {
      assertThat(r.error()).isInstanceOf(error);
      if (message != null) {
        assertThat(r.error()).hasMessage(message);
      }
    });
  }
}
