package io.solstice.commerce.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.solstice.commerce.Categories;
import io.solstice.commerce.fulfillment.Shipment;
import io.solstice.commerce.inventory.Stock;
import io.solstice.commerce.shared.Ids;
import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.shared.NotFoundException;
import io.solstice.commerce.shared.OrderLine;
import io.solstice.core.EventMetadata;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.decider.Decider;
import io.solstice.core.decider.EventIds;
import io.solstice.commerce.shared.RuleViolationException;
import io.solstice.core.codec.Json;
import io.solstice.core.decider.MultiStreamDecider;
import io.solstice.commerce.fraud.FraudCheck;
import io.solstice.commerce.payment.Payment;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Orders as the API reads and changes them: view, full event history across the streams the order
 * caused, cancel, review, shipments and delivery.
 */
public final class Orders {
  private final Categories c;
  private final Ids ids;

  public Orders(Categories categories, Ids ids) {
    this.c = categories;
    this.ids = ids;
  }

  /** One line with its shipped quantity. */
  public record LineView(String sku, String name, int quantity, int shipped, BigDecimal unitPrice, BigDecimal lineTotal) {}

  /** The money of an order. */
  public record TotalsView(BigDecimal subtotal, BigDecimal tax, BigDecimal total, String currency) {}

  /** One step of the order's history. */
  public record HistoryEntry(String event, String status, Instant at) {}

  /** An order as the API shows it. */
  public record OrderView(String orderId, String status, String customerEmail, List<LineView> lines, TotalsView totals,
      List<String> shipments, String reason, List<HistoryEntry> history) {}

  /** One event about an order, from any of its streams. */
  public record EventView(long position, String stream, long version, String type, Instant at, String eventId,
      JsonNode data) {}

  /** The most events one read of the API takes from a stream (or a correlation); an order's own streams stay far below it. */
  public static final int MAX_EVENTS_PER_READ = 1000;

  /** The most shipments one order can have (its stream, and every read of it, stay bounded). */
  public static final int MAX_SHIPMENTS = 500;

  /**
   * Decisions of one command on an order (cancel, review, shipment, delivery) before it gives up on
   * conflicts. The order's own reactions (fraud, payment, fulfillment) write its stream several
   * times in quick succession while it is confirmed, and a command racing them re-decides on each
   * of their commits; three attempts were not enough when they were fused into fewer, faster ones.
   */
  public static final int COMMAND_ATTEMPTS = 10;

  public OrderView get(String tenant, String orderId) {
    Decider<Order.State, Order.Event> order = existing(tenant, orderId);
    List<RecordedEvent> recorded = c.store().read(order.stream(), 0, MAX_EVENTS_PER_READ);
    Order.State s = Order.State.INITIAL;
    List<HistoryEntry> history = new ArrayList<>();
    for (RecordedEvent r : recorded) {
      Order.Event e = c.orders().codec().decode(r).orElse(null);
      if (e == null) {
        continue;
      }
      s = Order.evolve(s, e);
      history.add(new HistoryEntry(r.type(), s.status().wireName(), r.timestamp()));
    }
    if (recorded.size() == MAX_EVENTS_PER_READ) {
      s = order.query(Function.identity()); // a longer history is shown in part; the state is whole
    }
    return view(s, history);
  }

  /** The events about an order, in position order; {@code truncated} when a bounded read was cut. */
  public record OrderEvents(List<EventView> events, boolean truncated) {}

  /**
   * Every event about the order, in position order: its own, those of its fraud check, payment and
   * shipments, and the stock events about it. Stock streams are shared by every order of a SKU, so
   * they are never read whole: the store's correlation index gives the events each of the order's
   * business transactions caused (checkout, shipments, reactions), and those about this order are
   * kept. Every read is bounded by {@link #MAX_EVENTS_PER_READ}.
   */
  public OrderEvents events(String tenant, String orderId) {
    Decider<Order.State, Order.Event> order = existing(tenant, orderId);
    Order.State s = order.query(Function.identity());
    Map<java.util.UUID, EventView> events = new LinkedHashMap<>();
    boolean truncated = false;
    List<RecordedEvent> own = c.store().read(order.stream(), 0, MAX_EVENTS_PER_READ);
    truncated |= own.size() == MAX_EVENTS_PER_READ;
    own.forEach(r -> events.put(r.eventId(), view(r)));
    List<StreamName> streams = new ArrayList<>();
    streams.add(FraudCheck.stream(tenant, orderId));
    streams.add(Payment.stream(tenant, orderId));
    s.shipments().keySet().forEach(id -> streams.add(Shipment.stream(tenant, id)));
    for (StreamName stream : streams) {
      List<RecordedEvent> read = c.store().read(stream, 0, MAX_EVENTS_PER_READ);
      truncated |= read.size() == MAX_EVENTS_PER_READ;
      read.forEach(r -> events.put(r.eventId(), view(r)));
    }
    java.util.Set<String> correlations = new java.util.LinkedHashSet<>();
    correlations.add(orderId);
    own.forEach(r -> {
      if (r.metadata().correlationId() != null) {
        correlations.add(r.metadata().correlationId());
      }
    });
    for (String correlation : correlations) {
      List<RecordedEvent> caused = c.store().readCorrelated(tenant, correlation, MAX_EVENTS_PER_READ);
      truncated |= caused.size() == MAX_EVENTS_PER_READ;
      for (RecordedEvent r : caused) {
        if (r.stream().category().equals(Stock.CATEGORY) && isAbout(r, orderId)) {
          events.putIfAbsent(r.eventId(), view(r));
        }
      }
    }
    List<EventView> sorted = new ArrayList<>(events.values());
    sorted.sort(Comparator.comparingLong(EventView::position));
    return new OrderEvents(sorted, truncated);
  }

