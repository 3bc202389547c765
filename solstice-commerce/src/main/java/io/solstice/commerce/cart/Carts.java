package io.solstice.commerce.cart;

import io.solstice.commerce.Categories;
import io.solstice.commerce.catalog.Product;
import io.solstice.commerce.inventory.Stock;
import io.solstice.commerce.order.Order;
import io.solstice.commerce.payment.PaymentTokens;
import io.solstice.commerce.order.Totals;
import io.solstice.commerce.shared.Ids;
import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.shared.Money;
import io.solstice.commerce.shared.NotFoundException;
import io.solstice.commerce.shared.OrderLine;
import io.solstice.commerce.shared.RuleViolationException;
import io.solstice.commerce.shared.StripedLocks;
import io.solstice.commerce.tenancy.Tenancy.TenantContext;
import io.solstice.core.EventMetadata;
import io.solstice.core.StreamName;
import io.solstice.core.decider.Decider;
import io.solstice.core.decider.LoadMode;
import io.solstice.core.decider.MultiStreamDecider;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Carts and checkout. A checkout is one atomic append over the cart (closed), the stock of every
 * line (held for the order) and the new order (placed): all or nothing. Checkouts of the same SKUs
 * through this service wait for each other on striped locks instead of conflicting; across
 * processes (which do not share the locks), conflicts re-decide on fresh state (up to {@link
 * #CHECKOUT_ATTEMPTS} times), so contention never becomes a refusal while stock is available.
 */
public final class Carts {
  /**
   * The largest order total a checkout accepts (in the tenant's currency): every order the API
   * takes then fits the analytics database's {@code DECIMAL(18,4)} money columns (and any line,
   * at most {@link Cart#MAX_LINE_QUANTITY} units of a product priced below 10^8, fits as well).
   */
  public static final BigDecimal MAX_ORDER_TOTAL = new BigDecimal("99999999999999");

  /** Attempts of one checkout transaction under cross-process contention. */
  public static final int CHECKOUT_ATTEMPTS = 20;

  private final Categories c;
  private final StripedLocks stockLocks = new StripedLocks(1024);
  private final Ids ids;
  private final PaymentTokens tokens;

  /** Carts sealing payment tokens with {@link PaymentTokens#ephemeral()} (one process seals and opens). */
  public Carts(Categories categories, Ids ids) {
    this(categories, ids, PaymentTokens.ephemeral());
  }

  /** Carts sealing payment tokens with {@code tokens}, which the payment service must share. */
  public Carts(Categories categories, Ids ids, PaymentTokens tokens) {
    this.c = categories;
    this.ids = ids;
    this.tokens = java.util.Objects.requireNonNull(tokens, "tokens");
  }

  /** One line as the API shows it. */
  public record LineView(String sku, String name, int quantity, BigDecimal unitPrice, BigDecimal lineTotal) {}

  /** A cart as the API shows it. */
  public record CartView(String cartId, String status, List<LineView> lines, BigDecimal subtotal, String currency, String orderId) {}

  public String create(String tenant) {
    return create(tenant, ids.next(), EventMetadata.EMPTY);
  }

  /**
   * Creates the cart {@code cartId} (e.g. derived from an {@code Idempotency-Key}); creating an
   * existing cart writes nothing and returns its id.
   */
  public String create(String tenant, String cartId, EventMetadata metadata) {
    Ids.existing("cart", cartId);
    c.carts().decider(tenant, cartId).withMetadata(metadata).withLoadMode(LoadMode.OPTIMISTIC).transact(s -> Cart.create(s, cartId));
    return cartId;
  }

  public CartView addItem(TenantContext t, String cartId, String sku, long quantity) {
    return addItem(t, cartId, sku, quantity, EventMetadata.EMPTY);
  }

  /** {@link #addItem(TenantContext, String, String, long)} writing {@code metadata} on its events. */
  public CartView addItem(TenantContext t, String cartId, String sku, long quantity, EventMetadata metadata) {
    int units = quantity(quantity, 1);
    // the cart first: an id the tenant does not have is a 404, whatever else the request holds
    Decider<Cart.State, Cart.Event> cart = existingCart(t.tenantId(), cartId).withMetadata(metadata);
    Product.State product = StreamName.isValidId(sku) ? c.products().decider(t.tenantId(), sku).query(Function.identity()) : Product.State.INITIAL;
    if (!product.exists() || !product.active()) {
      throw new InvalidInputException("sku", "'" + sku + "' is not a product on sale; check GET /products");
    }
    return view(t, cart.transact(s -> Cart.add(s, cartId, sku, product.name(), product.price(), units)).state());
  }

  public CartView setQuantity(TenantContext t, String cartId, String sku, long quantity) {
    return setQuantity(t, cartId, sku, quantity, EventMetadata.EMPTY);
  }

  /** {@link #setQuantity(TenantContext, String, String, long)} writing {@code metadata} on its event. */
  public CartView setQuantity(TenantContext t, String cartId, String sku, long quantity, EventMetadata metadata) {
    int units = quantity(quantity, 0);
    return view(t, existingCart(t.tenantId(), cartId).withMetadata(metadata).transact(s -> Cart.setQuantity(s, cartId, sku, units)).state());
  }

  public CartView removeItem(TenantContext t, String cartId, String sku) {
    return removeItem(t, cartId, sku, EventMetadata.EMPTY);
  }

  /** {@link #removeItem(TenantContext, String, String)} writing {@code metadata} on its event. */
  public CartView removeItem(TenantContext t, String cartId, String sku, EventMetadata metadata) {
    return view(t, existingCart(t.tenantId(), cartId).withMetadata(metadata).transact(s -> Cart.remove(s, cartId, sku)).state());
  }

  /**
   * Brings every line to its product's current catalog price. Lines whose product is no longer on
   * sale keep their price (checkout refuses them with {@code product_unavailable}).
   */
  public CartView reprice(TenantContext t, String cartId, EventMetadata metadata) {
    Decider<Cart.State, Cart.Event> cart = existingCart(t.tenantId(), cartId).withMetadata(metadata);
    return view(t, cart.transact(s -> {
      Map<String, Money> prices = new HashMap<>();
      for (String sku : s.lines().keySet()) {
        Product.State product = c.products().decider(t.tenantId(), sku).query(Function.identity());
        if (product.exists() && product.active()) {
          prices.put(sku, product.price());
        }
      }
      return Cart.reprice(s, cartId, prices);
    }).state());
  }

  public CartView get(TenantContext t, String cartId) {
    // a read answers as fresh as the store (other processes' writes included): LATEST
    return view(t, existingCart(t.tenantId(), cartId).withLoadMode(LoadMode.LATEST).query(Function.identity()));
  }

  /**
   * Places an order from the cart, idempotent by {@code idempotencyKey}: the same key and request
   * give the same order id; the same key with another request, a closed cart, an unpublished product
   * or missing stock are refused and nothing is written.
   */
  public String checkout(TenantContext t, String cartId, String idempotencyKey, CheckoutRequest request, EventMetadata metadata) {
    if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 200) {
      throw new InvalidInputException("Idempotency-Key", "header is required on checkout (1-200 characters)");
    }
    String tenant = t.tenantId();
    Decider<Cart.State, Cart.Event> cart = existingCart(tenant, cartId);
    // only to choose the locks: a stale list costs a conflict and a re-decision, never a wrong order
    List<String> skus = cart.withLoadMode(LoadMode.ANY_CACHED).query(s -> List.copyOf(s.lines().keySet()));
    String orderId = ids.next();
    String fingerprint = request.fingerprint();
    try (StripedLocks.Held held = stockLocks.lockAll(skus.stream().map(sku -> tenant + "/" + sku).toList())) {
      return MultiStreamDecider.on(c.store()).withLoadMode(LoadMode.OPTIMISTIC).withMetadata(metadata.withCorrelation(orderId)).withMaxAttempts(CHECKOUT_ATTEMPTS).transact(tx -> {
        Cart.State cartState = tx.state(cart);
        return switch (Cart.checkout(cartState, cartId, orderId, idempotencyKey, fingerprint)) {
          case Cart.CheckoutDecision.AlreadyPlaced placed -> placed.orderId();
          case Cart.CheckoutDecision.Place place -> {
            for (OrderLine line : place.lines()) {
              Product.State product = tx.state(c.products().decider(tenant, line.sku()));
              if (!product.active()) {
                throw new RuleViolationException("product_unavailable", "product " + line.sku() + " is no longer on sale; remove it from the cart");
              }
              var stock = c.stock().decider(tenant, line.sku());
              tx.append(stock, Stock.reserve(tx.state(stock), line.sku(), orderId, line.quantity()));
            }
            var order = c.orders().decider(tenant, orderId);
            Totals totals = Totals.of(place.lines(), t.policy().taxRate(), t.currency());
            if (totals.total().amount().compareTo(MAX_ORDER_TOTAL) > 0) {
              throw new RuleViolationException("order_too_large", "the order's total " + totals.total() + " is above the largest accepted, "
                  + MAX_ORDER_TOTAL.toPlainString() + " " + t.currency() + "; split it into several orders");
            }
            Order.Placed placed = new Order.Placed(orderId, cartId, request.customer(), request.shippingAddress(), place.lines(), totals,
                tokens.seal(tenant, orderId, request.paymentToken()));
            tx.append(order, Order.place(tx.state(order), placed));
            tx.append(cart, List.of(place.event()));
            yield orderId;
          }
        };
      });
    }
  }

  /**
   * The cart's decider for a write, after checking that the cart exists. A cart, once created,
   * exists forever, so a cached state that shows it is as good as a read; only a miss or an
   * absent cart reads the store. Writes decide {@link LoadMode#OPTIMISTIC optimistically}: the
   * append verifies the cached state, and a no-op or refusal is re-checked on the current one.
   */
  private Decider<Cart.State, Cart.Event> existingCart(String tenant, String cartId) {
    Ids.existing("cart", cartId);
    Decider<Cart.State, Cart.Event> cart = c.carts().decider(tenant, cartId).withLoadMode(LoadMode.OPTIMISTIC);
    if (!cart.withLoadMode(LoadMode.ANY_CACHED).query(Cart.State::exists) && !cart.query(Cart.State::exists)) {
      throw new NotFoundException("cart", cartId);
    }
    return cart;
  }

  private static int quantity(long quantity, int min) {
    if (quantity < min || quantity > Cart.MAX_LINE_QUANTITY) {
      throw new InvalidInputException("quantity", "must be a whole number from " + min + " to " + Cart.MAX_LINE_QUANTITY);
    }
    return (int) quantity;
  }

  private static CartView view(TenantContext t, Cart.State s) {
    Money subtotal = Money.zero(t.currency());
    List<LineView> lines = new ArrayList<>();
    for (OrderLine l : s.lines().values()) {
      lines.add(new LineView(l.sku(), l.name(), l.quantity(), l.unitPrice().amount(), l.total().amount()));
      subtotal = subtotal.plus(l.total());
    }
    return new CartView(s.cartId(), s.open() ? "open" : "checked_out", lines, subtotal.amount(), t.currency(),
        s.checkout() == null ? null : s.checkout().orderId());
  }
}
