package io.solstice.commerce.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.commerce.shared.Decisions;
import io.solstice.commerce.shared.Decisions.Outcome;
import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.shared.Money;
import io.solstice.commerce.shared.NotFoundException;
import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the {@link Product} decider. A product has no end state (a put republishes an
 * unpublished product), so the missing product is the one edge case.
 */
class ProductProperties {

  sealed interface Command {}

  record Put(String name, Money price) implements Command {}

  record Reprice(Money price) implements Command {}

  record Unpublish() implements Command {}

  static Outcome<Product.Event> decide(Product.State s, Command c) {
    return Decisions.attempt(() -> switch (c) {
      case Put p -> Product.put(s, "TEE", new Product.Details(p.name(), "Cotton", p.price()));
      case Reprice r -> Product.reprice(s, "TEE", r.price());
      case Unpublish u -> Product.unpublish(s, "TEE");
    });
  }

  static Product.State fold(Product.State s, List<Product.Event> events) {
    for (Product.Event e : events) {
      s = Product.evolve(s, e);
    }
    return s;
  }

  /** Prices, valid and not: equal amounts at other scales, negative, too large, in another currency. */
  static Arbitrary<Money> prices() {
    return Arbitraries.of(Money.of("0", "EUR"), Money.of("9.99", "EUR"), Money.of("10", "EUR"), Money.of("10.00", "EUR"),
        Money.of("-1", "EUR"), Money.of("100000000", "EUR"), Money.of("5", "USD"));
  }

  /** Whether {@code price} may be set on a product now at {@code current} (null: no product yet, any currency). */
  static boolean valid(Money current, Money price) {
    return (current == null || current.currency().equals(price.currency()))
        && price.amount().signum() >= 0 && price.amount().compareTo(new BigDecimal("100000000")) < 0;
  }

  @Provide
  Arbitrary<List<Command>> histories() {
    Arbitrary<Command> put = Combinators.combine(Arbitraries.of("T-shirt", "Tee"), prices()).as(Put::new);
    return Arbitraries.oneOf(put, prices().map(Reprice::new), Arbitraries.just(new Unpublish())).list().ofMaxSize(12);
  }

  @Property(tries = 300)
  void repeatingAnAcceptedCommandAppendsNothing(@ForAll("histories") List<Command> history) {
    Product.State s = Product.State.INITIAL;
    for (Command c : history) {
      Outcome<Product.Event> first = decide(s, c);
      s = fold(s, first.events());
      if (first instanceof Outcome.Accepted<Product.Event>) {
        assertThat(decide(s, c)).as("%s repeated", c).isEqualTo(new Outcome.Accepted<Product.Event>(List.of()));
      }
    }
  }

  /** The model: a put defines or updates and activates; a valid reprice sets the price; unpublish deactivates. */
  @Property(tries = 300)
  void foldAndDecideAgreeWithTheModel(@ForAll("histories") List<Command> history) {
    Product.State s = Product.State.INITIAL;
    String name = null;
    Money price = null;
    boolean active = false;
    for (Command c : history) {
      Outcome<Product.Event> outcome = decide(s, c);
      switch (c) {
        case Put p -> {
          if (valid(price, p.price())) {
            name = p.name();
            price = p.price();
            active = true;
          } else {
            assertRefused(outcome, InvalidInputException.class);
          }
        }
        case Reprice r -> {
          if (name == null) {
            assertRefused(outcome, NotFoundException.class);
          } else if (valid(price, r.price())) {
            price = r.price();
          } else {
            assertRefused(outcome, InvalidInputException.class);
          }
        }
        case Unpublish u -> {
          if (name == null) {
            assertRefused(outcome, NotFoundException.class);
          }
          active = false;
        }
      }
      s = fold(s, outcome.events());
      assertThat(s.name()).isEqualTo(name);
      assertThat(s.active()).isEqualTo(active);
      assertThat(s.price() == null || price == null ? s.price() == price : s.price().compareTo(price) == 0).as("price %s", price).isTrue();
    }
  }

  @Property(tries = 100)
  void noCommandOnAMissingProductThrows(@ForAll("histories") List<Command> commands) {
    for (Command c : commands) {
      Outcome<Product.Event> outcome = decide(Product.State.INITIAL, c);
      switch (c) {
        case Put p -> assertThat(outcome.events()).hasSize(valid(null, p.price()) ? 1 : 0);
        case Reprice r -> assertRefused(outcome, NotFoundException.class);
        case Unpublish u -> assertRefused(outcome, NotFoundException.class);
      }
    }
  }

  private static void assertRefused(Outcome<Product.Event> outcome, Class<? extends Exception> error) {
    assertThat(outcome).isInstanceOfSatisfying(Outcome.Refused.class, r -> assertThat(r.error()).isInstanceOf(error));
  }
}
