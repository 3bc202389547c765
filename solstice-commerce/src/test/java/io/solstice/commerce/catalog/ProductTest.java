package io.solstice.commerce.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.shared.Money;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProductTest {

  private static Product.State apply(Product.State s, List<Product.Event> events) {
    for (Product.Event e : events) {
      s = Product.evolve(s, e);
    }
    return s;
  }

  private static final Product.Details TEE = new Product.Details("T-shirt", "Cotton", Money.of("19.99", "EUR"));

  @Test
  void putTwiceWritesOnce() {
    Product.State s = apply(Product.State.INITIAL, Product.put(Product.State.INITIAL, "TEE", TEE));
    assertThat(Product.put(s, "TEE", TEE)).isEmpty();
  }

  @Test
  void putRepublishesAnUnpublishedProduct() {
    Product.State s = apply(Product.State.INITIAL, Product.put(Product.State.INITIAL, "TEE", TEE));
    s = apply(s, Product.unpublish(s, "TEE"));
    assertThat(s.active()).isFalse();
    assertThat(apply(s, Product.put(s, "TEE", TEE)).active()).isTrue();
  }

  @Test
  void aPriceChangeIsARepricing() {
    Product.State s = apply(Product.State.INITIAL, Product.put(Product.State.INITIAL, "TEE", TEE));
    assertThat(Product.put(s, "TEE", new Product.Details("T-shirt", "Cotton", Money.of("19.990", "EUR")))).isEmpty();
    assertThat(Product.put(s, "TEE", new Product.Details("T-shirt", "Cotton", Money.of("17", "EUR"))))
        .containsExactly(new Product.Repriced(Money.of("17.00", "EUR")));
  }

  @Test
  void invalidDetailsNameEveryField() {
    assertThatThrownBy(() -> new Product.Details("", null, Money.of("-1", "EUR")))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).fields()).containsOnlyKeys("name", "price"));
  }

  @Test
  void repricingBelowZeroOrBeyondTheLimitIsRefusedAsPutIs() {
    Product.State s = apply(Product.State.INITIAL, Product.put(Product.State.INITIAL, "TEE", TEE));
    assertThatThrownBy(() -> Product.reprice(s, "TEE", Money.of("-1", "EUR")))
        .isInstanceOf(InvalidInputException.class).satisfies(e -> assertThat(((InvalidInputException) e).fields()).containsOnlyKeys("price"));
    assertThatThrownBy(() -> Product.reprice(s, "TEE", Money.of("100000000", "EUR"))).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aPriceInAnotherCurrencyIsRefusedAsInvalidInputNotAnIllegalArgument() {
    Product.State s = apply(Product.State.INITIAL, Product.put(Product.State.INITIAL, "TEE", TEE));
    assertThatThrownBy(() -> Product.reprice(s, "TEE", Money.of("5", "USD")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("EUR");
    assertThatThrownBy(() -> Product.put(s, "TEE", new Product.Details("T-shirt", "Cotton", Money.of("5", "USD"))))
        .isInstanceOf(InvalidInputException.class);
  }
}
