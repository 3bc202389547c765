package io.solstice.core.sample;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A small sample aggregate for the decider tests: a shopping cart. */
public final class Cart {
  private Cart() {}

  public static final String CATEGORY = "Cart";

  /** The cart's events: the storage contract. */
  public sealed interface Event {
    record ItemAdded(String sku, int quantity, BigDecimal unitPrice) implements Event {}

    record QuantityChanged(String sku, int quantity) implements Event {}

    record ItemRemoved(String sku) implements Event {}

    /** Nested sealed interface: its records are event types too. */
    sealed interface Lifecycle extends Event {
      record CheckedOut(Instant at) implements Lifecycle {}
    }
  }

  public record Line(String sku, int quantity, BigDecimal unitPrice) {}

  public record State(Map<String, Line> lines, boolean checkedOut) {
    public static final State INITIAL = new State(Map.of(), false);

    public State {
      lines = Map.copyOf(lines);
    }

    public State evolve(Event event) {
      return switch (event) {
        case Event.ItemAdded e -> with(e.sku(), new Line(e.sku(), e.quantity(), e.unitPrice()));
        case Event.QuantityChanged e -> with(e.sku(), new Line(e.sku(), e.quantity(), lines.get(e.sku()).unitPrice()));
        case Event.ItemRemoved e -> with(e.sku(), null);
        case Event.Lifecycle.CheckedOut e -> new State(lines, true);
      };
    }

    private State with(String sku, Line line) {
      Map<String, Line> next = new TreeMap<>(lines);
      if (line == null) {
        next.remove(sku);
      } else {
        next.put(sku, line);
      }
      return new State(next, checkedOut);
    }

    public BigDecimal total() {
      return lines.values().stream()
          .map(l -> l.unitPrice().multiply(BigDecimal.valueOf(l.quantity())))
          .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
  }

  /** Commands, so property tests can generate them. */
  public sealed interface Command {
    record SetQuantity(String sku, int quantity, BigDecimal unitPrice) implements Command {}

    record Remove(String sku) implements Command {}

    record CheckOut(Instant at) implements Command {}
  }

  /** Refused: the cart is checked out. */
  public static final class CartClosedException extends RuntimeException {
    public CartClosedException() {
      super("the cart is checked out");
    }
  }

  public static List<Event> decide(State state, Command command) {
    return switch (command) {
      case Command.SetQuantity c -> setQuantity(state, c.sku(), c.quantity(), c.unitPrice());
      case Command.Remove c -> remove(state, c.sku());
      case Command.CheckOut c -> checkOut(state, c.at());
    };
  }

  /** Sets a line's quantity (0 removes it); no events when it already has that quantity. */
  public static List<Event> setQuantity(State state, String sku, int quantity, BigDecimal unitPrice) {
    if (quantity == 0) {
      return remove(state, sku);
    }
    Line line = state.lines().get(sku);
    if (line != null && line.quantity() == quantity) {
      return List.of();
    }
    requireOpen(state);
    return line == null
        ? List.of(new Event.ItemAdded(sku, quantity, Objects.requireNonNull(unitPrice)))
        : List.of(new Event.QuantityChanged(sku, quantity));
  }

  public static List<Event> remove(State state, String sku) {
    if (!state.lines().containsKey(sku)) {
      return List.of();
    }
    requireOpen(state);
    return List.of(new Event.ItemRemoved(sku));
  }

  /** Checks out; no events when already checked out. An empty cart checks out too (keeps the sample small). */
  public static List<Event> checkOut(State state, Instant at) {
    return state.checkedOut() ? List.of() : List.of(new Event.Lifecycle.CheckedOut(at));
  }

  private static void requireOpen(State state) {
    if (state.checkedOut()) {
      throw new CartClosedException();
    }
  }
}
