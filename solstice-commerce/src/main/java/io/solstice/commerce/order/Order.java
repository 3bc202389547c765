package io.solstice.commerce.order;

import io.solstice.commerce.payment.PaymentMethod;
import io.solstice.commerce.shared.Address;
import io.solstice.commerce.shared.Customer;
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

/**
 * An order, one stream per order ({@code tenant:Order-ID}): the record the order process manager
 * drives through placed → fraud check → payment → confirmed → released → shipped → delivered →
 * completed, or to rejected, payment declined or cancelled.
 *
 * <p>Outcomes of other services (fraud score, payment, shipments) live in their own streams and
 * are recorded here by the {@code order} service; every decision below is idempotent, so a
 * re-delivered input writes nothing. Lines carry per-line shipped quantities, so an order can ship
 * in several parts; it is {@code shipped} once every unit has left.
 */
public final class Order {
  private Order() {}

  public static final String CATEGORY = "Order";

  public static StreamName stream(String tenant, String orderId) {
    return StreamName.of(tenant, CATEGORY, orderId);
  }

  /** The events of an order; record names are the storage contract. */
  public sealed interface Event
      permits Placed, FraudAccepted, ReviewRequired, ReviewApproved, Rejected, PaymentAuthorized, PaymentDeclined,
          Confirmed, Released, ShipmentAdded, Shipped, ShipmentDelivered, Delivered, PaymentCaptured, Completed,
          Cancelled {}

  /** The order was placed; {@code payment} holds the payment token sealed, never in clear (see {@code PaymentTokens}). */
  public record Placed(String orderId, String cartId, Customer customer, Address shippingAddress, List<OrderLine> lines,
      Totals totals, PaymentMethod payment) implements Event {}

  public record FraudAccepted(int score) implements Event {}

  public record ReviewRequired(int score, String reason) implements Event {}

  public record ReviewApproved() implements Event {}

  /** Refused by the fraud check or by a reviewer. */
  public record Rejected(String reason) implements Event {}

  public record PaymentAuthorized(String authorizationId, Money amount) implements Event {}

  public record PaymentDeclined(String reason) implements Event {}

  public record Confirmed() implements Event {}

  /** Handed to the warehouse: stock allocated, ready to ship. */
  public record Released() implements Event {}

  /** Some or all units left the warehouse in a shipment. {@code lines}: sku → units. */
  public record ShipmentAdded(String shipmentId, Map<String, Integer> lines, String tracking) implements Event {}

  /** Every unit has shipped. */
  public record Shipped() implements Event {}

  public record ShipmentDelivered(String shipmentId) implements Event {}

  /** Every shipment has been delivered. */
  public record Delivered() implements Event {}

  public record PaymentCaptured(String captureId, Money amount) implements Event {}

  public record Completed() implements Event {}

  public record Cancelled(String reason) implements Event {}

  /**
   * The folded state of an order: {@link #INITIAL} (no {@code placed}, no {@code status}) until it
   * is placed. The maps are unmodifiable, since states are shared through the cache.
   *
   * @param placed the order as placed, or null when it does not exist
   * @param status where the order is, or null when it does not exist
   * @param fraudCleared the fraud check accepted it, or a reviewer approved it
   * @param authorizationId the payment's authorization, once recorded
   * @param captured the payment was captured
   * @param shipped sku → units shipped so far
   * @param shipments shipment id → delivered, in the order the shipments were added
   * @param closedReason why the order was rejected, declined or cancelled, or null
   */
  public record State(
      Placed placed,
      OrderStatus status,
      boolean fraudCleared,
      String authorizationId,
      boolean captured,
      Map<String, Integer> shipped,
      Map<String, Boolean> shipments,
      String closedReason) {

    public static final State INITIAL = new State(null, null, false, null, false, Map.of(), Map.of(), null);

    public boolean exists() {
      return placed != null;
    }

    /** Units of {@code sku} still to ship (0 for a SKU the order does not hold, or a missing order). */
    public int unshipped(String sku) {
      if (!exists()) {
        return 0;
      }
      int ordered = placed.lines().stream().filter(l -> l.sku().equals(sku)).mapToInt(OrderLine::quantity).sum();
      return ordered - shipped.getOrDefault(sku, 0);
    }

    public boolean fullyShipped() {
      return exists() && placed.lines().stream().allMatch(l -> unshipped(l.sku()) <= 0);
    }

    public boolean anyShipped() {
      return !shipments.isEmpty();
    }

    public boolean allShipmentsDelivered() {
      return !shipments.isEmpty() && shipments.values().stream().allMatch(Boolean::booleanValue);
    }

    State withStatus(OrderStatus next) {
      return new State(placed, next, fraudCleared, authorizationId, captured, shipped, shipments, closedReason);
    }

    State withFraudCleared(boolean cleared) {
      return new State(placed, status, cleared, authorizationId, captured, shipped, shipments, closedReason);
    }

    State withAuthorization(String id) {
      return new State(placed, status, fraudCleared, id, captured, shipped, shipments, closedReason);
    }

    State withCaptured() {
      return new State(placed, status, fraudCleared, authorizationId, true, shipped, shipments, closedReason);
    }

    /** Ended in {@code terminal} status, for {@code reason}. */
    State closed(OrderStatus terminal, String reason) {
      return new State(placed, terminal, fraudCleared, authorizationId, captured, shipped, shipments, reason);
    }

    State withShipment(String shipmentId, Map<String, Integer> units) {
      Map<String, Integer> nowShipped = new LinkedHashMap<>(shipped);
      units.forEach((sku, n) -> nowShipped.merge(sku, n, Integer::sum));
      return withShipments(nowShipped, put(shipments, shipmentId, false));
    }

    State withDelivery(String shipmentId) {
      return withShipments(shipped, put(shipments, shipmentId, true));
    }

    private State withShipments(Map<String, Integer> nowShipped, Map<String, Boolean> nowShipments) {
      return new State(placed, status, fraudCleared, authorizationId, captured, Collections.unmodifiableMap(nowShipped),
          nowShipments, closedReason);
    }

    private static Map<String, Boolean> put(Map<String, Boolean> m, String key, boolean value) {
      Map<String, Boolean> copy = new LinkedHashMap<>(m);
      copy.put(key, value);
      return Collections.unmodifiableMap(copy);
    }
  }

