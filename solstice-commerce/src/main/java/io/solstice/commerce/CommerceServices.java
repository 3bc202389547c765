package io.solstice.commerce;

import io.solstice.commerce.analytics.AnalyticsService;
import io.solstice.commerce.fraud.FraudScorer;
import io.solstice.commerce.fraud.FraudService;
import io.solstice.commerce.fulfillment.FulfillmentService;
import io.solstice.commerce.notification.MailSender;
import io.solstice.commerce.notification.NotificationService;
import io.solstice.commerce.order.OrderProcess;
import io.solstice.commerce.payment.PaymentGateway;
import io.solstice.commerce.payment.PaymentService;
import io.solstice.commerce.payment.PaymentTokens;
import io.solstice.commerce.readmodel.Projections;
import io.solstice.commerce.shared.FollowOn;
import io.solstice.commerce.shared.FusedCommit;
import io.solstice.commerce.tenancy.Tenancy;
import io.solstice.pipeline.Service;
import java.util.List;
import java.util.Optional;

/**
 * The commerce services, by name: the reactions of the order flow ({@code fraud}, {@code order}
 * — the process manager — {@code payment}, {@code fulfillment}, {@code notification}) and the
 * read-model maintainers ({@code projections}, {@code analytics}). Run them all in one process (the default) or a
 * subset per process with {@code --services}.
 */
public final class CommerceServices {
  private CommerceServices() {}

  /** The reactions of the order flow, in flow order. */
  public static final List<String> REACTIONS = List.of(FraudService.NAME, OrderProcess.NAME, PaymentService.NAME,
      FulfillmentService.NAME, NotificationService.NAME);

  /** Every service name. */
  public static final List<String> NAMES = List.of(FraudService.NAME, OrderProcess.NAME, PaymentService.NAME,
      FulfillmentService.NAME, NotificationService.NAME, Projections.NAME, AnalyticsService.NAME);

  /** The reactions of the order flow; they need only the store (through {@code c}) and the adapters. */
  public static List<Service<?, ?>> reactions(Categories c, Tenancy tenancy, FraudScorer scorer, PaymentGateway gateway, MailSender mail) {
    return reactions(c, tenancy, scorer, gateway, mail, PaymentTokens.ephemeral());
  }

  /** As {@link #reactions(Categories, Tenancy, FraudScorer, PaymentGateway, MailSender)}, opening payment tokens with {@code tokens}. */
  public static List<Service<?, ?>> reactions(Categories c, Tenancy tenancy, FraudScorer scorer, PaymentGateway gateway, MailSender mail,
      PaymentTokens tokens) {
    return reactions(c, tenancy, scorer, gateway, mail, tokens, false);
  }

  /**
   * As {@link #reactions(Categories, Tenancy, FraudScorer, PaymentGateway, MailSender, PaymentTokens)};
   * {@code fuseOrder} when the {@code order} service runs in this process: {@code fraud} and {@code
   * payment} then commit its decision on their events together with their own ({@link FusedCommit}),
   * writing the same events as when the services run in separate processes.
   */
  public static List<Service<?, ?>> reactions(Categories c, Tenancy tenancy, FraudScorer scorer, PaymentGateway gateway, MailSender mail,
      PaymentTokens tokens, boolean fuseOrder) {
    Optional<OrderProcess.Fused> fused = fuseOrder ? Optional.of(OrderProcess.followOn(c)) : Optional.empty();
    Optional<FollowOn> order = fused.map(f -> f);
    return List.of(
        FraudService.service(c, tenancy, scorer, order),
        OrderProcess.service(c, fused),
        PaymentService.service(c, tenancy, gateway, tokens, order),
        FulfillmentService.service(c),
        NotificationService.service(c, tenancy, mail));
  }
}
