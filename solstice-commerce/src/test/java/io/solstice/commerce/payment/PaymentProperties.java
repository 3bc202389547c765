package io.solstice.commerce.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.commerce.payment.Payment.Stage;
import io.solstice.commerce.shared.Decisions;
import io.solstice.commerce.shared.Decisions.Outcome;
import io.solstice.commerce.shared.Money;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Properties of the {@link Payment} decider. A payment stream with no events is a payment not yet
 * tried ({@code NEW}); declined, voided and refunded are its end stages.
 */
class PaymentProperties {

  private static final Money TOTAL = Money.of("57.69", "EUR");
  private static final Set<Stage> ENDED = EnumSet.of(Stage.DECLINED, Stage.VOIDED, Stage.REFUNDED);

  sealed interface Command {}

  record Authorize(String authorizationId) implements Command {}

  record Decline() implements Command {}

  record TimeOut(int attempt) implements Command {}

  record Capture(String captureId) implements Command {}

  record VoidIt() implements Command {}

  record Refund(String refundId) implements Command {}

  static Outcome<Payment.Event> decide(Payment.State s, Command c) {
    return Decisions.attempt(() -> switch (c) {
      case Authorize a -> Payment.recordAuthorized(s, a.authorizationId(), TOTAL);
      case Decline d -> Payment.recordDeclined(s, "card declined");
      case TimeOut t -> Payment.recordTimeout(s, t.attempt());
      case Capture cap -> Payment.recordCaptured(s, cap.captureId(), TOTAL);
      case VoidIt v -> Payment.recordVoided(s);
      case Refund r -> Payment.recordRefunded(s, r.refundId());
    });
  }

  static Payment.State fold(Payment.State s, List<Payment.Event> events) {
    for (Payment.Event e : events) {
      s = Payment.evolve(s, e);
    }
    return s;
  }

  @Provide
  Arbitrary<List<Command>> histories() {
    return Arbitraries.<Command>frequencyOf(
        Tuple.of(3, Arbitraries.of("a1", "a2").map(Authorize::new)),
        Tuple.of(1, Arbitraries.just(new Decline())),
        Tuple.of(2, Arbitraries.integers().between(1, 4).map(TimeOut::new)),
        Tuple.of(2, Arbitraries.of("c1", "c2").map(Capture::new)),
        Tuple.of(1, Arbitraries.just(new VoidIt())),
        Tuple.of(1, Arbitraries.of("r1", "r2").map(Refund::new)))
        .list().ofMaxSize(12);
  }

  @Property(tries = 300)
  void repeatingAnAcceptedCommandAppendsNothing(@ForAll("histories") List<Command> history) {
    Payment.State s = Payment.State.INITIAL;
    for (Command c : history) {
      Outcome<Payment.Event> first = decide(s, c);
      s = fold(s, first.events());
      assertThat(first).isInstanceOf(Outcome.Accepted.class);
      assertThat(decide(s, c)).as("%s repeated at %s", c, s.stage()).isEqualTo(new Outcome.Accepted<Payment.Event>(List.of()));
    }
  }

  /**
   * The model: authorize or decline a new payment (timeouts only count up while it is new), then
   * capture or void an authorization, then refund a capture; nothing else moves it.
   */
  @Property(tries = 300)
  void foldAndDecideAgreeWithTheModel(@ForAll("histories") List<Command> history) {
    Payment.State s = Payment.State.INITIAL;
    Stage stage = Stage.NEW;
    String authorization = null;
    int timeouts = 0;
    for (Command c : history) {
      Stage next = switch (c) {
        case Authorize a -> stage == Stage.NEW ? Stage.AUTHORIZED : stage;
        case Decline d -> stage == Stage.NEW ? Stage.DECLINED : stage;
        case TimeOut t -> stage;
        case Capture cap -> stage == Stage.AUTHORIZED ? Stage.CAPTURED : stage;
        case VoidIt v -> stage == Stage.AUTHORIZED ? Stage.VOIDED : stage;
        case Refund r -> stage == Stage.CAPTURED ? Stage.REFUNDED : stage;
      };
      if (c instanceof Authorize a && stage == Stage.NEW) {
        authorization = a.authorizationId();
      }
      if (c instanceof TimeOut t && stage == Stage.NEW) {
        timeouts = Math.max(timeouts, t.attempt());
      }
      List<Payment.Event> events = decide(s, c).events();
      assertThat(events.isEmpty()).as("%s at %s writes nothing", c, stage).isEqualTo(next == stage && !(c instanceof TimeOut t
          && stage == Stage.NEW && t.attempt() > s.timeouts()));
      s = fold(s, events);
      stage = next;
      assertThat(s.stage()).isEqualTo(stage);
      assertThat(s.timeouts()).isEqualTo(timeouts);
      if (stage != Stage.NEW && stage != Stage.DECLINED) {
        assertThat(s.authorizationId()).isEqualTo(authorization);
        assertThat(s.amount()).isEqualTo(TOTAL);
      }
    }
  }

  /** A payment stream with no events is a payment not yet tried: every command on it is decided, none throws. */
  @Property(tries = 100)
  void noCommandOnAMissingPaymentThrows(@ForAll("histories") List<Command> commands) {
    for (Command c : commands) {
      assertThat(decide(Payment.State.INITIAL, c)).as("%s on a missing payment", c).isInstanceOf(Outcome.Accepted.class);
    }
  }

  /** A payment in each end stage, reached the way the gateway's answers reach it. */
  @Provide
  Arbitrary<Payment.State> ended() {
    return Arbitraries.of(
        run(new TimeOut(1), new Decline()),
        run(new Authorize("a1"), new VoidIt()),
        run(new Authorize("a1"), new Capture("c1"), new Refund("r1")));
  }

  private static Payment.State run(Command... commands) {
    Payment.State s = Payment.State.INITIAL;
    for (Command c : commands) {
      s = fold(s, decide(s, c).events());
    }
    return s;
  }

  @Property(tries = 100)
  void noCommandOnAnEndedPaymentThrowsOrMovesIt(@ForAll("ended") Payment.State ended, @ForAll("histories") List<Command> commands) {
    assertThat(ENDED).contains(ended.stage());
    for (Command c : commands) {
      assertThat(decide(ended, c)).as("%s on a %s payment", c, ended.stage()).isEqualTo(new Outcome.Accepted<Payment.Event>(List.of()));
    }
  }
}
