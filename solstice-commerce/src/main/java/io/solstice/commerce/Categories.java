package io.solstice.commerce;

import io.solstice.commerce.cart.Cart;
import io.solstice.commerce.catalog.Product;
import io.solstice.commerce.fraud.FraudCheck;
import io.solstice.commerce.fulfillment.Shipment;
import io.solstice.commerce.inventory.Stock;
import io.solstice.commerce.order.Order;
import io.solstice.commerce.payment.Payment;
import io.solstice.commerce.payment.PaymentMethod;
import io.solstice.commerce.tenancy.Tenant;
import io.solstice.core.codec.JsonCodec;
import io.solstice.core.decider.Category;
import io.solstice.core.decider.SnapshotPolicy;
import io.solstice.core.decider.StateCache;
import io.solstice.core.store.EventStore;

/**
 * Every commerce aggregate's category (codec, fold, cache) bound to one event store. One instance
 * per process; thread-safe.
 *
 * <p>The long-lived aggregates — {@link Stock} (every order of a SKU passes through it), {@link
 * Tenant}, {@link Product} and {@link Cart} (whose streams a client can grow at will) — keep
 * snapshots every {@value #SNAPSHOT_EVERY} events, so loading one reads a snapshot and at most
 * that many events, however long the stream. Bump a category's snapshot schema whenever its
 * {@code State} changes shape (old snapshots are then ignored and rewritten).
 */
public record Categories(
    EventStore store,
    Category<Tenant.State, Tenant.Event> tenants,
    Category<Product.State, Product.Event> products,
    Category<Stock.State, Stock.Event> stock,
    Category<Cart.State, Cart.Event> carts,
    Category<Order.State, Order.Event> orders,
    Category<FraudCheck.State, FraudCheck.Event> fraudChecks,
    Category<Payment.State, Payment.Event> payments,
    Category<Shipment.State, Shipment.Event> shipments) {

  /** Events between two snapshots of a snapshotted category. */
  public static final int SNAPSHOT_EVERY = 100;

  /** Default number of folded states kept in memory. */
  public static final long DEFAULT_CACHE_SIZE = 100_000;

  public static Categories on(EventStore store) {
    return on(store, StateCache.bounded(DEFAULT_CACHE_SIZE));
  }

  /**
   * The codec of order events. Upcasting: {@code Placed} events stored with the payment token in
   * clear ({@code paymentToken}, before tokens were sealed) are masked on every read: the token is
   * dropped and the order reads as paying with {@link PaymentMethod#MASKED}.
   */
  public static JsonCodec<Order.Event> orderCodec() {
    return JsonCodec.builder(Order.Event.class).upcast("Placed", Categories::maskPaymentToken).build();
  }

  /** The upcasting step of {@code Placed}: a payment token stored in clear is replaced by {@link PaymentMethod#MASKED}. */
  public static void maskPaymentToken(com.fasterxml.jackson.databind.node.ObjectNode placed) {
    if (placed.has("paymentToken")) {
      placed.remove("paymentToken");
      placed.putObject("payment").put("fingerprint", PaymentMethod.MASKED.fingerprint()).putNull("sealedToken");
    }
  }

  public static Categories on(EventStore store, StateCache cache) {
    return new Categories(
        store,
        Category.builder(Tenant.CATEGORY, JsonCodec.forSealed(Tenant.Event.class), Tenant.State.INITIAL, Tenant::evolve).cache(cache)
            .snapshots(SnapshotPolicy.every(SNAPSHOT_EVERY, 1, Tenant.State.class)).build(store),
        Category.builder(Product.CATEGORY, JsonCodec.forSealed(Product.Event.class), Product.State.INITIAL, Product::evolve).cache(cache)
            .snapshots(SnapshotPolicy.every(SNAPSHOT_EVERY, 1, Product.State.class)).build(store),
        Category.builder(Stock.CATEGORY, JsonCodec.forSealed(Stock.Event.class), Stock.State.INITIAL, Stock::evolve).cache(cache)
            .snapshots(SnapshotPolicy.every(SNAPSHOT_EVERY, 1, Stock.State.class)).build(store),
        Category.builder(Cart.CATEGORY, JsonCodec.forSealed(Cart.Event.class), Cart.State.INITIAL, Cart::evolve).cache(cache)
            .snapshots(SnapshotPolicy.every(SNAPSHOT_EVERY, 1, Cart.State.class)).build(store),
        Category.builder(Order.CATEGORY, orderCodec(), Order.State.INITIAL, Order::evolve).cache(cache).build(store),
        Category.builder(FraudCheck.CATEGORY, JsonCodec.forSealed(FraudCheck.Event.class), FraudCheck.State.INITIAL, FraudCheck::evolve).cache(cache).build(store),
        Category.builder(Payment.CATEGORY, JsonCodec.forSealed(Payment.Event.class), Payment.State.INITIAL, Payment::evolve).cache(cache).build(store),
        Category.builder(Shipment.CATEGORY, JsonCodec.forSealed(Shipment.Event.class), Shipment.State.INITIAL, Shipment::evolve).cache(cache).build(store));
  }
}
