package io.solstice.commerce.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.commerce.shared.Decisions;
import io.solstice.commerce.shared.Decisions.Outcome;
import io.solstice.commerce.shared.NotFoundException;
import io.solstice.commerce.shared.RuleViolationException;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the {@link Shipment} decider; a delivered shipment is its end state. */
class ShipmentProperties {

  sealed interface Command {}

  /** Dispatches shipment s1 with one of two contents. */
  record Dispatch(int content) implements Command {}

  record Deliver() implements Command {}

  static Shipment.Dispatched content(int variant) {
    return new Shipment.Dispatched("s1", "o1", Map.of("TEE", variant + 1), "T1");
  }

  static Outcome<Shipment.Event> decide(Shipment.State s, Command c) {
    return Decisions.attempt(() -> switch (c) {
      case Dispatch d -> Shipment.dispatch(s, content(d.content()));
      case Deliver d -> Shipment.deliver(s, "s1");
    });
  }

  static Shipment.State fold(Shipment.State s, List<Shipment.Event> events) {
    for (Shipment.Event e : events) {
      s = Shipment.evolve(s, e);
    }
    return s;
  }

  @Provide
  Arbitrary<List<Command>> histories() {
    return Arbitraries.<Command>oneOf(Arbitraries.integers().between(0, 1).map(Dispatch::new), Arbitraries.just(new Deliver())).list().ofMaxSize(8);
  }

  @Property(tries = 200)
  void repeatingAnAcceptedCommandAppendsNothing(@ForAll("histories") List<Command> history) {
    Shipment.State s = Shipment.State.INITIAL;
    for (Command c : history) {
      Outcome<Shipment.Event> first = decide(s, c);
      s = fold(s, first.events());
      if (first instanceof Outcome.Accepted<Shipment.Event>) {
        assertThat(decide(s, c)).as("%s repeated", c).isEqualTo(new Outcome.Accepted<Shipment.Event>(List.of()));
      }
    }
  }

  /** The model: the content dispatched first (or none) and whether it was delivered. */
  @Property(tries = 200)
  void foldAndDecideAgreeWithTheModel(@ForAll("histories") List<Command> history) {
    Shipment.State s = Shipment.State.INITIAL;
    Integer dispatched = null;
    boolean delivered = false;
    for (Command c : history) {
      Outcome<Shipment.Event> outcome = decide(s, c);
      switch (c) {
        case Dispatch d -> {
          if (dispatched == null) {
            dispatched = d.content();
          } else if (dispatched != d.content()) {
            assertRefused(outcome, RuleViolationException.class);
          }
        }
        case Deliver d -> {
          if (dispatched == null) {
            assertRefused(outcome, NotFoundException.class);
          }
          delivered = dispatched != null;
        }
      }
      s = fold(s, outcome.events());
      assertThat(s.dispatched()).isEqualTo(dispatched == null ? null : content(dispatched));
      assertThat(s.delivered()).isEqualTo(delivered);
    }
  }

  @Property(tries = 50)
  void noCommandOnAMissingShipmentThrows(@ForAll("histories") List<Command> commands) {
    for (Command c : commands) {
      Outcome<Shipment.Event> outcome = decide(Shipment.State.INITIAL, c);
      switch (c) {
        case Dispatch d -> assertThat(outcome.events()).hasSize(1);
        case Deliver d -> assertRefused(outcome, NotFoundException.class);
      }
    }
  }

  @Property(tries = 50)
  void noCommandOnADeliveredShipmentThrowsOrChangesIt(@ForAll("histories") List<Command> commands) {
    Shipment.State delivered = fold(fold(Shipment.State.INITIAL, List.of(content(0))), List.of(new Shipment.Delivered()));
    for (Command c : commands) {
      Outcome<Shipment.Event> outcome = decide(delivered, c);
      assertThat(outcome.events()).isEmpty();
      if (outcome instanceof Outcome.Refused<Shipment.Event> refused) {
        assertThat(refused.error()).isInstanceOf(RuleViolationException.class);
      }
    }
  }

  private static void assertRefused(Outcome<Shipment.Event> outcome, Class<? extends Exception> error) {
    assertThat(outcome).isInstanceOfSatisfying(Outcome.Refused.class, r -> assertThat(r.error()).isInstanceOf(error));
  }
}
