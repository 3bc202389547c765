package io.solstice.commerce.analytics;

import io.solstice.commerce.order.Order;
import io.solstice.commerce.order.OrderStatus;
import io.solstice.commerce.shared.OrderLine;
import io.solstice.core.RecordedEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One order as the analytics database holds it: its row in {@code orders} and its rows in {@code
 * order_lines}, as of {@code version} of its stream. A newer version replaces an older one and an
 * older or equal one changes nothing, so writing facts is idempotent and order-independent.
 *
 * @param tenant the tenant
 * @param orderId the order id
 * @param customerEmail the customer's e-mail
 * @param status the status string of the API ({@link OrderStatus#wireName()})
 * @param placedAt when the order was placed (the store's timestamp of {@code Placed})
 * @param confirmedAt when it was confirmed, or null if it never was
 * @param updatedAt the store's timestamp of the last event folded in
 * @param subtotal lines before tax
 * @param tax the tax
 * @param total subtotal plus tax
 * @param currency ISO 4217
 * @param units the number of units ordered (sum of line quantities)
 * @param version the stream version of the last event folded in
 * @param lines the lines, one per SKU
 */
public record OrderFacts(
    String tenant,
    String orderId,
    String customerEmail,
    String status,
    Instant placedAt,
    Instant confirmedAt,
    Instant updatedAt,
    BigDecimal subtotal,
    BigDecimal tax,
    BigDecimal total,
    String currency,
    int units,
    long version,
    List<Line> lines) {

  /** One line of an order. */
  public record Line(String sku, String name, int quantity, BigDecimal unitPrice, BigDecimal lineTotal) {
    public Line {
      Objects.requireNonNull(sku, "sku");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(unitPrice, "unitPrice");
      Objects.requireNonNull(lineTotal, "lineTotal");
    }
  }

  public OrderFacts {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(placedAt, "placedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(currency, "currency");
    lines = List.copyOf(lines);
  }

  /** The hour bucket of the order: {@code placedAt} truncated to the hour (UTC). */
  public Instant hour() {
    return placedAt.truncatedTo(ChronoUnit.HOURS);
  }

  /** The key of the order's row, for de-duplication within a batch. */
  String key() {
    return tenant + '\u0000' + orderId;
  }

  /**
   * Folds an order's events (in version order, from version 0) into its facts; empty when the
   * stream holds no {@code Placed}. Events the codec does not know are skipped (they only move
   * {@code version} and {@code updatedAt}).
   *
   * @param decode the order codec (an event to an order event, or empty if unknown)
   */
  static Optional<OrderFacts> fold(List<RecordedEvent> events, java.util.function.Function<RecordedEvent, Optional<Order.Event>> decode) {
    Folding folding = Folding.EMPTY;
    for (RecordedEvent e : events) {
      folding = folding.plus(e, decode.apply(e));
    }
    return folding.facts();
  }

  /**
   * An order stream folded up to {@code version} (-1: nothing yet): what its facts need, so that the
   * events after it can be folded in later without reading the stream from the start. Immutable.
   */
  record Folding(long version, Order.State state, Instant placedAt, Instant confirmedAt, Instant updatedAt, String tenant) {
    static final Folding EMPTY = new Folding(-1, Order.State.INITIAL, null, null, null, null);

    /** This folding with {@code e} (the next event of the stream) folded in; {@code decoded} is empty for unknown types. */
    Folding plus(RecordedEvent e, Optional<Order.Event> decoded) {
      Order.State s = state;
      Instant placed = placedAt;
      Instant confirmed = confirmedAt;
      if (decoded.isPresent()) {
        Order.Event event = decoded.get();
        if (event instanceof Order.Placed && placed == null) {
          placed = e.timestamp();
        }
        if (event instanceof Order.Confirmed && confirmed == null) {
          confirmed = e.timestamp();
        }
        s = Order.evolve(s, event);
      }
      return new Folding(e.version(), s, placed, confirmed, e.timestamp(), e.stream().tenant());
    }

    /** The facts as of {@code version}; empty when the stream holds no {@code Placed} (yet). */
    Optional<OrderFacts> facts() {
      if (!state.exists() || version < 0) {
        return Optional.empty();
      }
      Order.Placed placed = state.placed();
      return Optional.of(new OrderFacts(tenant, placed.orderId(), placed.customer().email(), state.status().wireName(),
          placedAt, confirmedAt, updatedAt, placed.totals().subtotal().amount(), placed.totals().tax().amount(),
          placed.totals().total().amount(), placed.totals().total().currency(),
          placed.lines().stream().mapToInt(OrderLine::quantity).sum(), version, lines(placed.lines())));
    }
  }

  /** One line per SKU (lines of the same SKU, which checkout does not produce, are added up). */
  private static List<Line> lines(List<OrderLine> orderLines) {
    Map<String, Line> bySku = new LinkedHashMap<>();
    for (OrderLine l : orderLines) {
      Line line = new Line(l.sku(), l.name(), l.quantity(), l.unitPrice().amount(), l.total().amount());
      bySku.merge(l.sku(), line, (a, b) -> new Line(a.sku(), a.name(), a.quantity() + b.quantity(), a.unitPrice(),
          a.lineTotal().add(b.lineTotal())));
    }
    return new ArrayList<>(bySku.values());
  }
}
