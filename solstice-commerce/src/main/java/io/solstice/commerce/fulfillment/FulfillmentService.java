package io.solstice.commerce.fulfillment;

import io.solstice.commerce.Categories;
import io.solstice.commerce.inventory.Stock;
import io.solstice.commerce.inventory.StockLocks;
import io.solstice.commerce.shared.StripedLocks;
import io.solstice.commerce.order.Order;
import io.solstice.commerce.shared.OrderLine;
import io.solstice.commerce.shared.Reactions;
import io.solstice.core.decider.EventIds;
import io.solstice.core.decider.LoadMode;
import io.solstice.core.decider.MultiStreamDecider;
import io.solstice.pipeline.EffectContext;
import io.solstice.pipeline.Service;
import java.util.List;
import java.util.Set;

/**
 * Service {@code fulfillment}: releases every confirmed order to the warehouse — the order becomes
 * {@code released} and its stock reservations become allocations, in one atomic append. Shipments
 * and deliveries come from the warehouse over HTTP ({@code POST /orders/{id}/shipments},
 * {@code POST /shipments/{id}/delivered}).
 */
public final class FulfillmentService {
  private FulfillmentService() {}

  public static final String NAME = "fulfillment";

  private static final Set<String> TYPES = Reactions.types(Order.Confirmed.class);

  /** A confirmed order. */
  public record Input(String tenant, String orderId) {}

  public static Service<Input, Input> service(Categories c) {
    return Service.named(NAME)
        .consume("store:" + Order.CATEGORY)
        .decode(e -> Reactions.decodeIf(c.orders(), e, TYPES).map(x -> new Input(e.stream().tenant(), e.stream().id())))
        .handle(in -> in)
        .interpret((in, ctx) -> release(c, in, ctx))
        .correlation(in -> List.of(in.orderId()))
        .build();
  }

  static void release(Categories c, Input in, EffectContext ctx) {
    var order = c.orders().decider(in.tenant(), in.orderId());
    // the order's lines never change after Placed: take its stock locks, so checkouts of the same
    // SKUs in this process wait instead of conflicting with the allocation
    Order.State known = Reactions.upTo(order, ctx.event().version()).query(java.util.function.Function.identity());
    List<String> skus = known.exists() ? known.placed().lines().stream().map(OrderLine::sku).distinct().toList() : List.of();
    try (StripedLocks.Held held = StockLocks.of(c).lock(in.tenant(), skus)) {
      allocate(c, in, ctx, order);
    }
  }

  private static void allocate(Categories c, Input in, EffectContext ctx, io.solstice.core.decider.Decider<Order.State, Order.Event> order) {
    MultiStreamDecider.on(c.store()).withLoadMode(LoadMode.OPTIMISTIC).withMetadata(ctx.metadata()).withEventIds(EventIds.fromCausation(NAME + ":" + ctx.event().eventId()))
        .withMaxAttempts(10)
        .transact(tx -> {
          Order.State o = tx.state(order);
          List<Order.Event> released = Order.release(o);
          if (released.isEmpty()) {
            return null;
          }
          tx.append(order, released);
          for (String sku : o.placed().lines().stream().map(OrderLine::sku).distinct().toList()) {
            var stock = c.stock().decider(in.tenant(), sku);
            tx.append(stock, Stock.allocate(tx.state(stock), in.orderId()));
          }
          return null;
        });
  }
}
