package io.solstice.commerce.cart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.commerce.cart.Cart.CheckoutDecision;
import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.shared.Money;
import io.solstice.commerce.shared.NotFoundException;
import io.solstice.commerce.shared.RuleViolationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CartTest {

  private static Cart.State apply(Cart.State s, List<Cart.Event> events) {
    for (Cart.Event e : events) {
      s = Cart.evolve(s, e);
    }
    return s;
  }

  private static Cart.State withTee() {
    Cart.State s = apply(Cart.State.INITIAL, Cart.create(Cart.State.INITIAL, "c1"));
    return apply(s, Cart.add(s, "c1", "TEE", "T-shirt", Money.of("19.99", "EUR"), 2));
  }

  private static Cart.State checkedOut() {
    CheckoutDecision.Place place = (CheckoutDecision.Place) Cart.checkout(withTee(), "c1", "o1", "key-1", "fp-1");
    return apply(withTee(), List.of(place.event()));
  }

  @Test
  void addingASkuTwiceAddsToItsLine() {
    Cart.State s = apply(withTee(), Cart.add(withTee(), "c1", "TEE", "T-shirt", Money.of("19.99", "EUR"), 3));
    assertThat(s.lines().get("TEE").quantity()).isEqualTo(5);
  }

  @Test
  void addingTakesTheCurrentPrice() {
    Cart.State s = apply(withTee(), Cart.add(withTee(), "c1", "TEE", "T-shirt", Money.of("17.00", "EUR"), 1));
    assertThat(s.lines().get("TEE").unitPrice()).isEqualTo(Money.of("17.00", "EUR"));
  }

  @Test
  void quantitiesAreLimitedPerLine() {
    assertThatThrownBy(() -> Cart.add(withTee(), "c1", "TEE", "T", Money.of("1", "EUR"), Cart.MAX_LINE_QUANTITY))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Cart.add(withTee(), "c1", "MUG", "M", Money.of("1", "EUR"), 0)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Cart.add(withTee(), "c1", "MUG", "M", Money.of("1", "EUR"), -1)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void settingQuantityToZeroRemovesTheLine() {
    Cart.State s = apply(withTee(), Cart.setQuantity(withTee(), "c1", "TEE", 0));
    assertThat(s.lines()).isEmpty();
  }

  @Test
  void theSameKeyAndBodyGiveTheSameOrder() {
    assertThat(Cart.checkout(checkedOut(), "c1", "o2", "key-1", "fp-1")).isEqualTo(new CheckoutDecision.AlreadyPlaced("o1"));
  }

  @Test
  void theSameKeyWithAnotherBodyIsRefused() {
    assertThatThrownBy(() -> Cart.checkout(checkedOut(), "c1", "o2", "key-1", "fp-other"))
        .isInstanceOf(RuleViolationException.class)
        .satisfies(e -> assertThat(((RuleViolationException) e).code()).isEqualTo("idempotency_key_reused"));
  }

  @Test
  void aCheckedOutCartCannotChange() {
    assertThatThrownBy(() -> Cart.add(checkedOut(), "c1", "MUG", "M", Money.of("1", "EUR"), 1))
        .isInstanceOf(RuleViolationException.class);
    assertThatThrownBy(() -> Cart.checkout(checkedOut(), "c1", "o2", "key-2", "fp-2"))
        .isInstanceOf(RuleViolationException.class);
  }

  @Test
  void anEmptyCartCannotCheckOut() {
    Cart.State empty = apply(Cart.State.INITIAL, Cart.create(Cart.State.INITIAL, "c1"));
    assertThatThrownBy(() -> Cart.checkout(empty, "c1", "o1", "k", "f")).isInstanceOf(RuleViolationException.class);
  }

  @Test
  void settingARemovedLineToZeroAgainSucceedsWithoutWriting() {
    Cart.State removed = apply(withTee(), Cart.setQuantity(withTee(), "c1", "TEE", 0));
    assertThat(Cart.setQuantity(removed, "c1", "TEE", 0)).isEmpty();
    assertThatThrownBy(() -> Cart.setQuantity(removed, "c1", "TEE", 1)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aCommandOnACartThatDoesNotExistNamesTheCart() {
    assertThatThrownBy(() -> Cart.add(Cart.State.INITIAL, "c9", "TEE", "T", Money.of("1", "EUR"), 1))
        .isInstanceOf(NotFoundException.class).hasMessage("cart 'c9' was not found");
  }

  @Test
  void theFoldedLinesCannotBeChangedBehindTheCache() {
    assertThatThrownBy(() -> withTee().lines().clear()).isInstanceOf(UnsupportedOperationException.class);
  }
}
