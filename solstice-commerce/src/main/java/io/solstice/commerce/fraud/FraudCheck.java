package io.solstice.commerce.fraud;

import io.solstice.commerce.order.FraudVerdict;
import io.solstice.core.StreamName;
import java.util.List;

/**
 * The fraud check of one order ({@code tenant:FraudCheck-ORDERID}): one verdict, recorded once.
 * The {@code fraud} service writes it; the {@code order} service carries the verdict to the order.
 */
public final class FraudCheck {
  private FraudCheck() {}

  public static final String CATEGORY = "FraudCheck";

  public static StreamName stream(String tenant, String orderId) {
    return StreamName.of(tenant, CATEGORY, orderId);
  }

  /** The events of a fraud check. */
  public sealed interface Event permits Scored {}

  /** The scorer's verdict with a score from 0 (safe) to 100 (fraud) and the reason. */
  public record Scored(String orderId, FraudVerdict verdict, int score, String reason, String scorer) implements Event {}

  /** The folded state: the verdict, once scored. */
  public record State(Scored scored) {
    public static final State INITIAL = new State(null);
  }

  public static State evolve(State s, Event e) {
    return switch (e) {
      case Scored sc -> new State(sc);
    };
  }

  /** Records the verdict; a check is scored once. */
  public static List<Event> record(State s, Scored scored) {
    return s.scored() == null ? List.of(scored) : List.of();
  }
}
