package io.solstice.commerce.order;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.solstice.commerce.Categories;
import io.solstice.commerce.fraud.FraudCheck;
import io.solstice.commerce.inventory.Stock;
import io.solstice.commerce.payment.Payment;
import io.solstice.commerce.shared.FollowOn;
import io.solstice.commerce.shared.OrderLine;
import io.solstice.commerce.shared.Reactions;
import io.solstice.core.RecordedEvent;
import io.solstice.core.decider.MultiStreamDecider;
import io.solstice.pipeline.EffectContext;
import io.solstice.pipeline.Parallelism;
import io.solstice.pipeline.Service;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Service {@code order}, the process manager of the order flow. It carries the outcomes of the
 * other services to the order — the fraud verdict, the payment's authorization, decline and capture —
 * and compensates when an order ends early: a rejected, declined or cancelled order gives its stock
 * back. Every step is an idempotent decision on the order or stock, keyed by order id so the inputs
 * of one order run one at a time.
 */
public final class OrderProcess {
  private OrderProcess() {}

  public static final String NAME = "order";

  // The types each category's decoding below maps to an input; others are skipped without parsing their data.
  private static final Set<String> FRAUD_TYPES = Reactions.types(FraudCheck.Scored.class);
  private static final Set<String> PAYMENT_TYPES = Reactions.types(Payment.Authorized.class, Payment.Declined.class, Payment.Captured.class);
  private static final Set<String> ORDER_TYPES = Reactions.types(Order.Rejected.class, Order.PaymentDeclined.class, Order.Cancelled.class);

  /** An outcome to carry to an order. */
  public sealed interface Input {
    String tenant();

    String orderId();

    record Scored(String tenant, String orderId, FraudCheck.Scored verdict) implements Input {}

    record PaymentOutcome(String tenant, String orderId, Payment.Event outcome) implements Input {}

    /** The order ended early ({@code ended}: rejected, payment declined or cancelled) at {@code version}. */
    record Ended(String tenant, String orderId, OrderStatus ended, long version) implements Input {}
  }

  /** The decisions to carry out. */
  public sealed interface Output {
    record OrderEvents(String tenant, String orderId, Function<Order.State, List<Order.Event>> decide) implements Output {}

    record ReleaseStock(String tenant, String orderId, List<String> skus, String why) implements Output {}
  }

  public static Service<Input, Output> service(Categories c) {
    return service(c, Optional.empty());
  }

  /** The service; with {@code fused} (its {@link #followOn}), events whose decision a fused commit holds are skipped. */
  public static Service<Input, Output> service(Categories c, Optional<Fused> fused) {
    return Service.named(NAME)
        .consume("store:" + FraudCheck.CATEGORY + "," + Payment.CATEGORY + "," + Order.CATEGORY)
        .decode(e -> fused.isPresent() && fused.get().takeDecided(e.eventId()) ? Optional.<Input>empty() : decode(c, e))
        .handle(in -> handle(c, in))
        .interpret((out, ctx) -> interpret(c, out, ctx))
        .parallelism(Parallelism.byKey(Input::orderId))
        .correlation(in -> List.of(in.orderId()))
        .build();
  }

  /**
   * This service as a {@link FollowOn} of {@code fraud}'s and {@code payment}'s commits, when it runs
   * in their process: the same decode and handle, and the order events its interpret would append
   * staged into their commit. Stock releases are not staged (no fused reaction writes the order
   * events that cause them); they run when the event arrives from the feed. Pass the same instance
   * to {@link #service(Categories, Optional)}.
   */
  public static Fused followOn(Categories c) {
    return new Fused(c);
  }

  /**
   * The follow-on of {@link #followOn}, remembering (in memory, up to {@value #DECIDED_CAPACITY}
   * events) the events whose decision a fused commit holds, so that the service skips them when the
   * feed delivers them instead of deciding again to append nothing (a read of the order to verify
   * the empty decision). Forgotten or never known events (another process, a restart) are decided
   * as usual.
   */
  public static final class Fused implements FollowOn {
    private final Categories c;
    private final Cache<UUID, Boolean> decided = Caffeine.newBuilder().maximumSize(DECIDED_CAPACITY).build();

    private Fused(Categories c) {
      this.c = c;
    }

    @Override
    public String service() {
      return NAME;
    }

    @Override
    public boolean stage(RecordedEvent event, EffectContext ctx, MultiStreamDecider.Context tx) {
      return decode(c, event).map(in -> switch (handle(c, in)) {
        case Output.OrderEvents o -> FollowOn.stageIfAny(tx, Reactions.reacting(c.orders().decider(o.tenant(), o.orderId()), ctx), o.decide());
        case Output.ReleaseStock r -> false;
      }).orElse(false);
    }

