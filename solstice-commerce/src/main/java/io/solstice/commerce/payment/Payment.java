package io.solstice.commerce.payment;

import io.solstice.commerce.shared.Money;
import io.solstice.core.StreamName;
import java.util.List;

/**
 * The payment of one order ({@code tenant:Payment-ORDERID}): authorization attempts and their
 * outcome, then capture, void or refund. Written by the {@code payment} service only; every
 * gateway call carries an idempotency key derived from the order and the operation, so a retried
 * call never charges twice.
 *
 * <p>An authorization that never got an answer is declined when the attempts run out, or when the
 * order closes while they are still unanswered ({@code Declined} with {@code unanswered}), but the
 * gateway may have approved it late. The payment stays
 * <em>unresolved</em> until the service has asked again with the same idempotency key: a late
 * approval is voided at once ({@code Voided}), a decline is recorded ({@code Declined}, answered).
 */
public final class Payment {
  private Payment() {}

  public static final String CATEGORY = "Payment";

  public static StreamName stream(String tenant, String orderId) {
    return StreamName.of(tenant, CATEGORY, orderId);
  }

  /** The events of a payment. */
  public sealed interface Event permits AttemptTimedOut, Authorized, Declined, Captured, Voided, Refunded {}

  /** An authorization attempt got no answer in time; it will be retried while the policy allows. */
  public record AttemptTimedOut(int attempt) implements Event {}

  public record Authorized(String authorizationId, Money amount) implements Event {}

  /**
   * The payment is declined: by the gateway, or ({@code unanswered}) because the attempts ran out
   * without an answer, in which case the outcome at the gateway is still to be learnt.
   */
  public record Declined(String reason, boolean unanswered) implements Event {
    /** A decline the gateway answered. */
    public Declined(String reason) {
      this(reason, false);
    }
  }

  public record Captured(String captureId, Money amount) implements Event {}

  public record Voided(String authorizationId) implements Event {}

  public record Refunded(String refundId, Money amount) implements Event {}

  /** Where a payment is. */
  public enum Stage { NEW, AUTHORIZED, DECLINED, CAPTURED, VOIDED, REFUNDED }

  /**
   * The folded state.
   *
   * @param unresolved declined after unanswered attempts, and the gateway not yet asked again
   */
  public record State(Stage stage, int timeouts, String authorizationId, Money amount, boolean unresolved) {
    public static final State INITIAL = new State(Stage.NEW, 0, null, null, false);
  }

  public static State evolve(State s, Event e) {
    return switch (e) {
      case AttemptTimedOut t -> new State(s.stage(), t.attempt(), s.authorizationId(), s.amount(), s.unresolved());
      case Authorized a -> new State(Stage.AUTHORIZED, s.timeouts(), a.authorizationId(), a.amount(), false);
      case Declined d -> new State(Stage.DECLINED, s.timeouts(), null, null, d.unanswered());
      case Captured c -> new State(Stage.CAPTURED, s.timeouts(), s.authorizationId(), c.amount(), false);
      case Voided v -> new State(Stage.VOIDED, s.timeouts(), v.authorizationId(), s.amount(), false);
      case Refunded r -> new State(Stage.REFUNDED, s.timeouts(), s.authorizationId(), r.amount(), false);
    };
  }

  /** Idempotency key of a gateway operation for an order: the same for every retry of it. */
  public static String idempotencyKey(String tenant, String orderId, String operation) {
    return tenant + ":" + orderId + ":" + operation;
  }

  public static List<Event> recordAuthorized(State s, String authorizationId, Money amount) {
    return s.stage() == Stage.NEW ? List.of(new Authorized(authorizationId, amount)) : List.of();
  }

  public static List<Event> recordDeclined(State s, String reason) {
    return s.stage() == Stage.NEW ? List.of(new Declined(reason)) : List.of();
  }

  /** The last attempt timed out too: declined, unresolved until the gateway is asked again. */
  public static List<Event> recordGaveUp(State s, int attempt) {
    if (s.stage() != Stage.NEW) {
      return List.of();
    }
    List<Event> events = new java.util.ArrayList<>(recordTimeout(s, attempt));
    events.add(new Declined("the payment gateway did not answer in time (" + attempt + " attempts)", true));
    return events;
  }

  /** The order closed while authorization attempts were unanswered: declined, unresolved until the gateway is asked again. */
  public static List<Event> recordAbandoned(State s) {
    if (s.stage() != Stage.NEW || s.timeouts() == 0) {
      return List.of();
    }
    return List.of(new Declined("the order closed while " + s.timeouts() + " authorization attempt" + (s.timeouts() == 1 ? "" : "s")
        + " went unanswered", true));
  }

  /** Asked again after giving up, the gateway had approved: that authorization was voided. */
  public static List<Event> recordLateApprovalVoided(State s, String authorizationId) {
    return s.stage() == Stage.DECLINED && s.unresolved() ? List.of(new Voided(authorizationId)) : List.of();
  }

  /** Asked again after giving up, the gateway declined: nothing is held. */
  public static List<Event> recordLateDecline(State s, String reason) {
    return s.stage() == Stage.DECLINED && s.unresolved() ? List.of(new Declined(reason, false)) : List.of();
  }

  public static List<Event> recordTimeout(State s, int attempt) {
    return s.stage() == Stage.NEW && attempt > s.timeouts() ? List.of(new AttemptTimedOut(attempt)) : List.of();
  }

  public static List<Event> recordCaptured(State s, String captureId, Money amount) {
    return s.stage() == Stage.AUTHORIZED ? List.of(new Captured(captureId, amount)) : List.of();
  }

  public static List<Event> recordVoided(State s) {
    return s.stage() == Stage.AUTHORIZED ? List.of(new Voided(s.authorizationId())) : List.of();
  }

  public static List<Event> recordRefunded(State s, String refundId) {
    return s.stage() == Stage.CAPTURED ? List.of(new Refunded(refundId, s.amount())) : List.of();
  }
}
