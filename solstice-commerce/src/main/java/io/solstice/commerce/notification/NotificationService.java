package io.solstice.commerce.notification;

import io.solstice.commerce.Categories;
import io.solstice.commerce.order.Order;
import io.solstice.commerce.shared.OrderLine;
import io.solstice.commerce.shared.Reactions;
import io.solstice.commerce.tenancy.Policy;
import io.solstice.commerce.tenancy.Tenancy;
import io.solstice.core.RecordedEvent;
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

  /** What a mail tells the customer; {@link #word()} ends its subject. */
  public enum Kind {
    CONFIRMED("confirmed"),
    SHIPPED("shipped"),
    CANCELLED("cancelled");

    private final String word;

    Kind(String word) {
      this.word = word;
    }

    /** The last word of the subject, {@code Order ID <word>}. */
    public String word() {
      return word;
    }
  }

  /** The order events that call for a mail ({@link #kind}); others are skipped without parsing their data. */
  private static final Set<String> TYPES = Reactions.types(Order.Confirmed.class, Order.Shipped.class, Order.Cancelled.class);

  /** An order event that calls for a mail; {@code eventId} (the causing event's) keys the mail. */
  public record Input(String tenant, String orderId, String eventId, Kind kind, long version) {}

  public static Service<Input, Optional<Mail>> service(Categories c, Tenancy tenancy, MailSender sender) {
    return Service.named(NAME)
        .consume("store:" + Order.CATEGORY)
        .decode(e -> decode(c, e))
        .handle(in -> compose(c, tenancy, in))
        .interpret((mail, ctx) -> mail.ifPresent(sender::send))
        .correlation(in -> List.of(in.orderId()))
        .retry(Reactions.externalParty())
        .build();
  }

  /** The input an order event makes, if it calls for a mail. */
  static Optional<Input> decode(Categories c, RecordedEvent e) {
    return Reactions.decodeIf(c.orders(), e, TYPES).flatMap(NotificationService::kind)
        .map(k -> new Input(e.stream().tenant(), e.stream().id(), e.eventId().toString(), k, e.version()));
  }

  /** The mail an order event calls for, if any: every event named here, so a new one must be placed. */
  static Optional<Kind> kind(Order.Event e) {
    return Optional.ofNullable(switch (e) {
      case Order.Confirmed cf -> Kind.CONFIRMED;
      case Order.Shipped sh -> Kind.SHIPPED;
      case Order.Cancelled cn -> Kind.CANCELLED;
      case Order.Placed p -> null;
      case Order.FraudAccepted f -> null;
      case Order.ReviewRequired r -> null;
      case Order.ReviewApproved r -> null;
      case Order.Rejected r -> null;
      case Order.PaymentAuthorized a -> null;
      case Order.PaymentDeclined d -> null;
      case Order.Released r -> null;
      case Order.ShipmentAdded a -> null;
      case Order.ShipmentDelivered d -> null;
      case Order.Delivered d -> null;
      case Order.PaymentCaptured cp -> null;
      case Order.Completed cp -> null;
    });
  }

  /** The mail for {@code in}, or none when the order does not exist. */
  static Optional<Mail> compose(Categories c, Tenancy tenancy, Input in) {
    Order.State order = Reactions.upTo(c.orders().decider(in.tenant(), in.orderId()), in.version()).query(Function.identity());
    if (!order.exists()) {
      return Optional.empty();
    }
    Policy policy = tenancy.context(in.tenant()).map(Tenancy.TenantContext::policy).orElse(Policy.defaults(in.tenant()));
    return Optional.of(mail(in, order.placed(), policy));
  }

  /** The mail for {@code in} about the order as placed, from the tenant's sender address. */
  static Mail mail(Input in, Order.Placed p, Policy policy) {
    StringBuilder body = new StringBuilder();
    body.append("Hello ").append(p.customer().name()).append(",\n\n");
    body.append(switch (in.kind()) {
      case CONFIRMED -> "thank you for your order " + in.orderId() + ". It is confirmed and will ship soon.";
      case SHIPPED -> "your order " + in.orderId() + " has shipped.";
      case CANCELLED -> "your order " + in.orderId() + " has been cancelled. Any payment has been released or refunded.";
    }).append("\n\n");
    for (OrderLine line : p.lines()) {
      body.append(String.format("  %4d x %-40s %12s%n", line.quantity(), line.name(), line.total()));
    }
    body.append(String.format("%n  Total: %s%n", p.totals().total()));
    return new Mail(in.eventId(), in.tenant(), policy.mailSender(), p.customer().email(),
        "Order " + in.orderId() + " " + in.kind().word(), body.toString());
  }
}
