package io.solstice.commerce.payment;

import io.solstice.commerce.Categories;
import io.solstice.commerce.order.Order;
import io.solstice.commerce.order.OrderStatus;
import io.solstice.commerce.shared.FollowOn;
import io.solstice.commerce.shared.FusedCommit;
import io.solstice.commerce.shared.Money;
import io.solstice.commerce.shared.Reactions;
import io.solstice.commerce.tenancy.Policy;
import io.solstice.commerce.tenancy.Tenancy;
import io.solstice.core.RecordedEvent;
import io.solstice.core.decider.Decider;
import io.solstice.core.decider.LoadMode;
import io.solstice.pipeline.EffectContext;
import io.solstice.pipeline.Service;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Service {@code payment}: talks to the payment gateway for each order and records the outcomes in
 * the order's {@link Payment} stream.
 *
 * <ul>
 *   <li>fraud cleared ({@code FraudAccepted} or {@code ReviewApproved}) → authorize the total;
 *   <li>{@code Confirmed} (policy capture on confirm) or {@code Shipped} (capture on ship) → capture;
 *   <li>{@code Cancelled}, or an authorization that arrived for an order already closed → void the
 *       authorization, or refund a capture.
 * </ul>
 *
 * Every gateway call carries an idempotency key per order and operation. An authorization that
 * times out is recorded ({@code AttemptTimedOut}) and retried with backoff; after the tenant
 * policy's {@code paymentAttempts} the payment is declined, and the order with it. The gateway may
 * still have approved it late, so the service then sends the authorization once more with the same
 * idempotency key (retrying with backoff while there is no answer) to learn the outcome, and voids
 * a late approval at once: a customer's money is never held for an order that was declined. An
 * order cancelled while its authorization attempts were still unanswered is handled the same way
 * ({@link Output.Abandon}): the authorization is given up and reconciled.
 *
 * <p>The payment token is stored sealed with the order ({@link PaymentMethod}) and opened here,
 * with {@link PaymentTokens}, only to call the gateway.
 */
public final class PaymentService {
  private PaymentService() {}

  public static final String NAME = "payment";

  /** What happened to an order that may need the gateway. */
  public enum Trigger {
    /** The fraud check accepted the order or a reviewer approved it: authorize the total. */
    FRAUD_CLEARED,
    /** The order was confirmed: capture, when the policy captures on confirm. */
    CONFIRMED,
    /** Every unit shipped: capture, when the policy captures on ship. */
    SHIPPED,
    /** The order was cancelled: void the authorization, or refund the capture. */
    CANCELLED,
    /** An authorization was recorded: void it when it arrived for an order already closed. */
    AUTHORIZED
  }

  /** The order events that carry a {@link Trigger} ({@link #trigger}); others are skipped without parsing their data. */
  private static final Set<String> TYPES = Reactions.types(Order.FraudAccepted.class, Order.ReviewApproved.class,
      Order.Confirmed.class, Order.Shipped.class, Order.Cancelled.class, Order.PaymentAuthorized.class);

  /** An order event that may need the gateway; {@code version} is the order stream's version of it. */
  public record Input(String tenant, String orderId, Trigger trigger, long version) {}

  /** What to ask of the gateway. */
  public sealed interface Output {
    record Skip(String why) implements Output {}

    record Authorize(String tenant, String orderId, PaymentMethod method, Money amount, int attempt, int maxAttempts) implements Output {}

    /**
     * The order closed while authorization attempts were unanswered: record the authorization
     * given up (declined, unresolved), then reconcile it as after the last attempt.
     */
    record Abandon(String tenant, String orderId, PaymentMethod method, Money amount) implements Output {}

    /** Ask the gateway again, with the authorization's idempotency key, what became of an unanswered authorization; void an approval. */
    record Reconcile(String tenant, String orderId, PaymentMethod method, Money amount) implements Output {}

    record Capture(String tenant, String orderId, String authorizationId, Money amount) implements Output {}

    record Void(String tenant, String orderId, String authorizationId) implements Output {}

    record Refund(String tenant, String orderId, String authorizationId, Money amount) implements Output {}
  }

  /** The input's attempt by which a given-up authorization must be reconciled, else it is parked (below the retry policy's 12). */
  static final int RECONCILE_ATTEMPTS = 11;

