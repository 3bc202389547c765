package io.solstice.commerce.cart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.commerce.Categories;
import io.solstice.commerce.catalog.Catalog;
import io.solstice.commerce.inventory.Inventory;
import io.solstice.commerce.order.Orders;
import io.solstice.commerce.shared.Address;
import io.solstice.commerce.shared.Customer;
import io.solstice.commerce.shared.Ids;
import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.shared.NotFoundException;
import io.solstice.commerce.shared.RuleViolationException;
import io.solstice.commerce.tenancy.ApiKeys;
import io.solstice.commerce.tenancy.Tenancy;
import io.solstice.commerce.tenancy.Tenancy.TenantContext;
import io.solstice.core.EventMetadata;
import io.solstice.core.memory.MemoryStore;
import io.solstice.core.store.TenantPlacement;
import java.math.BigDecimal;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cart use cases over a memory store: what a shopper sees, and what a checkout writes or refuses. */
class CartsTest {
  private MemoryStore store;
  private Catalog catalog;
  private Inventory inventory;
  private Carts carts;
  private Orders orders;
  private TenantContext acme;

  private static final CheckoutRequest REQUEST = new CheckoutRequest(new Customer("ana@example.com", "Ana"),
      new Address("1 Main St", "Berlin", "10115", "DE"), "tok_approve");

  @BeforeEach
  void setUp() {
    store = new MemoryStore();
    Categories c = Categories.on(store);
    Ids ids = new Ids(Clock.systemUTC());
    Tenancy tenancy = new Tenancy(store, c.tenants(), new ApiKeys(ApiKeys.newPepper()), t -> TenantPlacement.POOLED_STORE);
    catalog = new Catalog(c.products());
    inventory = new Inventory(c.stock(), c.products());
    carts = new Carts(c, ids);
    orders = new Orders(c, ids);
    tenancy.provision("acme", "Acme", "EUR");
    acme = tenancy.context("acme").orElseThrow();
    catalog.put("acme", "EUR", "TEE", "T-shirt", "Cotton", new BigDecimal("19.99"));
    catalog.put("acme", "EUR", "MUG", "Mug", "Stoneware", new BigDecimal("5.00"));
    inventory.adjust("acme", "TEE", 10, "delivery");
    inventory.adjust("acme", "MUG", 3, "delivery");
  }

  @Test
  void aNewCartIsOpenEmptyAndInTheTenantsCurrency() {
    String cart = carts.create("acme");

    assertThat(carts.get(acme, cart)).isEqualTo(new Carts.CartView(cart, "open", java.util.List.of(), new BigDecimal("0.00"), "EUR", null));
  }

  @Test
  void creatingACartTwiceWithTheSameIdWritesOnce() {
    long head = store.headPosition();
    assertThat(carts.create("acme", "cart-1", EventMetadata.EMPTY)).isEqualTo("cart-1");
    assertThat(carts.create("acme", "cart-1", EventMetadata.EMPTY)).isEqualTo("cart-1");

    assertThat(store.headPosition()).isEqualTo(head + 1);
  }

  @Test
  void theViewTotalsEachLineAndTheCart() {
    String cart = carts.create("acme");
    carts.addItem(acme, cart, "TEE", 2);

    Carts.CartView view = carts.addItem(acme, cart, "MUG", 3);

    assertThat(view.lines()).containsExactly(
        new Carts.LineView("TEE", "T-shirt", 2, new BigDecimal("19.99"), new BigDecimal("39.98")),
        new Carts.LineView("MUG", "Mug", 3, new BigDecimal("5.00"), new BigDecimal("15.00")));
    assertThat(view.subtotal()).isEqualByComparingTo("54.98");
  }

  @Test
  void onlyAProductOnSaleCanBeAdded() {
    String cart = carts.create("acme");
    catalog.unpublish("acme", "MUG");

    for (String sku : new String[] {"MUG", "NOPE", "bad sku"}) {
      assertThatThrownBy(() -> carts.addItem(acme, cart, sku, 1)).as(sku).isInstanceOf(InvalidInputException.class)
          .satisfies(e -> assertThat(((InvalidInputException) e).fields())
              .containsEntry("sku", "'" + sku + "' is not a product on sale; check GET /products"));
    }
  }

