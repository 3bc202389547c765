package io.solstice.commerce.order;

import io.solstice.commerce.payment.PaymentMethod;
import io.solstice.commerce.shared.Address;
import io.solstice.commerce.shared.Customer;
import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.shared.Money;
import io.solstice.commerce.shared.OrderLine;
import io.solstice.commerce.shared.RuleViolationException;
import io.solstice.core.StreamName;
import java.util.ArrayList;
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

  /** The money of an order, fixed at checkout. */
  public record Totals(Money subtotal, Money tax, Money total) {
    public static Totals of(List<OrderLine> lines, java.math.BigDecimal taxRate, String currency) {
      Money subtotal = Money.zero(currency);
      for (OrderLine line : lines) {
        subtotal = subtotal.plus(line.total());
      }
      Money tax = subtotal.times(taxRate);
      return new Totals(subtotal, tax, subtotal.plus(tax));
    }
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

  /** The folded state of an order. {@code placed == null} until the order exists. */
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

    /** Units of {@code sku} still to ship. */
    public int unshipped(String sku) {
      int ordered = placed.lines().stream().filter(l -> l.sku().equals(sku)).mapToInt(OrderLine::quantity).sum();
      return ordered - shipped.getOrDefault(sku, 0);
    }

    public boolean fullyShipped() {
      return placed.lines().stream().allMatch(l -> unshipped(l.sku()) <= 0);
    }

    public boolean anyShipped() {
      return !shipments.isEmpty();
    }

    public boolean allShipmentsDelivered() {
      return !shipments.isEmpty() && shipments.values().stream().allMatch(Boolean::booleanValue);
    }

    State with(OrderStatus newStatus) {
      return new State(placed, newStatus, fraudCleared, authorizationId, captured, shipped, shipments, closedReason);
    }
  }

  public static State evolve(State s, Event e) {
    return switch (e) {
      case Placed p -> new State(p, OrderStatus.PLACED, false, null, false, Map.of(), Map.of(), null);
      case FraudAccepted f -> new State(s.placed(), s.status(), true, s.authorizationId(), s.captured(), s.shipped(), s.shipments(), null);
      case ReviewRequired r -> s.with(OrderStatus.UNDER_REVIEW);
      case ReviewApproved r -> new State(s.placed(), OrderStatus.PLACED, true, s.authorizationId(), s.captured(), s.shipped(), s.shipments(), null);
      case Rejected r -> new State(s.placed(), OrderStatus.REJECTED, false, s.authorizationId(), s.captured(), s.shipped(), s.shipments(), r.reason());
      case PaymentAuthorized a -> new State(s.placed(), s.status(), s.fraudCleared(), a.authorizationId(), s.captured(), s.shipped(), s.shipments(), s.closedReason());
      case PaymentDeclined d -> new State(s.placed(), OrderStatus.PAYMENT_DECLINED, s.fraudCleared(), s.authorizationId(), s.captured(), s.shipped(), s.shipments(), d.reason());
      case Confirmed c -> s.with(OrderStatus.CONFIRMED);
      case Released r -> s.with(OrderStatus.RELEASED);
      case ShipmentAdded a -> {
        Map<String, Integer> shipped = new LinkedHashMap<>(s.shipped());
        a.lines().forEach((sku, units) -> shipped.merge(sku, units, Integer::sum));
        Map<String, Boolean> shipments = new LinkedHashMap<>(s.shipments());
        shipments.put(a.shipmentId(), false);
        yield new State(s.placed(), s.status(), s.fraudCleared(), s.authorizationId(), s.captured(), Map.copyOf(shipped), shipments, s.closedReason());
      }
      case Shipped sh -> s.with(OrderStatus.SHIPPED);
      case ShipmentDelivered d -> {
        Map<String, Boolean> shipments = new LinkedHashMap<>(s.shipments());
        shipments.put(d.shipmentId(), true);
        yield new State(s.placed(), s.status(), s.fraudCleared(), s.authorizationId(), s.captured(), s.shipped(), shipments, s.closedReason());
      }
      case Delivered d -> s.with(OrderStatus.DELIVERED);
      case PaymentCaptured c -> new State(s.placed(), s.status(), s.fraudCleared(), s.authorizationId(), true, s.shipped(), s.shipments(), s.closedReason());
      case Completed c -> s.with(OrderStatus.COMPLETED);
      case Cancelled c -> new State(s.placed(), OrderStatus.CANCELLED, s.fraudCleared(), s.authorizationId(), s.captured(), s.shipped(), s.shipments(), c.reason());
    };
  }

  // ---- decisions -------------------------------------------------------------------------------

  /** Places the order (part of the checkout's atomic append). */
  public static List<Event> place(State s, Placed placed) {
    return s.exists() ? List.of() : List.of(placed);
  }

  /** The fraud check's verdict. */
  public enum FraudVerdict { ACCEPT, REVIEW, REJECT }

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
    if (s.shipments().containsKey(shipmentId)) {
      return List.of();
    }
    if (s.status() != OrderStatus.RELEASED) {
      throw new RuleViolationException("not_released", "order " + orderId + " is " + s.status().wireName()
          + "; only orders released to the warehouse can ship");
    }
    if (lines.isEmpty()) {
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
}