  public static State evolve(State s, Event e) {
    return switch (e) {
      case Placed p -> new State(p, OrderStatus.PLACED, false, null, false, Map.of(), Map.of(), null);
      case FraudAccepted f -> s.withFraudCleared(true);
      case ReviewRequired r -> s.withStatus(OrderStatus.UNDER_REVIEW);
      case ReviewApproved r -> s.withFraudCleared(true).withStatus(OrderStatus.PLACED);
      case Rejected r -> s.withFraudCleared(false).closed(OrderStatus.REJECTED, r.reason());
      case PaymentAuthorized a -> s.withAuthorization(a.authorizationId());
      case PaymentDeclined d -> s.closed(OrderStatus.PAYMENT_DECLINED, d.reason());
      case Confirmed c -> s.withStatus(OrderStatus.CONFIRMED);
      case Released r -> s.withStatus(OrderStatus.RELEASED);
      case ShipmentAdded a -> s.withShipment(a.shipmentId(), a.lines());
      case Shipped sh -> s.withStatus(OrderStatus.SHIPPED);
      case ShipmentDelivered d -> s.withDelivery(d.shipmentId());
      case Delivered d -> s.withStatus(OrderStatus.DELIVERED);
      case PaymentCaptured c -> s.withCaptured();
      case Completed c -> s.withStatus(OrderStatus.COMPLETED);
      case Cancelled c -> s.closed(OrderStatus.CANCELLED, c.reason());
    };
  }

  // ---- decisions -------------------------------------------------------------------------------

  /** Places the order (part of the checkout's atomic append). */
  public static List<Event> place(State s, Placed placed) {
    return s.exists() ? List.of() : List.of(placed);
  }

  /** Records the fraud check's verdict; nothing when the order is no longer waiting for one. */
  public static List<Event> recordFraudCheck(State s, FraudVerdict verdict, int score, String reason) {
    if (!s.exists() || s.status() != OrderStatus.PLACED || s.fraudCleared()) {
      return List.of();
    }
    return switch (verdict) {
      case ACCEPT -> List.of(new FraudAccepted(score));
      case REVIEW -> List.of(new ReviewRequired(score, reason));
      case REJECT -> List.of(new Rejected("fraud check: " + reason));
    };
  }

  /** A reviewer's decision on an order under review. Repeating the decision already taken writes nothing. */
  public static List<Event> review(State s, String orderId, boolean approve) {
    requireExists(s, orderId);
    if (approve && s.fraudCleared() && s.status() != OrderStatus.UNDER_REVIEW) {
      return List.of();
    }
    if (!approve && s.status() == OrderStatus.REJECTED) {
      return List.of();
    }
    if (s.status() != OrderStatus.UNDER_REVIEW) {
      throw new RuleViolationException("not_under_review", "order " + orderId + " is " + s.status().wireName() + ", not under_review");
    }
    return approve ? List.of(new ReviewApproved()) : List.of(new Rejected("rejected in review"));
  }

