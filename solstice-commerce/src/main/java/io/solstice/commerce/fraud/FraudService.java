package io.solstice.commerce.fraud;

import io.solstice.commerce.Categories;
import io.solstice.commerce.order.Order;
import io.solstice.commerce.order.OrderStatus;
import io.solstice.commerce.shared.FollowOn;
import io.solstice.commerce.shared.FusedCommit;
import io.solstice.commerce.shared.Reactions;
import io.solstice.commerce.tenancy.Tenancy;
import io.solstice.core.RecordedEvent;
import io.solstice.core.decider.LoadMode;
import io.solstice.pipeline.EffectContext;
import io.solstice.pipeline.Service;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Service {@code fraud}: on {@code Order.Placed}, loads the order; if it is cancelled or no longer
 * waiting for a verdict, does nothing; else scores it and records the verdict in the order's
 * {@link FraudCheck} stream. The {@code order} service carries the verdict to the order: in the same
 * commit when it runs in this process ({@link FusedCommit}).
 */
public final class FraudService {
  private FraudService() {}

  public static final String NAME = "fraud";

  /** The order events that start a check ({@link #toCheck}); others are skipped without parsing their data. */
  private static final Set<String> TYPES = Reactions.types(Order.Placed.class);

  /** An order to check; {@code version} is the order stream's version of its {@code Placed}. */
  public record Input(String tenant, String orderId, long version) {}

  /** What to do about it. */
  public sealed interface Output {
    record Skip(String why) implements Output {}

    record Record(String tenant, FraudCheck.Scored scored) implements Output {}
  }

  public static Service<Input, Output> service(Categories c, Tenancy tenancy, FraudScorer scorer) {
    return service(c, tenancy, scorer, Optional.empty());
  }

  /**
   * The service; with {@code then} (the {@code order} service running in this process), each verdict
   * is committed together with what {@code then} decides for it ({@link FusedCommit}).
   */
  public static Service<Input, Output> service(Categories c, Tenancy tenancy, FraudScorer scorer, Optional<FollowOn> then) {
    return Service.named(NAME)
        .consume("store:" + Order.CATEGORY)
        .decode((RecordedEvent e) -> decode(c, e))
        .handle(in -> handle(c, tenancy, scorer, in))
        .interpret((out, ctx) -> interpret(out, ctx, c, then))
        .correlation(in -> List.of(in.orderId()))
        .retry(Reactions.externalParty())
        .build();
  }

  /** The input an order event makes, if it starts a check. */
  static Optional<Input> decode(Categories c, RecordedEvent e) {
    return Reactions.decodeIf(c.orders(), e, TYPES).flatMap(FraudService::toCheck)
        .map(placed -> new Input(e.stream().tenant(), placed.orderId(), e.version()));
  }

  /** The order to check, if the event asks for a check: every event named here, so a new one must be placed. */
  static Optional<Order.Placed> toCheck(Order.Event e) {
    return Optional.ofNullable(switch (e) {
      case Order.Placed p -> p;
      case Order.FraudAccepted f -> null;
      case Order.ReviewRequired r -> null;
      case Order.ReviewApproved r -> null;
      case Order.Rejected r -> null;
      case Order.PaymentAuthorized a -> null;
      case Order.PaymentDeclined d -> null;
      case Order.Confirmed cf -> null;
      case Order.Released r -> null;
      case Order.ShipmentAdded a -> null;
      case Order.Shipped sh -> null;
      case Order.ShipmentDelivered d -> null;
      case Order.Delivered d -> null;
      case Order.PaymentCaptured cp -> null;
      case Order.Completed cp -> null;
      case Order.Cancelled cn -> null;
    });
  }

  static Output handle(Categories c, Tenancy tenancy, FraudScorer scorer, Input in) {
    Order.State order = Reactions.upTo(c.orders().decider(in.tenant(), in.orderId()), in.version()).query(Function.identity());
    if (!order.exists() || order.status() != OrderStatus.PLACED || order.fraudCleared()) {
      return new Output.Skip("order is " + (order.exists() ? order.status().wireName() : "missing"));
    }
    // a verdict, once recorded, stays: a cached one is as good as a read (a stale "not yet" only costs a repeated score, which records nothing)
    if (c.fraudChecks().decider(in.tenant(), in.orderId()).withLoadMode(LoadMode.ANY_CACHED).query(s -> s.scored() != null)) {
      return new Output.Skip("already scored");
    }
    var policy = tenancy.context(in.tenant()).orElseThrow(() -> new IllegalStateException("tenant " + in.tenant() + " has no tenant record")).policy();
    Order.Placed placed = order.placed();
    FraudScorer.Verdict v = scorer.score(new FraudScorer.Request(in.tenant(), in.orderId(), placed.customer().email(),
        placed.totals().total(), policy.fraudReviewThreshold()));
    return new Output.Record(in.tenant(), new FraudCheck.Scored(in.orderId(), v.verdict(), v.score(), v.reason(), scorer.name()));
  }

  static void interpret(Output out, EffectContext ctx, Categories c, Optional<FollowOn> then) {
    switch (out) {
      case Output.Skip s -> {}
      case Output.Record r -> FusedCommit.transact(Reactions.reacting(c.fraudChecks().decider(r.tenant(), r.scored().orderId()), ctx),
          s -> FraudCheck.record(s, r.scored()), ctx, then);
    }
  }
}
