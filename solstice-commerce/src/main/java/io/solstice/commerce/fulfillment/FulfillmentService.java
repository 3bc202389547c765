package io.solstice.commerce.fulfillment;

import io.solstice.commerce.Categories;
import io.solstice.commerce.inventory.Stock;
import io.solstice.commerce.order.Order;
import io.solstice.commerce.shared.OrderLine;
import io.solstice.commerce.shared.Reactions;
import io.solstice.core.RecordedEvent;
import io.solstice.core.decider.EventIds;
import io.solstice.core.decider.LoadMode;
import io.solstice.core.decider.MultiStreamDecider;
import io.solstice.pipeline.EffectContext;
import io.solstice.pipeline.Service;
import java.util.List;
import java.util.Optional;
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

  /** The order events that release an order ({@link #releases}); others are skipped without parsing their data. */
  private static final Set<String> TYPES = Reactions.types(Order.Confirmed.class);

  /** A confirmed order. */
  public record Input(String tenant, String orderId) {}

  public static Service<Input, Input> service(Categories c) {
    return Service.named(NAME)
        .consume("store:" + Order.CATEGORY)
        .decode(e -> decode(c, e))
        .handle(in -> in)
        .interpret((in, ctx) -> release(c, in, ctx))
        .correlation(in -> List.of(in.orderId()))
        .build();
  }

  /** The input an order event makes, if it releases the order. */
  static Optional<Input> decode(Categories c, RecordedEvent e) {
    return Reactions.decodeIf(c.orders(), e, TYPES).filter(FulfillmentService::releases)
        .map(x -> new Input(e.stream().tenant(), e.stream().id()));
  }

  /** Whether an order event releases the order to the warehouse: every event named here, so a new one must be placed. */
  static boolean releases(Order.Event e) {
    return switch (e) {
      case Order.Confirmed cf -> true;
      case Order.Placed p -> false;
      case Order.FraudAccepted f -> false;
      case Order.ReviewRequired r -> false;
      case Order.ReviewApproved r -> false;
      case Order.Rejected r -> false;
      case Order.PaymentAuthorized a -> false;
      case Order.PaymentDeclined d -> false;
      case Order.Released r -> false;
      case Order.ShipmentAdded a -> false;
      case Order.Shipped sh -> false;
      case Order.ShipmentDelivered d -> false;
      case Order.Delivered d -> false;
      case Order.PaymentCaptured cp -> false;
      case Order.Completed cp -> false;
      case Order.Cancelled cn -> false;
    };
  }

  /**
   * Allocates optimistically, without the stock locks that checkouts take: holding them across the
   * append made allocations queue behind checkouts of the same SKUs (Confirmed → Released p99 3.6 s
   * against 1.5 s without, in bench checkout), while a conflict costs one re-decision.
   */
  static void release(Categories c, Input in, EffectContext ctx) {
    var order = c.orders().decider(in.tenant(), in.orderId());
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