    @Override
    public void decidedInCommit(UUID eventId) {
      decided.put(eventId, Boolean.TRUE);
    }

    @Override
    public void notCommitted(UUID eventId) {
      decided.invalidate(eventId);
    }

    /** True, once, if a fused commit holds this service's decision for the event. */
    boolean takeDecided(UUID eventId) {
      return decided.asMap().remove(eventId) != null;
    }
  }

  /** How many events' fused decisions {@link Fused} remembers until the feed delivers them. */
  static final int DECIDED_CAPACITY = 16_384;

  static Optional<Input> decode(Categories c, RecordedEvent e) {
    String tenant = e.stream().tenant();
    String id = e.stream().id();
    return switch (e.stream().category()) {
      case FraudCheck.CATEGORY -> Reactions.decodeIf(c.fraudChecks(), e, FRAUD_TYPES).map(ev -> switch (ev) {
        case FraudCheck.Scored scored -> new Input.Scored(tenant, id, scored);
      });
      case Payment.CATEGORY -> Reactions.decodeIf(c.payments(), e, PAYMENT_TYPES).map(ev -> new Input.PaymentOutcome(tenant, id, ev));
      case Order.CATEGORY -> Reactions.decodeIf(c.orders(), e, ORDER_TYPES).flatMap(OrderProcess::ending)
          .map(ended -> new Input.Ended(tenant, id, ended, e.version()));
      default -> Optional.empty();
    };
  }

  /** The status an order event ends the order in early, if it does: every event named here, so a new one must be placed. */
  static Optional<OrderStatus> ending(Order.Event e) {
    return Optional.ofNullable(switch (e) {
      case Order.Rejected r -> OrderStatus.REJECTED;
      case Order.PaymentDeclined d -> OrderStatus.PAYMENT_DECLINED;
      case Order.Cancelled cn -> OrderStatus.CANCELLED;
      case Order.Placed p -> null;
      case Order.FraudAccepted f -> null;
      case Order.ReviewRequired r -> null;
      case Order.ReviewApproved r -> null;
      case Order.PaymentAuthorized a -> null;
      case Order.Confirmed cf -> null;
      case Order.Released r -> null;
      case Order.ShipmentAdded a -> null;
      case Order.Shipped sh -> null;
      case Order.ShipmentDelivered d -> null;
      case Order.Delivered d -> null;
      case Order.PaymentCaptured cp -> null;
      case Order.Completed cp -> null;
    });
  }

  static Output handle(Categories c, Input in) {
    return switch (in) {
      case Input.Scored s -> new Output.OrderEvents(s.tenant(), s.orderId(),
          o -> Order.recordFraudCheck(o, s.verdict().verdict(), s.verdict().score(), s.verdict().reason()));
      case Input.PaymentOutcome p -> new Output.OrderEvents(p.tenant(), p.orderId(), switch (p.outcome()) {
        case Payment.Authorized a -> o -> Order.recordAuthorization(o, a.authorizationId(), a.amount());
        case Payment.Declined d -> o -> Order.recordDecline(o, d.reason());
        case Payment.Captured cap -> o -> Order.recordCapture(o, cap.captureId(), cap.amount());
        case Payment.AttemptTimedOut t -> o -> List.of();
        case Payment.Voided v -> o -> List.of();
        case Payment.Refunded r -> o -> List.of();
      });
      case Input.Ended e -> {
        Order.State order = Reactions.upTo(c.orders().decider(e.tenant(), e.orderId()), e.version()).query(Function.identity());
        List<String> skus = order.exists() ? order.placed().lines().stream().map(OrderLine::sku).distinct().toList() : List.of();
        yield new Output.ReleaseStock(e.tenant(), e.orderId(), skus, "order " + e.ended().wireName());
      }
    };
  }

  static void interpret(Categories c, Output out, EffectContext ctx) {
    switch (out) {
      case Output.OrderEvents o -> Reactions.reacting(c.orders().decider(o.tenant(), o.orderId()), ctx).transact(o.decide());
      case Output.ReleaseStock r -> {
        for (String sku : r.skus()) {
          // giving this order's units back cannot oversell: appended unchecked, it never fights checkouts for the version
          Reactions.reacting(c.stock().decider(r.tenant(), sku), ctx).withUncheckedAppends()
              .transact(s -> Stock.release(s, r.orderId(), r.why()));
        }
      }
    }
  }
}