  /** The gateway gave no answer in time; the input is retried with backoff. */
  static final class RetryLater extends RuntimeException {
    RetryLater(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The service, opening payment tokens with {@link PaymentTokens#ephemeral()}. */
  public static Service<Input, Output> service(Categories c, Tenancy tenancy, PaymentGateway gateway) {
    return service(c, tenancy, gateway, PaymentTokens.ephemeral());
  }

  /** The service, opening payment tokens with {@code tokens} (the ones checkout sealed them with). */
  public static Service<Input, Output> service(Categories c, Tenancy tenancy, PaymentGateway gateway, PaymentTokens tokens) {
    return service(c, tenancy, gateway, tokens, Optional.empty());
  }

  /**
   * The service; with {@code then} (the {@code order} service running in this process), an
   * authorization's outcome and a capture are committed together with what {@code then} decides
   * for them ({@link FusedCommit}).
   */
  public static Service<Input, Output> service(Categories c, Tenancy tenancy, PaymentGateway gateway, PaymentTokens tokens,
      Optional<FollowOn> then) {
    return Service.named(NAME)
        .consume("store:" + Order.CATEGORY)
        .decode(e -> decode(c, e))
        .handle(in -> handle(c, tenancy, in))
        .interpret((out, ctx) -> interpret(c, gateway, tokens, out, ctx, then))
        .correlation(in -> List.of(in.orderId()))
        .retry(Reactions.externalParty().withMaxAttempts(12))
        .build();
  }

  /** The input an order event makes, if it is one the payment reacts to. */
  static Optional<Input> decode(Categories c, RecordedEvent e) {
    return Reactions.decodeIf(c.orders(), e, TYPES).flatMap(PaymentService::trigger)
        .map(t -> new Input(e.stream().tenant(), e.stream().id(), t, e.version()));
  }

  /** The trigger an order event is, if any: every event named here, so a new one must be placed. */
  static Optional<Trigger> trigger(Order.Event e) {
    return Optional.ofNullable(switch (e) {
      case Order.FraudAccepted f -> Trigger.FRAUD_CLEARED;
      case Order.ReviewApproved r -> Trigger.FRAUD_CLEARED;
      case Order.Confirmed cf -> Trigger.CONFIRMED;
      case Order.Shipped sh -> Trigger.SHIPPED;
      case Order.Cancelled cn -> Trigger.CANCELLED;
      case Order.PaymentAuthorized a -> Trigger.AUTHORIZED;
      case Order.Placed p -> null;
      case Order.ReviewRequired r -> null;
      case Order.Rejected r -> null;
      case Order.PaymentDeclined d -> null;
      case Order.Released r -> null;
      case Order.ShipmentAdded a -> null;
      case Order.ShipmentDelivered d -> null;
      case Order.Delivered d -> null;
      case Order.PaymentCaptured cp -> null;
      case Order.Completed cp -> null;
    });
  }

  /**
   * Loads the order (up to the trigger's version: from the cache when it has it) and, only when the
   * decision rests on it, the payment, as fresh as a read of the store makes it ({@code LATEST}):
   * a decision to skip must never rest on a stale payment state.
   */
  static Output handle(Categories c, Tenancy tenancy, Input in) {
    Order.State order = Reactions.upTo(c.orders().decider(in.tenant(), in.orderId()), in.version()).query(Function.identity());
    if (!order.exists()) {
      return new Output.Skip("no such order");
    }
    Policy policy = tenancy.context(in.tenant()).map(Tenancy.TenantContext::policy).orElse(Policy.defaults(in.tenant()));
    if (!restsOnPayment(in, order, policy)) {
      return decide(in, order, Payment.State.INITIAL, policy);
    }
    Payment.State payment = c.payments().decider(in.tenant(), in.orderId()).query(Function.identity());
    return decide(in, order, payment, policy);
  }

  /** Whether {@link #decide} looks at the payment's state for this input (else it skips on the order and policy alone). */
  static boolean restsOnPayment(Input in, Order.State order, Policy policy) {
    return switch (in.trigger()) {
      case FRAUD_CLEARED -> order.status() == OrderStatus.PLACED && order.fraudCleared() || order.status().terminal();
      case CONFIRMED -> policy.captureOn() == Policy.CaptureOn.CONFIRM;
      case SHIPPED -> policy.captureOn() == Policy.CaptureOn.SHIP;
      case CANCELLED, AUTHORIZED -> order.status().terminal();
    };
  }

  static Output decide(Input in, Order.State order, Payment.State payment, Policy policy) {
    if (!order.exists()) {
      return new Output.Skip("no such order");
    }
    Money total = order.placed().totals().total();
    return switch (in.trigger()) {
      case FRAUD_CLEARED -> {
        Optional<Output> unanswered = unanswered(in, order, payment, total);
        if (unanswered.isPresent()) {
          yield unanswered.get();
        }
        yield order.status() == OrderStatus.PLACED && order.fraudCleared() && payment.stage() == Payment.Stage.NEW
            ? new Output.Authorize(in.tenant(), in.orderId(), order.placed().payment(), total, payment.timeouts() + 1, policy.paymentAttempts())
            : new Output.Skip("order is " + order.status().wireName() + ", payment " + payment.stage());
      }
      case CONFIRMED -> capture(in, policy, Policy.CaptureOn.CONFIRM, payment);
      case SHIPPED -> capture(in, policy, Policy.CaptureOn.SHIP, payment);
      case CANCELLED, AUTHORIZED -> {
        if (!order.status().terminal()) {
          yield new Output.Skip("order is live");
        }
        Optional<Output> unanswered = unanswered(in, order, payment, total);
        if (unanswered.isPresent()) {
          yield unanswered.get();
        }
        yield switch (payment.stage()) {
          case AUTHORIZED -> new Output.Void(in.tenant(), in.orderId(), payment.authorizationId());
          case CAPTURED -> new Output.Refund(in.tenant(), in.orderId(), payment.authorizationId(), payment.amount());
          case NEW, DECLINED, VOIDED, REFUNDED -> new Output.Skip("nothing to give back: payment " + payment.stage());
        };
      }
    };
  }

  /**
   * What an authorization that went unanswered still needs, whatever the trigger: a decline given
   * up unanswered is reconciled; attempts still unanswered when the order closed (it was cancelled
   * while they were retried) are abandoned, then reconciled. Either way a late approval the gateway
   * may hold is voided: a customer's money is never held for a closed order.
   */
  private static Optional<Output> unanswered(Input in, Order.State order, Payment.State payment, Money total) {
    if (payment.stage() == Payment.Stage.DECLINED && payment.unresolved()) {
      return Optional.of(new Output.Reconcile(in.tenant(), in.orderId(), order.placed().payment(), total));
    }
    if (payment.stage() == Payment.Stage.NEW && payment.timeouts() > 0 && order.status().terminal()) {
      return Optional.of(new Output.Abandon(in.tenant(), in.orderId(), order.placed().payment(), total));
    }
    return Optional.empty();
  }

  private static Output capture(Input in, Policy policy, Policy.CaptureOn when, Payment.State payment) {
    if (policy.captureOn() != when) {
      return new Output.Skip("capture is on " + policy.captureOn());
    }
    if (payment.stage() != Payment.Stage.AUTHORIZED) {
      return new Output.Skip("payment " + payment.stage());
    }
    return new Output.Capture(in.tenant(), in.orderId(), payment.authorizationId(), payment.amount());
  }

  static void interpret(Categories c, PaymentGateway gateway, PaymentTokens tokens, Output out, EffectContext ctx) {
    interpret(c, gateway, tokens, out, ctx, Optional.empty());
  }

  static void interpret(Categories c, PaymentGateway gateway, PaymentTokens tokens, Output out, EffectContext ctx, Optional<FollowOn> then) {
    switch (out) {
      case Output.Skip s -> {}
      case Output.Authorize a -> {
        Decider<Payment.State, Payment.Event> payment = c.payments().decider(a.tenant(), a.orderId()).withMetadata(ctx.metadata())
            .withLoadMode(LoadMode.OPTIMISTIC);
        String token;
        try {
          token = tokens.open(a.tenant(), a.orderId(), a.method());
        } catch (io.solstice.pipeline.PermanentFailureException noToken) {
          payment.transact(s -> Payment.recordDeclined(s, "no usable payment token: " + noToken.getMessage()));
          return;
        }
        PaymentGateway.Authorization result;
        try {
          result = gateway.authorize(a.tenant(), a.orderId(), token, a.amount(), Payment.idempotencyKey(a.tenant(), a.orderId(), "authorize"));
        } catch (PaymentGateway.GatewayTimeoutException timeout) {
          if (a.attempt() >= a.maxAttempts()) {
            payment.transact(s -> Payment.recordGaveUp(s, a.attempt()));
            reconcile(gateway, payment, a.tenant(), a.orderId(), token, a.amount(), ctx.attempt());
            return;
          }
          payment.transact(s -> Payment.recordTimeout(s, a.attempt()));
          throw new RetryLater("authorization of order " + a.orderId() + " (tenant " + a.tenant() + ") timed out, attempt "
              + a.attempt() + " of " + a.maxAttempts() + "; retrying with backoff", timeout);
        }
        switch (result) {
          case PaymentGateway.Authorization.Approved ok ->
              FusedCommit.transact(payment, s -> Payment.recordAuthorized(s, ok.authorizationId(), a.amount()), ctx, then);
          case PaymentGateway.Authorization.Declined no -> FusedCommit.transact(payment, s -> Payment.recordDeclined(s, no.reason()), ctx, then);
        }
      }
      case Output.Abandon g -> {
        Decider<Payment.State, Payment.Event> payment = c.payments().decider(g.tenant(), g.orderId()).withMetadata(ctx.metadata())
            .withLoadMode(LoadMode.OPTIMISTIC);
        payment.transact(Payment::recordAbandoned);
        reconcile(gateway, payment, g.tenant(), g.orderId(), tokens.open(g.tenant(), g.orderId(), g.method()), g.amount(), ctx.attempt());
      }
      case Output.Reconcile r -> reconcile(gateway, c.payments().decider(r.tenant(), r.orderId()).withMetadata(ctx.metadata())
          .withLoadMode(LoadMode.OPTIMISTIC), r.tenant(), r.orderId(), tokens.open(r.tenant(), r.orderId(), r.method()), r.amount(),
          ctx.attempt());
      case Output.Capture cap -> {
        String captureId = gateway.capture(cap.authorizationId(), cap.amount(), Payment.idempotencyKey(cap.tenant(), cap.orderId(), "capture"));
        FusedCommit.transact(c.payments().decider(cap.tenant(), cap.orderId()).withMetadata(ctx.metadata()).withLoadMode(LoadMode.OPTIMISTIC),
            s -> Payment.recordCaptured(s, captureId, cap.amount()), ctx, then);
      }
      case Output.Void v -> {
        gateway.voidAuthorization(v.authorizationId(), Payment.idempotencyKey(v.tenant(), v.orderId(), "void"));
        c.payments().decider(v.tenant(), v.orderId()).withMetadata(ctx.metadata()).withLoadMode(LoadMode.OPTIMISTIC).transact(Payment::recordVoided);
      }
      case Output.Refund r -> {
        String refundId = gateway.refund(r.authorizationId(), r.amount(), Payment.idempotencyKey(r.tenant(), r.orderId(), "refund"));
        c.payments().decider(r.tenant(), r.orderId()).withMetadata(ctx.metadata()).withLoadMode(LoadMode.OPTIMISTIC).transact(s -> Payment.recordRefunded(s, refundId));
      }
    }
  }

  /**
   * After giving up on an authorization: sends it again with the same idempotency key, so the
   * gateway answers what became of it without authorizing twice; an approval is voided at once.
   * No answer yet: {@link RetryLater}, and the input comes back (then decided as {@link
   * Output.Reconcile}) with backoff; still none by attempt {@value #RECONCILE_ATTEMPTS} of the input:
   * parked for an operator (a {@link io.solstice.pipeline.PermanentFailureException} naming the
   * idempotency key to look up at the gateway).
   */
  private static void reconcile(PaymentGateway gateway, Decider<Payment.State, Payment.Event> payment, String tenant, String orderId,
      String token, Money amount, int attempt) {
    PaymentGateway.Authorization outcome;
    String key = Payment.idempotencyKey(tenant, orderId, "authorize");
    try {
      outcome = gateway.authorize(tenant, orderId, token, amount, key);
    } catch (PaymentGateway.GatewayTimeoutException stillNoAnswer) {
      if (attempt >= RECONCILE_ATTEMPTS) {
        throw new io.solstice.pipeline.PermanentFailureException("authorization of order " + orderId + " (tenant " + tenant + ") was given up"
            + " unanswered and the gateway still does not answer after " + attempt + " attempts; look up idempotency key " + key
            + " at the gateway, void the authorization there if it was approved, then replay this dead letter", stillNoAnswer);
      }
      throw new RetryLater("authorization of order " + orderId + " (tenant " + tenant + ") was given up unanswered and the gateway still"
          + " does not answer; asking again with backoff to void it if it was approved", stillNoAnswer);
    }
    switch (outcome) {
      case PaymentGateway.Authorization.Approved late -> {
        gateway.voidAuthorization(late.authorizationId(), Payment.idempotencyKey(tenant, orderId, "void"));
        payment.transact(s -> Payment.recordLateApprovalVoided(s, late.authorizationId()));
      }
      case PaymentGateway.Authorization.Declined no -> payment.transact(s -> Payment.recordLateDecline(s, no.reason()));
    }
  }
}
