package io.solstice.commerce.cart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.shared.Money;
import io.solstice.commerce.shared.RuleViolationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A cart's limits, exactly at their edges, and when adding to a line reprices it. */
class CartLimitsTest {
  private static final Money PRICE = Money.of("2.00", "EUR");

  private static Cart.State fold(Cart.State s, List<Cart.Event> events) {
    for (Cart.Event e : events) {
      s = Cart.evolve(s, e);
    }
    return s;
  }

  private static Cart.State created() {
    return fold(Cart.State.INITIAL, Cart.create(Cart.State.INITIAL, "c1"));
  }

  @Test
  void aLineHoldsUpToTheLimitCountingTheUnitsAlreadyInIt() {
    Cart.State s = fold(created(), Cart.add(created(), "c1", "TEE", "T-shirt", PRICE, Cart.MAX_LINE_QUANTITY - 1));

    Cart.State full = fold(s, Cart.add(s, "c1", "TEE", "T-shirt", PRICE, 1));

    assertThat(full.lines().get("TEE").quantity()).isEqualTo(Cart.MAX_LINE_QUANTITY);
    assertThatThrownBy(() -> Cart.add(full, "c1", "TEE", "T-shirt", PRICE, 1)).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).fields()).containsEntry("quantity",
            "must be a whole number from 1 to 1000000 per line (the cart already holds 1000000)"));
    assertThatThrownBy(() -> Cart.add(created(), "c1", "TEE", "T-shirt", PRICE, 0)).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).fields()).containsEntry("quantity",
            "must be a whole number from 1 to 1000000 per line"));
  }

  @Test
  void settingAQuantityAcceptsZeroToTheLimit() {
    Cart.State s = fold(created(), Cart.add(created(), "c1", "TEE", "T-shirt", PRICE, 1));

    assertThat(Cart.setQuantity(s, "c1", "TEE", Cart.MAX_LINE_QUANTITY)).containsExactly(new Cart.QuantityChanged("TEE", Cart.MAX_LINE_QUANTITY));
    assertThatThrownBy(() -> Cart.setQuantity(s, "c1", "TEE", Cart.MAX_LINE_QUANTITY + 1)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Cart.setQuantity(s, "c1", "TEE", -1)).isInstanceOf(InvalidInputException.class);
    assertThat(Cart.setQuantity(s, "c1", "TEE", 1)).as("the quantity it has").isEmpty();
  }

  @Test
  void aCartHoldsAtMostTheLimitOfDistinctProductsButAFullCartTakesMoreOfALineItHas() {
    Cart.State s = created();
    for (int i = 0; i < Cart.MAX_LINES; i++) {
      s = fold(s, Cart.add(s, "c1", "SKU" + i, "P" + i, PRICE, 1));
    }
    Cart.State full = s;

    assertThat(full.lines()).hasSize(Cart.MAX_LINES);
    assertThatThrownBy(() -> Cart.add(full, "c1", "ONE-MORE", "P", PRICE, 1)).isInstanceOf(RuleViolationException.class)
        .hasMessage("a cart holds at most 200 distinct products")
        .satisfies(e -> assertThat(((RuleViolationException) e).code()).isEqualTo("cart_full"));
    assertThat(Cart.add(full, "c1", "SKU0", "P0", PRICE, 1)).containsExactly(new Cart.ItemAdded("SKU0", "P0", 1, PRICE));
  }

  @Test
  void addingToALineAtANewPriceRepricesItFirstAndAtTheSamePriceDoesNot() {
    Cart.State s = fold(created(), Cart.add(created(), "c1", "TEE", "T-shirt", PRICE, 1));
    Money newPrice = Money.of("2.50", "EUR");

    assertThat(Cart.add(s, "c1", "TEE", "T-shirt", Money.of("2.0", "EUR"), 1))
        .containsExactly(new Cart.ItemAdded("TEE", "T-shirt", 1, Money.of("2.0", "EUR")));
    List<Cart.Event> repriced = Cart.add(s, "c1", "TEE", "T-shirt", newPrice, 2);
    assertThat(repriced).containsExactly(new Cart.ItemRepriced("TEE", newPrice), new Cart.ItemAdded("TEE", "T-shirt", 2, newPrice));
    assertThat(fold(s, repriced).lines().get("TEE").quantity()).isEqualTo(3);
    assertThat(Cart.stream("acme", "c1").canonical()).isEqualTo("acme:Cart-c1");
  }
}
