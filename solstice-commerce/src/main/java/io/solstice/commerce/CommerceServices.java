package io.solstice.commerce;

import io.solstice.commerce.fraud.FraudScorer;
import io.solstice.commerce.fraud.FraudService;
import io.solstice.commerce.fulfillment.FulfillmentService;
import io.solstice.commerce.notification.MailSender;
import io.solstice.commerce.notification.NotificationService;
import io.solstice.commerce.order.OrderProcess;
import io.solstice.commerce.payment.PaymentGateway;
import io.solstice.commerce.payment.PaymentService;
import io.solstice.commerce.tenancy.TenancyService;
import io.solstice.pipeline.Service;
import java.util.List;

/**
 * The commerce reactions, by name: {@code fraud}, {@code payment}, {@code fulfillment},
 * {@code notification} and {@code order} (the process manager). Run them all in one process (the
 * default) or a subset per process with {@code --services}.
 */
public final class CommerceServices {
  private CommerceServices() {}

  /** Every service name, in flow order. */
  public static final List<String> NAMES = List.of(FraudService.NAME, OrderProcess.NAME, PaymentService.NAME,
      FulfillmentService.NAME, NotificationService.NAME);

  public static List<Service<?, ?>> all(Categories c, TenancyService tenancy, FraudScorer scorer, PaymentGateway gateway, MailSender mail) {
    return List.of(
        FraudService.service(c, tenancy, scorer),
        OrderProcess.service(c),
        PaymentService.service(c, tenancy, gateway),
        FulfillmentService.service(c),
        NotificationService.service(c, tenancy, mail));
  }
}
