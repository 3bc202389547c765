package io.solstice.commerce.notification;

import io.solstice.commerce.Categories;
import io.solstice.commerce.order.Order;
import io.solstice.commerce.shared.OrderLine;
import io.solstice.commerce.shared.Reactions;
import io.solstice.commerce.tenancy.Policy;
import io.solstice.commerce.tenancy.Tenancy;
import io.solstice.pipeline.Service;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Service {@code notification}: mails the customer when an order is confirmed, shipped or cancelled,
 * with the plain-ASCII subjects {@code Order ID confirmed}, {@code Order ID shipped} and
 * {@code Order ID cancelled}. Each mail's key is the id of the event that caused it: the file sink
 * writes it exactly once, SMTP delivers it at least once with a stable {@code Message-ID}.
 */
public final class NotificationService {
  private NotificationService() {}

  public static final String NAME = "notification";

  private static final Set<String> TYPES = Reactions.types(Order.Confirmed.class, Order.Shipped.class, Order.Cancelled.class);

  /** An order event that calls for a mail. */
  public record Input(String tenant, String orderId, String eventId, String what, long version) {}

  public static Service<Input, Optional<Mail>> service(Categories c, Tenancy tenancy, MailSender sender) {
    return Service.named(NAME)
        .consume("store:" + Order.CATEGORY)
        .decode(e -> TYPES.contains(e.type())
            ? Optional.of(new Input(e.stream().tenant(), e.stream().id(), e.eventId().toString(), e.type().toLowerCase(java.util.Locale.ROOT), e.version()))
            : Optional.empty())
        .handle(in -> compose(c, tenancy, in))
        .interpret((mail, ctx) -> mail.ifPresent(sender::send))
        .correlation(in -> List.of(in.orderId()))
        .retry(Reactions.externalParty())
        .build();
  }

  static Optional<Mail> compose(Categories c, Tenancy tenancy, Input in) {
    Order.State order = Reactions.upTo(c.orders().decider(in.tenant(), in.orderId()), in.version()).query(Function.identity());
    if (!order.exists()) {
      return Optional.empty();
    }
    Policy policy = tenancy.context(in.tenant()).map(Tenancy.TenantContext::policy).orElse(Policy.defaults(in.tenant()));
    Order.Placed p = order.placed();
    StringBuilder body = new StringBuilder();
    body.append("Hello ").append(p.customer().name()).append(",\n\n");
    body.append(switch (in.what()) {
      case "confirmed" -> "thank you for your order " + in.orderId() + ". It is confirmed and will ship soon.";
      case "shipped" -> "your order " + in.orderId() + " has shipped.";
      default -> "your order " + in.orderId() + " has been cancelled. Any payment has been released or refunded.";
    }).append("\n\n");
    for (OrderLine line : p.lines()) {
      body.append(String.format("  %4d x %-40s %12s%n", line.quantity(), line.name(), line.total()));
    }
    body.append(String.format("%n  Total: %s%n", p.totals().total()));
    return Optional.of(new Mail(in.eventId(), in.tenant(), policy.mailSender(), p.customer().email(),
        "Order " + in.orderId() + " " + in.what(), body.toString()));
  }
}