  /**
   * An event as the API shows it. An order's {@code Placed} is shown masked: a payment token stored
   * in clear by an older version is replaced (the codec's upcaster), and the sealed token is left out.
   */
  private EventView view(RecordedEvent r) {
    JsonNode data;
    try {
      data = Json.mapper().readTree(r.data());
    } catch (IOException e) {
      throw new IllegalStateException("event " + r.eventId() + " of " + r.stream() + " is not JSON", e);
    }
    if (r.stream().category().equals(Order.CATEGORY) && r.type().equals(Order.Placed.class.getSimpleName()) && data instanceof ObjectNode placed) {
      Categories.maskPaymentToken(placed);
      if (placed.path("payment") instanceof ObjectNode payment) {
        payment.remove("sealedToken");
      }
    }
    return new EventView(r.position(), r.stream().canonical(), r.version(), r.type(), r.timestamp(), r.eventId().toString(), data);
  }

  public OrderView cancel(String tenant, String orderId, String reason, EventMetadata metadata) {
    // correlated with the order, as every event about it, so its consequences are found by the order's id
    existing(tenant, orderId).withMetadata(metadata.withCorrelation(orderId)).withMaxAttempts(COMMAND_ATTEMPTS)
        .transact(s -> Order.cancel(s, orderId, reason));
    return get(tenant, orderId);
  }

  public OrderView review(String tenant, String orderId, String decision, EventMetadata metadata) {
    boolean approve = switch (decision == null ? "" : decision) {
      case "approve" -> true;
      case "reject" -> false;
      default -> throw new InvalidInputException("decision", "must be 'approve' or 'reject'");
    };
    existing(tenant, orderId).withMetadata(metadata.withCorrelation(orderId)).withMaxAttempts(COMMAND_ATTEMPTS)
        .transact(s -> Order.review(s, orderId, approve));
    return get(tenant, orderId);
  }

  /** A shipment as the API shows it. */
  public record ShipmentView(String shipmentId, String orderId, Map<String, Integer> lines, String tracking, boolean delivered) {}

  /**
   * Records a shipment of some or all of an order's units: the shipment's stream, the order and the
   * stock of every shipped SKU in one atomic append. {@code lines} null or empty ships everything
   * that remains.
   */
  public ShipmentView addShipment(String tenant, String orderId, Map<String, Integer> lines, String tracking, EventMetadata metadata) {
    return addShipment(tenant, orderId, ids.next(), lines, tracking, metadata);
  }

  /**
   * {@link #addShipment(String, String, Map, String, EventMetadata)} with the shipment id chosen by
   * the caller (e.g. derived from an {@code Idempotency-Key}): when that shipment already exists for
   * this order, nothing is written and it is returned; its events get ids derived from the shipment
   * id, so two concurrent identical requests write once.
   *
   * @throws RuleViolationException {@code idempotency_key_reused} when the shipment belongs to another order
   */
  public ShipmentView addShipment(String tenant, String orderId, String shipmentId, Map<String, Integer> lines, String tracking,
      EventMetadata metadata) {
    Decider<Order.State, Order.Event> existingOrder = existing(tenant, orderId);
    Ids.existing("shipment", shipmentId);
    Shipment.State previous = c.shipments().decider(tenant, shipmentId).query(Function.identity());
    if (previous.exists()) {
      if (!previous.dispatched().orderId().equals(orderId)) {
        throw new RuleViolationException("idempotency_key_reused", "shipment " + shipmentId + " was created for order "
            + previous.dispatched().orderId() + ", not " + orderId + "; use a new Idempotency-Key");
      }
      return shipment(tenant, shipmentId);
    }
    return dispatch(tenant, existingOrder, orderId, shipmentId, lines, tracking, metadata, EventIds.fromCausation("shipment:" + shipmentId));
  }

