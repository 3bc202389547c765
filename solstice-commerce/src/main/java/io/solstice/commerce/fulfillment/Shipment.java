package io.solstice.commerce.fulfillment;

import io.solstice.commerce.shared.NotFoundException;
import io.solstice.commerce.shared.RuleViolationException;
import io.solstice.core.StreamName;
import java.util.List;
import java.util.Map;

/**
 * One shipment of an order ({@code tenant:Shipment-ID}): which units left in it, its tracking
 * code, and its delivery. Created together with the order's and the stock's events in one atomic
 * append whose expectation is an empty shipment stream, so a repeated request cannot ship twice.
 */
public final class Shipment {
  private Shipment() {}

  public static final String CATEGORY = "Shipment";

  public static StreamName stream(String tenant, String shipmentId) {
    return StreamName.of(tenant, CATEGORY, shipmentId);
  }

  /** The events of a shipment. */
  public sealed interface Event permits Dispatched, Delivered {}

  /** {@code lines}: sku → units in this shipment. */
  public record Dispatched(String shipmentId, String orderId, Map<String, Integer> lines, String tracking) implements Event {}

  public record Delivered() implements Event {}

  /** The folded state. */
  public record State(Dispatched dispatched, boolean delivered) {
    public static final State INITIAL = new State(null, false);

    public boolean exists() {
      return dispatched != null;
    }
  }

  public static State evolve(State s, Event e) {
    return switch (e) {
      case Dispatched d -> new State(d, false);
      case Delivered d -> new State(s.dispatched(), true);
    };
  }

  /** Creates the shipment; the same content again writes nothing, other content under the same id is refused. */
  public static List<Event> dispatch(State s, Dispatched dispatched) {
    if (s.exists()) {
      if (s.dispatched().equals(dispatched)) {
        return List.of();
      }
      throw new RuleViolationException("shipment_exists", "shipment " + dispatched.shipmentId() + " already exists with other content");
    }
    return List.of(dispatched);
  }

  /** Records the delivery; delivering twice writes once, and a shipment that does not exist is not found. */
  public static List<Event> deliver(State s, String shipmentId) {
    if (!s.exists()) {
      throw new NotFoundException("shipment", shipmentId);
    }
    return s.delivered() ? List.of() : List.of(new Delivered());
  }
}
