package io.solstice.commerce.cart;

import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.shared.Money;
import io.solstice.commerce.shared.NotFoundException;
import io.solstice.commerce.shared.OrderLine;
import io.solstice.commerce.shared.RuleViolationException;
import io.solstice.core.StreamName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A shopper's cart, one stream per cart ({@code tenant:Cart-ID}). Lines are priced from the
 * catalog when added and repriced on demand; a checkout closes the cart for good and records the
 * order it placed together with the idempotency key and a fingerprint of the checkout request, so
 * the same key and body give the same order and the same key with another body is refused.
 */
public final class Cart {
  private Cart() {}

  public static final String CATEGORY = "Cart";

  /** Largest quantity of one line. */
  public static final int MAX_LINE_QUANTITY = 1_000_000;

  /** Most distinct lines in one cart. */
  public static final int MAX_LINES = 200;

  public static StreamName stream(String tenant, String cartId) {
    return StreamName.of(tenant, CATEGORY, cartId);
  }

  /** The events of a cart. */
  public sealed interface Event permits Created, ItemAdded, QuantityChanged, ItemRemoved, ItemRepriced, CheckedOut {}

  public record Created(String cartId) implements Event {}

  public record ItemAdded(String sku, String name, int quantity, Money unitPrice) implements Event {}

  public record QuantityChanged(String sku, int quantity) implements Event {}

  public record ItemRemoved(String sku) implements Event {}

  public record ItemRepriced(String sku, Money unitPrice) implements Event {}

  /**
   * The cart became an order.
   *
   * @param idempotencyKey the checkout's {@code Idempotency-Key}
   * @param requestFingerprint a hash of the checkout request body, to tell a replay from a different request
   */
  public record CheckedOut(String orderId, String idempotencyKey, String requestFingerprint) implements Event {}

  /**
   * The folded state; {@code cartId == null} until created. Lines keep insertion order; the map is
   * unmodifiable, since states are shared through the cache.
   */
  public record State(String cartId, Map<String, OrderLine> lines, CheckedOut checkout) {
    public static final State INITIAL = new State(null, Map.of(), null);

    public boolean exists() {
      return cartId != null;
    }

    public boolean open() {
      return exists() && checkout == null;
    }

    public List<OrderLine> lineList() {
      return List.copyOf(lines.values());
    }
  }

  public static State evolve(State s, Event e) {
    return switch (e) {
      case Created c -> new State(c.cartId(), Map.of(), null);
      case ItemAdded a -> {
        OrderLine old = s.lines().get(a.sku());
        int quantity = old == null ? a.quantity() : old.quantity() + a.quantity();
        yield withLine(s, a.sku(), new OrderLine(a.sku(), a.name(), quantity, a.unitPrice()));
      }
      case QuantityChanged q -> {
        OrderLine old = s.lines().get(q.sku());
        yield withLine(s, q.sku(), new OrderLine(q.sku(), old.name(), q.quantity(), old.unitPrice()));
      }
      case ItemRemoved r -> {
        Map<String, OrderLine> lines = new LinkedHashMap<>(s.lines());
        lines.remove(r.sku());
        yield new State(s.cartId(), Collections.unmodifiableMap(lines), s.checkout());
      }
      case ItemRepriced p -> {
        OrderLine old = s.lines().get(p.sku());
        yield withLine(s, p.sku(), new OrderLine(p.sku(), old.name(), old.quantity(), p.unitPrice()));
      }
      case CheckedOut c -> new State(s.cartId(), s.lines(), c);
    };
  }

  private static State withLine(State s, String sku, OrderLine line) {
    Map<String, OrderLine> lines = new LinkedHashMap<>(s.lines());
    lines.put(sku, line);
    return new State(s.cartId(), Collections.unmodifiableMap(lines), s.checkout());
  }

  public static List<Event> create(State s, String cartId) {
    return s.exists() ? List.of() : List.of(new Created(cartId));
  }

