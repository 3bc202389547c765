package io.solstice.app;

import io.solstice.commerce.fraud.EmbeddedFraudScorer;
import io.solstice.commerce.fraud.FraudScorer;
import io.solstice.commerce.fraud.HttpFraudScorer;
import io.solstice.commerce.notification.FileMailSink;
import io.solstice.commerce.notification.MailSender;
import io.solstice.commerce.notification.SmtpMailSender;
import io.solstice.commerce.payment.HttpPaymentGateway;
import io.solstice.commerce.payment.PaymentGateway;
import io.solstice.commerce.payment.SimulatedPaymentGateway;
import io.solstice.core.codec.Json;
import java.time.Clock;

/** The external parties a {@link Platform} talks to, chosen by its {@link Platform.Config}: real clients or embedded simulators. */
final class Adapters {
  private Adapters() {}

  static FraudScorer scorer(Platform.Config config) {
    return config.fraudUrl() == null ? new EmbeddedFraudScorer() : new HttpFraudScorer(config.fraudUrl(), config.adapterTimeout(), Json.mapper());
  }

  static PaymentGateway gateway(Platform.Config config) {
    return config.paymentUrl() == null
        ? new SimulatedPaymentGateway()
        : new HttpPaymentGateway(config.paymentUrl(), config.adapterTimeout(), Json.mapper());
  }

  static MailSender mail(Platform.Config config, Clock clock) {
    if (config.smtp() == null) {
      return new FileMailSink(config.dataDirectory().resolve("mail"), clock);
    }
    try {
      return SmtpMailSender.parse(config.smtp(), clock);
    } catch (IllegalArgumentException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }
}
