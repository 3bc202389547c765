package io.solstice.commerce.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import io.solstice.pipeline.PermanentFailureException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Properties;

/** Builds the RFC 5322 message of a {@link Mail}, identical for the file sink and SMTP. */
final class MimeMessages {
  private MimeMessages() {}

  /** The system property through which jakarta.mail finds its stream provider. */
  static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

  /** The {@code Date} header's format (RFC 5322 section 3.3), in UTC. */
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

  static {
    // jakarta.mail looks its StreamProvider up on every MimeMessage.writeTo: through ServiceLoader
    // (a scan of the class path's service files; the notification service's main CPU cost) unless
    // this property names the class. Name the provider it would find anyway, Angus Mail's.
    if (System.getProperty(STREAM_PROVIDER) == null) {
      System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
    }
  }

  static MimeMessage build(Session session, Mail mail, Instant sentAt) throws MessagingException {
    MimeMessage message = new MimeMessage(session) {
      @Override
      protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", mail.messageId());
      }
    };
    message.setFrom(address(mail, "sender", mail.from()));
    message.setRecipient(MimeMessage.RecipientType.TO, address(mail, "recipient", mail.to()));
    message.setSubject(mail.subject(), "US-ASCII");
    // RFC 5322 date-time, as MimeMessage.setSentDate writes it but without its shared, synchronised SimpleDateFormat
    message.setHeader("Date", DATE.format(sentAt));
    message.setHeader("X-Solstice-Tenant", mail.tenant());
    message.setText(mail.body(), "UTF-8");
    message.saveChanges();
    return message;
  }

  /**
   * The mail library's reading of {@code address}, or a {@link PermanentFailureException} when it
   * refuses it: no retry can make it acceptable, so the mail is parked at once as a dead letter
   * instead of holding the order's stream (fix the address, then replay it).
   */
  private static InternetAddress address(Mail mail, String role, String address) {
    try {
      InternetAddress parsed = new InternetAddress(address, true);
      parsed.validate();
      return parsed;
    } catch (AddressException e) {
      throw new PermanentFailureException("mail " + mail.key() + " of tenant " + mail.tenant() + ": the mail library refuses the " + role
          + " address '" + address + "' (" + e.getMessage() + "); it is parked, not retried: correct the address"
          + (role.equals("sender") ? " (the tenant's mailSender policy)" : "") + " and replay the dead letter", e);
    }
  }

  static Session session(Properties properties) {
    return Session.getInstance(properties);
  }
}