  /** A successful authorization confirms a live order whose fraud check cleared. */
  public static List<Event> recordAuthorization(State s, String authorizationId, Money amount) {
    if (!s.exists() || s.authorizationId() != null) {
      return List.of();
    }
    if (s.status() == OrderStatus.PLACED && s.fraudCleared()) {
      return List.of(new PaymentAuthorized(authorizationId, amount), new Confirmed());
    }
    // Authorized after the order closed (e.g. cancelled meanwhile): record it so it gets voided.
    return s.status().terminal() ? List.of(new PaymentAuthorized(authorizationId, amount)) : List.of();
  }

  public static List<Event> recordDecline(State s, String reason) {
    if (!s.exists() || s.status() != OrderStatus.PLACED || !s.fraudCleared() || s.authorizationId() != null) {
      return List.of();
    }
    return List.of(new PaymentDeclined(reason));
  }

  /** Hands a confirmed order to the warehouse. */
  public static List<Event> release(State s) {
    return s.exists() && s.status() == OrderStatus.CONFIRMED ? List.of(new Released()) : List.of();
  }

  /**
   * Records a shipment of some or all units. Refused when the order is not released to the
   * warehouse, or when a line ships more units than remain.
   */
  public static List<Event> addShipment(State s, String orderId, String shipmentId, Map<String, Integer> lines, String tracking) {
    requireExists(s, orderId);
    if (s.shipments().containsKey(shipmentId)) {
      return List.of();
    }
    if (s.status() != OrderStatus.RELEASED) {
      throw new RuleViolationException("not_released", "order " + orderId + " is " + s.status().wireName()
          + "; only orders released to the warehouse can ship");
    }
    if (lines == null || lines.isEmpty()) {
      throw new InvalidInputException("lines", "a shipment needs at least one line");
    }
    Map<String, String> problems = new LinkedHashMap<>();
    lines.forEach((sku, units) -> {
      if (units == null || units <= 0) {
        problems.put("lines." + sku, "quantity must be positive");
      } else if (units > s.unshipped(sku)) {
        problems.put("lines." + sku, "only " + Math.max(0, s.unshipped(sku)) + " units remain to ship");
      }
    });
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    List<Event> events = new ArrayList<>(2);
    ShipmentAdded added = new ShipmentAdded(shipmentId, Map.copyOf(lines), tracking);
    events.add(added);
    if (evolve(s, added).fullyShipped()) {
      events.add(new Shipped());
    }
    return events;
  }

  /** A shipment arrived; the order is delivered once every shipment of a fully shipped order has. */
  public static List<Event> recordDelivery(State s, String shipmentId) {
    Boolean delivered = s.shipments().get(shipmentId);
    if (delivered == null || delivered) {
      return List.of();
    }
    List<Event> events = new ArrayList<>(3);
    ShipmentDelivered arrived = new ShipmentDelivered(shipmentId);
    events.add(arrived);
    State after = evolve(s, arrived);
    if (after.status() == OrderStatus.SHIPPED && after.allShipmentsDelivered()) {
      events.add(new Delivered());
      if (after.captured()) {
        events.add(new Completed());
      }
    }
    return events;
  }

  public static List<Event> recordCapture(State s, String captureId, Money amount) {
    if (!s.exists() || s.captured()) {
      return List.of();
    }
    List<Event> events = new ArrayList<>(2);
    events.add(new PaymentCaptured(captureId, amount));
    if (s.status() == OrderStatus.DELIVERED) {
      events.add(new Completed());
    }
    return events;
  }

  /** Cancels an order that has not shipped any unit. Cancelling a cancelled order writes nothing. */
  public static List<Event> cancel(State s, String orderId, String reason) {
    requireExists(s, orderId);
    if (s.status() == OrderStatus.CANCELLED) {
      return List.of();
    }
    boolean cancellable = switch (s.status()) {
      case PLACED, UNDER_REVIEW, CONFIRMED, RELEASED -> !s.anyShipped();
      case REJECTED, PAYMENT_DECLINED, SHIPPED, DELIVERED, COMPLETED, CANCELLED -> false;
    };
    if (!cancellable) {
      throw new RuleViolationException("not_cancellable", "order " + orderId + " is " + s.status().wireName()
          + (s.anyShipped() ? " and has shipped units" : "") + "; only orders that have not shipped can be cancelled");
    }
    return List.of(new Cancelled(reason == null || reason.isBlank() ? "cancelled by request" : reason));
  }

  /** Commands from the API name an order; one that does not exist is reported as the facade reports it. */
  private static void requireExists(State s, String orderId) {
    if (!s.exists()) {
      throw new NotFoundException("order", orderId);
    }
  }
}
