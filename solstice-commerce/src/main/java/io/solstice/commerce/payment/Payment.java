package io.solstice.commerce.payment;

import io.solstice.commerce.shared.Money;
import io.solstice.core.StreamName;
import java.util.List;

/**
 * The payment of one order ({@code tenant:Payment-ORDERID}): authorization attempts and their
 * outcome, then capture, void or refund. Written by the {@code payment} service only; every
 * gateway call carries an idempotency key derived from the order and the operation, so a retried
 * call never charges twice.
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

  public record Declined(String reason) implements Event {}

  public record Captured(String captureId, Money amount) implements Event {}

  public record Voided(String authorizationId) implements Event {}

  public record Refunded(String refundId, Money amount) implements Event {}

  /** Where a payment is. */
  public enum Stage { NEW, AUTHORIZED, DECLINED, CAPTURED, VOIDED, REFUNDED }

  /** The folded state. */
  public record State(Stage stage, int timeouts, String authorizationId, Money amount) {
    public static final State INITIAL = new State(Stage.NEW, 0, null, null);
  }

  public static State evolve(State s, Event e) {
    return switch (e) {
      case AttemptTimedOut t -> new State(s.stage(), t.attempt(), s.authorizationId(), s.amount());
      case Authorized a -> new State(Stage.AUTHORIZED, s.timeouts(), a.authorizationId(), a.amount());
      case Declined d -> new State(Stage.DECLINED, s.timeouts(), null, null);
      case Captured c -> new State(Stage.CAPTURED, s.timeouts(), s.authorizationId(), c.amount());
      case Voided v -> new State(Stage.VOIDED, s.timeouts(), s.authorizationId(), s.amount());
      case Refunded r -> new State(Stage.REFUNDED, s.timeouts(), s.authorizationId(), r.amount());
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