  @Test
  void quantitiesRunFromOneToTheLineLimitWhenAddingAndFromZeroWhenSetting() {
    String cart = carts.create("acme");

    assertThatThrownBy(() -> carts.addItem(acme, cart, "TEE", 0)).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).fields()).containsEntry("quantity", "must be a whole number from 1 to 1000000"));
    assertThatThrownBy(() -> carts.addItem(acme, cart, "TEE", Cart.MAX_LINE_QUANTITY + 1L)).isInstanceOf(InvalidInputException.class);
    assertThat(carts.addItem(acme, cart, "TEE", Cart.MAX_LINE_QUANTITY).lines()).hasSize(1);
    assertThatThrownBy(() -> carts.setQuantity(acme, cart, "TEE", -1)).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).fields()).containsEntry("quantity", "must be a whole number from 0 to 1000000"));
    assertThat(carts.setQuantity(acme, cart, "TEE", 1).lines()).extracting(Carts.LineView::quantity).containsExactly(1);
    assertThat(carts.setQuantity(acme, cart, "TEE", 0).lines()).isEmpty();
  }

  @Test
  void removingALineLeavesTheOthers() {
    String cart = carts.create("acme");
    carts.addItem(acme, cart, "TEE", 1);
    carts.addItem(acme, cart, "MUG", 1);

    assertThat(carts.removeItem(acme, cart, "TEE").lines()).extracting(Carts.LineView::sku).containsExactly("MUG");
  }

  @Test
  void everyUseCaseOnACartTheTenantDoesNotHaveIsNotFound() {
    for (var call : java.util.List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
        () -> carts.get(acme, "missing"),
        () -> carts.addItem(acme, "missing", "TEE", 1),
        () -> carts.setQuantity(acme, "missing", "TEE", 1),
        () -> carts.removeItem(acme, "missing", "TEE"),
        () -> carts.reprice(acme, "missing", EventMetadata.EMPTY),
        () -> carts.checkout(acme, "missing", "key", REQUEST, EventMetadata.EMPTY))) {
      assertThatThrownBy(call).isInstanceOf(NotFoundException.class).hasMessage("cart 'missing' was not found");
    }
  }

  @Test
  void repricingBringsLinesToTheCatalogPriceAndLeavesProductsOffSaleAsTheyWere() {
    String cart = carts.create("acme");
    carts.addItem(acme, cart, "TEE", 1);
    carts.addItem(acme, cart, "MUG", 1);
    catalog.reprice("acme", "EUR", "TEE", new BigDecimal("24.99"));
    catalog.reprice("acme", "EUR", "MUG", new BigDecimal("6.00"));
    catalog.unpublish("acme", "MUG");

    Carts.CartView view = carts.reprice(acme, cart, EventMetadata.EMPTY);

    assertThat(view.lines()).extracting(Carts.LineView::unitPrice).containsExactly(new BigDecimal("24.99"), new BigDecimal("5.00"));
  }

  @Test
  void aCheckoutPlacesTheOrderHoldsTheStockAndClosesTheCart() {
    String cart = carts.create("acme");
    carts.addItem(acme, cart, "TEE", 2);

    String order = carts.checkout(acme, cart, "key-1", REQUEST, EventMetadata.EMPTY);

    assertThat(carts.get(acme, cart).status()).isEqualTo("checked_out");
    assertThat(carts.get(acme, cart).orderId()).isEqualTo(order);
    assertThat(inventory.get("acme", "TEE").available()).isEqualTo(8);
    assertThat(orders.get("acme", order).customerEmail()).isEqualTo("ana@example.com");
    assertThat(orders.get("acme", order).lines()).extracting(Orders.LineView::quantity).containsExactly(2);
  }

  @Test
  void theSameKeyAndRequestGiveTheSameOrderAndWriteNothingMore() {
    String cart = carts.create("acme");
    carts.addItem(acme, cart, "TEE", 2);
    String order = carts.checkout(acme, cart, "key-1", REQUEST, EventMetadata.EMPTY);
    long head = store.headPosition();

    assertThat(carts.checkout(acme, cart, "key-1", REQUEST, EventMetadata.EMPTY)).isEqualTo(order);
    assertThat(store.headPosition()).isEqualTo(head);
  }

  @Test
  void anIdempotencyKeyIsRequiredAndAtMostTwoHundredCharacters() {
    String cart = carts.create("acme");
    carts.addItem(acme, cart, "TEE", 1);

    for (String key : new String[] {null, "", "  ", "k".repeat(201)}) {
      assertThatThrownBy(() -> carts.checkout(acme, cart, key, REQUEST, EventMetadata.EMPTY)).isInstanceOf(InvalidInputException.class)
          .satisfies(e -> assertThat(((InvalidInputException) e).fields())
              .containsEntry("Idempotency-Key", "header is required on checkout (1-200 characters)"));
    }
    assertThat(carts.checkout(acme, cart, "k".repeat(200), REQUEST, EventMetadata.EMPTY)).isNotBlank();
  }

  @Test
  void aCheckoutBeyondTheStockIsRefusedAndWritesNothing() {
    String cart = carts.create("acme");
    carts.addItem(acme, cart, "MUG", 4);
    long head = store.headPosition();

    assertThatThrownBy(() -> carts.checkout(acme, cart, "key-1", REQUEST, EventMetadata.EMPTY)).isInstanceOf(RuleViolationException.class);

    assertThat(store.headPosition()).isEqualTo(head);
    assertThat(carts.get(acme, cart).status()).isEqualTo("open");
  }

  @Test
  void aProductTakenOffSaleAfterItWasAddedStopsTheCheckout() {
    String cart = carts.create("acme");
    carts.addItem(acme, cart, "MUG", 1);
    catalog.unpublish("acme", "MUG");

    assertThatThrownBy(() -> carts.checkout(acme, cart, "key-1", REQUEST, EventMetadata.EMPTY))
        .isInstanceOf(RuleViolationException.class)
        .hasMessage("product MUG is no longer on sale; remove it from the cart")
        .satisfies(e -> assertThat(((RuleViolationException) e).code()).isEqualTo("product_unavailable"));
    assertThat(inventory.get("acme", "MUG").available()).isEqualTo(3);
  }

  @Test
  void anOrderAboveTheLargestTotalIsRefusedNamingTheLimit() {
    String cart = carts.create("acme");
    for (String sku : new String[] {"GOLD", "PLATINUM"}) { // one line can hold no more than 10^14 - 10^6
      catalog.put("acme", "EUR", sku, sku, "Heavy", new BigDecimal("99999999"));
      inventory.adjust("acme", sku, 1_000_000, "delivery");
      carts.addItem(acme, cart, sku, 1_000_000);
    }

    assertThatThrownBy(() -> carts.checkout(acme, cart, "key-1", REQUEST, EventMetadata.EMPTY))
        .isInstanceOf(RuleViolationException.class)
        .hasMessageContaining("is above the largest accepted, 99999999999999 EUR; split it into several orders")
        .satisfies(e -> assertThat(((RuleViolationException) e).code()).isEqualTo("order_too_large"));
  }
}
