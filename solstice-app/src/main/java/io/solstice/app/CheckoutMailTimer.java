package io.solstice.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.solstice.app.ops.LatencyWindow;
import io.solstice.commerce.notification.Mail;
import io.solstice.commerce.notification.MailSender;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link MailSender} that times checkout → confirmation mail: when a mail with the subject {@code
 * Order ID confirmed} has been handed over, it records the time since the order was placed in
 * {@code solstice.checkout.to.mail} (tag {@code tenant}; a percentile histogram for Prometheus)
 * and in a {@link LatencyWindow} (the console's chart, all tenants). The checkout time is read from the order id:
 * order ids are ULIDs whose first 10 characters are the checkout's millisecond. Other mails, and
 * ids that are not ULIDs, are sent and not timed.
 */
final class CheckoutMailTimer implements MailSender {

  /** The metric's name. */
  static final String METRIC = "solstice.checkout.to.mail";

  private static final Pattern CONFIRMED = Pattern.compile("Order ([0-9A-HJKMNP-TV-Z]{26}) confirmed");
  private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  private final MailSender delegate;
  private final MeterRegistry meters;
  private final Clock clock;
  private final LatencyWindow window;
  private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

  CheckoutMailTimer(MailSender delegate, MeterRegistry meters, Clock clock, LatencyWindow window) {
    this.delegate = delegate;
    this.meters = meters;
    this.clock = clock;
    this.window = window;
  }

  @Override
  public void send(Mail mail) {
    delegate.send(mail);
    Matcher m = CONFIRMED.matcher(mail.subject());
    if (m.matches()) {
      long placedAt = ulidMillis(m.group(1));
      long elapsed = clock.millis() - placedAt;
      if (elapsed >= 0) {
        timer(mail.tenant()).record(Duration.ofMillis(elapsed));
        window.record(elapsed);
      }
    }
  }

  private Timer timer(String tenant) {
    String t = tenant == null ? "-" : tenant;
    Timer timer = timers.get(t);
    return timer != null ? timer : timers.computeIfAbsent(t, k -> timer(meters, k));
  }

  /** The timer of {@code tenant} (created when missing). */
  static Timer timer(MeterRegistry meters, String tenant) {
    return Timer.builder(METRIC).description("checkout to confirmation mail handed over")
        .tag("tenant", tenant)
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
        .register(meters);
  }

  /** The millisecond timestamp in the first 10 characters of a ULID. */
  static long ulidMillis(String ulid) {
    long t = 0;
    for (int i = 0; i < 10; i++) {
      t = (t << 5) | CROCKFORD.indexOf(ulid.charAt(i));
    }
    return t;
  }
}
