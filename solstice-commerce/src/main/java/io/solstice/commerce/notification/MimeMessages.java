package io.solstice.commerce.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
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
    message.setFrom(new InternetAddress(mail.from()));
    message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(mail.to()));
    message.setSubject(mail.subject(), "US-ASCII");
    // RFC 5322 date-time, as MimeMessage.setSentDate writes it but without its shared, synchronised SimpleDateFormat
    message.setHeader("Date", DATE.format(sentAt));
    message.setHeader("X-Solstice-Tenant", mail.tenant());
    message.setText(mail.body(), "UTF-8");
    message.saveChanges();
    return message;
  }

  static Session session(Properties properties) {
    return Session.getInstance(properties);
  }
}
