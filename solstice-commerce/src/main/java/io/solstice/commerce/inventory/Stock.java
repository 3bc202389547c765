package io.solstice.commerce.inventory;

import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.shared.RuleViolationException;
import io.solstice.core.StreamName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stock of one SKU at the tenant's warehouse, one stream per SKU ({@code tenant:Stock-SKU}).
 *
 * <p>{@code onHand} is what is physically there; a reservation holds units for a live order from
 * checkout until the order is released to the warehouse (then it becomes an allocation), cancelled,
 * rejected or declined (then it is given back). Reservations never expire while their order is
 * live. {@code available = onHand - reserved - allocated} never goes below zero: stock is never
 * oversold. Every decision is idempotent per order: reserving, releasing or allocating twice for
 * the same order writes once.
 */
public final class Stock {
  private Stock() {}

  public static final String CATEGORY = "Stock";

  /** Largest absolute adjustment in one request. */
  public static final long MAX_ADJUSTMENT = 10_000_000;

  public static StreamName stream(String tenant, String sku) {
    return StreamName.of(tenant, CATEGORY, sku);
  }

  /** The events of a stock record. */
  public sealed interface Event permits Adjusted, Reserved, ReservationReleased, Allocated, Shipped {}

  /** Units counted in or out (a delivery from a supplier, a stock take, damage). */
  public record Adjusted(long quantity, String reason) implements Event {}

  /** Units held for an order at checkout. */
  public record Reserved(String orderId, int quantity) implements Event {}

  /** An order's reservation or allocation given back (cancelled, rejected, declined). */
  public record ReservationReleased(String orderId, int quantity, String reason) implements Event {}

  /** An order's reservation turned into an allocation when the order was released to the warehouse. */
  public record Allocated(String orderId, int quantity) implements Event {}

  /** Allocated units left the warehouse in a shipment. */
  public record Shipped(String orderId, String shipmentId, int quantity) implements Event {}

  /**
   * The folded state. The unit totals are kept with the maps (a stock stream's maps hold every live
   * order of the SKU, so summing them per decision would grow with the number of open orders).
   *
   * @param onHand units physically in the warehouse
   * @param reservations order id → units reserved
   * @param allocations order id → units allocated and not yet shipped
   * @param reserved the sum of {@code reservations}
   * @param allocated the sum of {@code allocations}
   */
  public record State(long onHand, Map<String, Integer> reservations, Map<String, Integer> allocations, long reserved, long allocated) {
    public static final State INITIAL = new State(0, Map.of(), Map.of());

    /** A state with the totals summed from the maps. */
    public State(long onHand, Map<String, Integer> reservations, Map<String, Integer> allocations) {
      this(onHand, reservations, allocations, sum(reservations), sum(allocations));
    }

    private static long sum(Map<String, Integer> units) {
      return units.values().stream().mapToLong(Integer::longValue).sum();
    }

    public long available() {
      return onHand - reserved() - allocated();
    }
  }

  public static State evolve(State s, Event e) {
    return switch (e) {
      case Adjusted a -> new State(s.onHand() + a.quantity(), s.reservations(), s.allocations(), s.reserved(), s.allocated());
      case Reserved r -> new State(s.onHand(), put(s.reservations(), r.orderId(), r.quantity()), s.allocations(),
          s.reserved() - s.reservations().getOrDefault(r.orderId(), 0) + r.quantity(), s.allocated());
      case ReservationReleased r -> new State(s.onHand(), remove(s.reservations(), r.orderId()), remove(s.allocations(), r.orderId()),
          s.reserved() - s.reservations().getOrDefault(r.orderId(), 0), s.allocated() - s.allocations().getOrDefault(r.orderId(), 0));
      case Allocated a -> new State(s.onHand(), remove(s.reservations(), a.orderId()), put(s.allocations(), a.orderId(), a.quantity()),
          s.reserved() - s.reservations().getOrDefault(a.orderId(), 0),
          s.allocated() - s.allocations().getOrDefault(a.orderId(), 0) + a.quantity());
      case Shipped sh -> {
        int before = s.allocations().getOrDefault(sh.orderId(), 0);
        int left = before - sh.quantity();
        Map<String, Integer> allocations = left > 0 ? put(s.allocations(), sh.orderId(), left) : remove(s.allocations(), sh.orderId());
        yield new State(s.onHand() - sh.quantity(), s.reservations(), allocations, s.reserved(), s.allocated() - before + Math.max(left, 0));
      }
    };
  }

