package io.solstice.commerce.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;

/** Builds the RFC 5322 message of a {@link Mail}, identical for the file sink and SMTP. */
final class MimeMessages {
  private MimeMessages() {}

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
    message.setSentDate(Date.from(sentAt));
    message.setHeader("X-Solstice-Tenant", mail.tenant());
    message.setText(mail.body(), "UTF-8");
    message.saveChanges();
    return message;
  }

  static Session session(Properties properties) {
    return Session.getInstance(properties);
  }
}
