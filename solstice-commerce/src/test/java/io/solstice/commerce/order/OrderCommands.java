package io.solstice.commerce.order;

import io.solstice.commerce.shared.Decisions;
import io.solstice.commerce.shared.Money;
import io.solstice.commerce.shared.OrderLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Test support: every decision of {@link Order} as a command on order {@code o1} (of {@link
 * OrderEvents#LINES}), and jqwik generators of command sequences weighted so that many reach
 * shipping, delivery and the end states.
 */
public final class OrderCommands {
  private OrderCommands() {}

  public static final String ORDER_ID = "o1";
  public static final Money TOTAL = OrderEvents.placed(ORDER_ID).totals().total();

  /** One decision of {@link Order}. */
  public sealed interface Command {}

  public record Place() implements Command {}

  public record Score(FraudVerdict verdict) implements Command {}

  public record Review(boolean approve) implements Command {}

  public record Authorize(String authorizationId) implements Command {}

  public record Decline() implements Command {}

  public record Release() implements Command {}

  /** A shipment of chosen units (possibly more than remain, or of a SKU the order does not hold). */
  public record Ship(String shipmentId, Map<String, Integer> lines) implements Command {}

  /** A shipment of every unit that remains, as {@code Orders.addShipment} sends without lines. */
  public record ShipRest(String shipmentId) implements Command {}

  public record Deliver(String shipmentId) implements Command {}

  public record Capture(String captureId) implements Command {}

  public record Cancel() implements Command {}

  /** The events {@code c} decides on {@code s}, or the domain error refusing it. */
  public static Decisions.Outcome<Order.Event> decide(Order.State s, Command c) {
    return Decisions.attempt(() -> switch (c) {
      case Place p -> Order.place(s, OrderEvents.placed(ORDER_ID));
      case Score sc -> Order.recordFraudCheck(s, sc.verdict(), 50, "scored " + sc.verdict());
      case Review r -> Order.review(s, ORDER_ID, r.approve());
      case Authorize a -> Order.recordAuthorization(s, a.authorizationId(), TOTAL);
      case Decline d -> Order.recordDecline(s, "card declined");
      case Release r -> Order.release(s);
      case Ship sh -> Order.addShipment(s, ORDER_ID, sh.shipmentId(), sh.lines(), "T-" + sh.shipmentId());
      case ShipRest sh -> Order.addShipment(s, ORDER_ID, sh.shipmentId(), remaining(s), "T-" + sh.shipmentId());
      case Deliver d -> Order.recordDelivery(s, d.shipmentId());
      case Capture cap -> Order.recordCapture(s, cap.captureId(), TOTAL);
      case Cancel cn -> Order.cancel(s, ORDER_ID, "changed my mind");
    });
  }

  public static Order.State fold(Order.State s, List<Order.Event> events) {
    for (Order.Event e : events) {
      s = Order.evolve(s, e);
    }
    return s;
  }

  /** {@code commands} run in turn from {@code s}; refused ones change nothing. */
  public static Order.State run(Order.State s, Command... commands) {
    for (Command c : commands) {
      s = fold(s, decide(s, c).events());
    }
    return s;
  }

  private static Map<String, Integer> remaining(Order.State s) {
    Map<String, Integer> left = new LinkedHashMap<>();
    if (s.exists()) {
      for (OrderLine line : s.placed().lines()) {
        if (s.unshipped(line.sku()) > 0) {
          left.put(line.sku(), s.unshipped(line.sku()));
        }
      }
    }
    return left;
  }

  /** Any one command. */
  public static Arbitrary<Command> command() {
    Arbitrary<String> shipments = Arbitraries.of("s1", "s2", "s3");
    Arbitrary<Map<String, Integer>> lines = Arbitraries.maps(Arbitraries.of("TEE", "MUG", "HAT"), Arbitraries.integers().between(-1, 3))
        .ofMaxSize(3);
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.just(new Place())),
        Tuple.of(3, Arbitraries.of(FraudVerdict.class).map(Score::new)),
        Tuple.of(1, Arbitraries.of(true, false).map(Review::new)),
        Tuple.of(3, Arbitraries.of("a1", "a2").map(Authorize::new)),
        Tuple.of(1, Arbitraries.just(new Decline())),
        Tuple.of(3, Arbitraries.just(new Release())),
        Tuple.of(2, Combinators.combine(shipments, lines).as(Ship::new)),
        Tuple.of(3, shipments.map(ShipRest::new)),
        Tuple.of(3, shipments.map(Deliver::new)),
        Tuple.of(2, Arbitraries.of("c1", "c2").map(Capture::new)),
        Tuple.of(1, Arbitraries.just(new Cancel())));
  }

  /**
   * Histories: mostly the order flow's own path (placed, scored, maybe reviewed, authorized,
   * released, shipped in one or two parts, delivered, captured before or after delivery) with up
   * to two arbitrary commands before each step; some wholly arbitrary.
   */
  public static Arbitrary<List<Command>> histories() {
    Arbitrary<List<Command>> flows = flow().flatMap(path -> command().list().ofMaxSize(2).list().ofSize(path.size())
        .map(noise -> interleave(noise, path)));
    return Arbitraries.frequencyOf(Tuple.of(1, command().list().ofMaxSize(30)), Tuple.of(4, flows));
  }

  private static Arbitrary<List<Command>> flow() {
    Arbitrary<FraudVerdict> verdicts = Arbitraries.frequency(Tuple.of(6, FraudVerdict.ACCEPT), Tuple.of(3, FraudVerdict.REVIEW),
        Tuple.of(1, FraudVerdict.REJECT));
    Arbitrary<Boolean> approvals = Arbitraries.frequency(Tuple.of(4, true), Tuple.of(1, false));
    Arbitrary<Boolean> inParts = Arbitraries.of(true, false);
    Arbitrary<Integer> captureAt = Arbitraries.integers().between(0, 3);
    return Combinators.combine(verdicts, approvals, inParts, captureAt).as((verdict, approve, parts, capture) -> {
      List<Command> path = new ArrayList<>(List.of(new Place(), new Score(verdict)));
      if (verdict == FraudVerdict.REVIEW) {
        path.add(new Review(approve));
      }
      path.addAll(List.of(new Authorize("a1"), new Release()));
      List<Command> shipping = new ArrayList<>(parts
          ? List.of(new Ship("s1", Map.of("TEE", 1)), new Deliver("s1"), new ShipRest("s2"), new Deliver("s2"))
          : List.of(new ShipRest("s1"), new Deliver("s1")));
      shipping.add(Math.min(capture, shipping.size()), new Capture("c1"));
      path.addAll(shipping);
      return path;
    });
  }

  private static List<Command> interleave(List<List<Command>> noise, List<Command> path) {
    List<Command> all = new ArrayList<>();
    for (int i = 0; i < path.size(); i++) {
      all.addAll(noise.get(i));
      all.add(path.get(i));
    }
    return all;
  }
}