  /** Counts units in (positive) or out (negative). Refused when it would leave less on hand than is held for orders. */
  public static List<Event> adjust(State s, String sku, long quantity, String reason) {
    if (quantity == 0 || Math.abs(quantity) > MAX_ADJUSTMENT) {
      throw new InvalidInputException("quantity", "must be a non-zero whole number between -" + MAX_ADJUSTMENT + " and " + MAX_ADJUSTMENT);
    }
    if (s.available() + quantity < 0) {
      throw new RuleViolationException("insufficient_stock",
          "cannot remove " + (-quantity) + " units of " + sku + ": only " + s.available() + " are available ("
              + s.onHand() + " on hand, " + (s.reserved() + s.allocated()) + " held for orders)");
    }
    return List.of(new Adjusted(quantity, reason == null ? "adjustment" : reason));
  }

  /** Holds units for an order. Refused with {@code insufficient_stock} when fewer are available. */
  public static List<Event> reserve(State s, String sku, String orderId, int quantity) {
    if (s.reservations().containsKey(orderId) || s.allocations().containsKey(orderId)) {
      return List.of();
    }
    if (s.available() < quantity) {
      throw new RuleViolationException("insufficient_stock",
          "only " + Math.max(0, s.available()) + " units of " + sku + " are available, " + quantity + " requested");
    }
    return List.of(new Reserved(orderId, quantity));
  }

  /** Gives an order's reservation (or unshipped allocation) back; nothing to do when it holds none. */
  public static List<Event> release(State s, String orderId, String reason) {
    Integer held = s.reservations().getOrDefault(orderId, s.allocations().get(orderId));
    return held == null ? List.of() : List.of(new ReservationReleased(orderId, held, reason));
  }

  /** Turns an order's reservation into an allocation; nothing to do when already allocated or not reserved. */
  public static List<Event> allocate(State s, String orderId) {
    Integer held = s.reservations().get(orderId);
    return held == null ? List.of() : List.of(new Allocated(orderId, held));
  }

  /**
   * Records allocated units leaving in a shipment. Written atomically with the shipment's own
   * stream (expected empty), which is what makes a repeated shipment request a no-op.
   */
  public static List<Event> ship(State s, String sku, String orderId, String shipmentId, int quantity) {
    int allocated = s.allocations().getOrDefault(orderId, 0);
    if (allocated < quantity) {
      throw new RuleViolationException("not_allocated",
          "order " + orderId + " has " + allocated + " units of " + sku + " allocated, cannot ship " + quantity);
    }
    return List.of(new Shipped(orderId, shipmentId, quantity));
  }

  /** The order an event is about, or null for adjustments. */
  public static String orderIdOf(Event e) {
    return switch (e) {
      case Adjusted a -> null;
      case Reserved r -> r.orderId();
      case ReservationReleased r -> r.orderId();
      case Allocated a -> a.orderId();
      case Shipped sh -> sh.orderId();
    };
  }

  // One copy per change (never modified after it is wrapped): states are shared through the cache.
  private static Map<String, Integer> put(Map<String, Integer> m, String k, int v) {
    Map<String, Integer> copy = new HashMap<>(m);
    copy.put(k, v);
    return java.util.Collections.unmodifiableMap(copy);
  }

  private static Map<String, Integer> remove(Map<String, Integer> m, String k) {
    if (!m.containsKey(k)) {
      return m;
    }
    Map<String, Integer> copy = new HashMap<>(m);
    copy.remove(k);
    return java.util.Collections.unmodifiableMap(copy);
  }
}