  private ShipmentView dispatch(String tenant, Decider<Order.State, Order.Event> order, String orderId, String shipmentId,
      Map<String, Integer> lines, String tracking, EventMetadata metadata, EventIds eventIds) {
    String trackingCode = tracking == null || tracking.isBlank() ? "TRK-" + shipmentId : tracking;
    if (trackingCode.length() > 100) {
      throw new InvalidInputException("tracking", "must be at most 100 characters");
    }
    MultiStreamDecider.on(c.store()).withMetadata(metadata.withCorrelation(orderId)).withEventIds(eventIds).withMaxAttempts(COMMAND_ATTEMPTS).transact(tx -> {
      Order.State s = tx.state(order);
      if (s.shipments().size() >= MAX_SHIPMENTS && !s.shipments().containsKey(shipmentId)) {
        throw new RuleViolationException("too_many_shipments", "order " + orderId + " already has " + MAX_SHIPMENTS
            + " shipments, the most one order can have; ship the remaining units together");
      }
      Map<String, Integer> shipping = lines == null || lines.isEmpty() ? remaining(s) : lines;
      tx.append(order, Order.addShipment(s, orderId, shipmentId, shipping, trackingCode));
      var shipment = c.shipments().decider(tenant, shipmentId);
      tx.append(shipment, Shipment.dispatch(tx.state(shipment), new Shipment.Dispatched(shipmentId, orderId, Map.copyOf(shipping), trackingCode)));
      shipping.forEach((sku, units) -> {
        var stock = c.stock().decider(tenant, sku).withUncheckedAppends(); // shipping allocated units cannot oversell
        tx.append(stock, Stock.ship(tx.state(stock), sku, orderId, shipmentId, units));
      });
      return null;
    });
    return shipment(tenant, shipmentId);
  }

  /** Confirms a shipment's delivery (the warehouse or carrier calls this); the order follows. */
  public ShipmentView delivered(String tenant, String shipmentId, EventMetadata metadata) {
    Ids.existing("shipment", shipmentId);
    var shipment = c.shipments().decider(tenant, shipmentId);
    Shipment.State current = shipment.query(Function.identity());
    if (!current.exists()) {
      throw new NotFoundException("shipment", shipmentId);
    }
    String orderId = current.dispatched().orderId();
    var order = c.orders().decider(tenant, orderId);
    MultiStreamDecider.on(c.store()).withMetadata(metadata.withCorrelation(orderId)).withMaxAttempts(COMMAND_ATTEMPTS).transact(tx -> {
      tx.append(shipment, Shipment.deliver(tx.state(shipment), shipmentId));
      tx.append(order, Order.recordDelivery(tx.state(order), shipmentId));
      return null;
    });
    return shipment(tenant, shipmentId);
  }

  public ShipmentView shipment(String tenant, String shipmentId) {
    Ids.existing("shipment", shipmentId);
    Shipment.State s = c.shipments().decider(tenant, shipmentId).query(Function.identity());
    if (!s.exists()) {
      throw new NotFoundException("shipment", shipmentId);
    }
    Shipment.Dispatched d = s.dispatched();
    return new ShipmentView(d.shipmentId(), d.orderId(), d.lines(), d.tracking(), s.delivered());
  }

  private static Map<String, Integer> remaining(Order.State s) {
    Map<String, Integer> left = new LinkedHashMap<>();
    for (OrderLine line : s.placed().lines()) {
      int units = s.unshipped(line.sku());
      if (units > 0) {
        left.put(line.sku(), units);
      }
    }
    return left;
  }

  private Decider<Order.State, Order.Event> existing(String tenant, String orderId) {
    Ids.existing("order", orderId);
    Decider<Order.State, Order.Event> order = c.orders().decider(tenant, orderId);
    if (!order.query(Order.State::exists)) {
      throw new NotFoundException("order", orderId);
    }
    return order;
  }

  private boolean isAbout(RecordedEvent stockEvent, String orderId) {
    return c.stock().codec().decode(stockEvent).map(e -> orderId.equals(Stock.orderIdOf(e))).orElse(false);
  }

  static OrderView view(Order.State s, List<HistoryEntry> history) {
    Order.Placed p = s.placed();
    List<LineView> lines = p.lines().stream()
        .map(l -> new LineView(l.sku(), l.name(), l.quantity(), s.shipped().getOrDefault(l.sku(), 0), l.unitPrice().amount(), l.total().amount()))
        .toList();
    Totals t = p.totals();
    return new OrderView(p.orderId(), s.status().wireName(), p.customer().email(), lines,
        new TotalsView(t.subtotal().amount(), t.tax().amount(), t.total().amount(), t.total().currency()),
        List.copyOf(s.shipments().keySet()), s.closedReason(), history);
  }
}