  /**
   * Adds units of a product at its current catalog price (or more units to an existing line; the
   * line then takes the current price).
   */
  public static List<Event> add(State s, String cartId, String sku, String name, Money unitPrice, int quantity) {
    requireOpen(s, cartId);
    OrderLine old = s.lines().get(sku);
    long total = (long) quantity + (old == null ? 0 : old.quantity());
    if (quantity <= 0 || total > MAX_LINE_QUANTITY) {
      throw new InvalidInputException("quantity", "must be a whole number from 1 to " + MAX_LINE_QUANTITY + " per line"
          + (old == null ? "" : " (the cart already holds " + old.quantity() + ")"));
    }
    if (old == null && s.lines().size() >= MAX_LINES) {
      throw new RuleViolationException("cart_full", "a cart holds at most " + MAX_LINES + " distinct products");
    }
    List<Event> events = new ArrayList<>(2);
    if (old != null && old.unitPrice().compareTo(unitPrice) != 0) {
      events.add(new ItemRepriced(sku, unitPrice));
    }
    events.add(new ItemAdded(sku, name, quantity, unitPrice));
    return events;
  }

  /**
   * Sets a line's quantity; 0 removes the line, and removing a line that is not there writes
   * nothing (so a repeated request succeeds, as {@link #remove} does). Any other quantity of a
   * line that is not there is not found: the line has no price to keep.
   */
  public static List<Event> setQuantity(State s, String cartId, String sku, int quantity) {
    requireOpen(s, cartId);
    if (quantity < 0 || quantity > MAX_LINE_QUANTITY) {
      throw new InvalidInputException("quantity", "must be a whole number from 0 to " + MAX_LINE_QUANTITY);
    }
    OrderLine old = s.lines().get(sku);
    if (quantity == 0) {
      return old == null ? List.of() : List.of(new ItemRemoved(sku));
    }
    if (old == null) {
      throw new NotFoundException("cart line", sku);
    }
    return old.quantity() == quantity ? List.of() : List.of(new QuantityChanged(sku, quantity));
  }

  /** Removes a line; nothing to do when it is not there. */
  public static List<Event> remove(State s, String cartId, String sku) {
    requireOpen(s, cartId);
    return s.lines().containsKey(sku) ? List.of(new ItemRemoved(sku)) : List.of();
  }

  /** Brings each line to the catalog's current price ({@code prices}: sku → price; absent skus keep theirs). */
  public static List<Event> reprice(State s, String cartId, Map<String, Money> prices) {
    requireOpen(s, cartId);
    List<Event> events = new ArrayList<>();
    for (OrderLine line : s.lines().values()) {
      Money current = prices.get(line.sku());
      if (current != null && current.compareTo(line.unitPrice()) != 0) {
        events.add(new ItemRepriced(line.sku(), current));
      }
    }
    return events;
  }

  /** The outcome of deciding a checkout against the cart. */
  public sealed interface CheckoutDecision {
    /** The same key and body were checked out before: answer with the same order. */
    record AlreadyPlaced(String orderId) implements CheckoutDecision {}

    /** Place a new order with these lines; append {@code event} to the cart. */
    record Place(List<OrderLine> lines, CheckedOut event) implements CheckoutDecision {}
  }

  /** Decides a checkout: replay, refusal, or a new order with the cart's lines. */
  public static CheckoutDecision checkout(State s, String cartId, String newOrderId, String idempotencyKey, String fingerprint) {
    if (!s.exists()) {
      throw new NotFoundException("cart", cartId);
    }
    if (s.checkout() != null) {
      CheckedOut done = s.checkout();
      if (Objects.equals(done.idempotencyKey(), idempotencyKey)) {
        if (Objects.equals(done.requestFingerprint(), fingerprint)) {
          return new CheckoutDecision.AlreadyPlaced(done.orderId());
        }
        throw new RuleViolationException("idempotency_key_reused",
            "Idempotency-Key '" + idempotencyKey + "' was already used for cart " + cartId + " with a different request body");
      }
      throw new RuleViolationException("cart_checked_out", "cart " + cartId + " is already checked out as order " + done.orderId());
    }
    if (s.lines().isEmpty()) {
      throw new RuleViolationException("cart_empty", "cart " + cartId + " is empty; add items before checking out");
    }
    return new CheckoutDecision.Place(s.lineList(), new CheckedOut(newOrderId, idempotencyKey, fingerprint));
  }

  private static void requireOpen(State s, String cartId) {
    if (!s.exists()) {
      throw new NotFoundException("cart", cartId);
    }
    if (s.checkout() != null) {
      throw new RuleViolationException("cart_checked_out", "cart " + s.cartId() + " is already checked out as order " + s.checkout().orderId());
    }
  }
}
