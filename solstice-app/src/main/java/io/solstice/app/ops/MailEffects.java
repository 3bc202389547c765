package io.solstice.app.ops;

import io.solstice.commerce.order.Order;
import io.solstice.commerce.shared.Reactions;
import io.solstice.core.RecordedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The mail an event caused, for the console's causation view. Mails are effects without events:
 * the {@code notification} service mails the customer on an order's {@code Confirmed}, {@code
 * Shipped} and {@code Cancelled}, and keys each mail by the id of that event. With the embedded file
 * sink the mail is {@code DATA/mail/<key>.eml}, so whether it was written can be seen; over SMTP
 * nothing records it here.
 */
public final class MailEffects {
  private static final Set<String> MAILED = Reactions.types(Order.Confirmed.class, Order.Shipped.class, Order.Cancelled.class);

  private final Path directory;

  /** {@code directory} is the file sink's directory, or null when mail goes over SMTP. */
  public MailEffects(Path directory) {
    this.directory = directory;
  }

  /**
   * A mail caused by an event.
   *
   * @param key the mail's key (the event's id), also its file name and Message-ID
   * @param subject its subject
   * @param status {@code written} (the file exists), {@code pending} (the file sink has not written it yet: the
   *     notification service is behind, or holds a dead letter for it), or {@code smtp} (handed to an SMTP server; not recorded)
   */
  public record Mail(String key, String subject, String status) {}

  /** The mail {@code event} causes, if it causes one. */
  public Optional<Mail> of(RecordedEvent event) {
    if (!event.stream().category().equals(Order.CATEGORY) || !MAILED.contains(event.type())) {
      return Optional.empty();
    }
    String key = event.eventId().toString();
    String subject = "Order " + event.stream().id() + " " + event.type().toLowerCase(Locale.ROOT);
    String status = directory == null ? "smtp" : Files.exists(directory.resolve(key + ".eml")) ? "written" : "pending";
    return Optional.of(new Mail(key, subject, status));
  }
}
