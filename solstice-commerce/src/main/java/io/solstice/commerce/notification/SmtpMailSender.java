package io.solstice.commerce.notification;

import io.solstice.pipeline.PermanentFailureException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

/**
 * Sends mails over SMTP with Jakarta Mail. Delivery is at least once: a retry after a failure
 * whose outcome is unknown (e.g. the connection dropped after the server accepted the message)
 * can send a second copy. Every copy carries the same {@code Message-ID}, derived from the causing
 * event's id, so receivers and mail stores can recognise duplicates. An address the mail library
 * or the server refuses is a {@link PermanentFailureException}: the mail is parked, not retried.
 */
public final class SmtpMailSender implements MailSender {
  private final Session session;
  private final Clock clock;
  private final String endpoint;

  /** An SMTP server at {@code host:port}, plain SMTP, with the given connect/read timeout. */
  public SmtpMailSender(String host, int port, Duration timeout, Clock clock) {
    Properties p = new Properties();
    p.put("mail.smtp.host", host);
    p.put("mail.smtp.port", Integer.toString(port));
    p.put("mail.smtp.connectiontimeout", Long.toString(timeout.toMillis()));
    p.put("mail.smtp.timeout", Long.toString(timeout.toMillis()));
    p.put("mail.smtp.writetimeout", Long.toString(timeout.toMillis()));
    this.session = MimeMessages.session(p);
    this.clock = clock;
    this.endpoint = host + ":" + port;
  }

  /** Parses {@code host:port} (the {@code --smtp} flag). */
  public static SmtpMailSender parse(String hostPort, Clock clock) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("--smtp must be host:port, e.g. localhost:2525, was '" + hostPort + "'");
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("--smtp must be host:port with a port from 1 to 65535, e.g. localhost:2525, was '" + hostPort + "'");
    }
    return new SmtpMailSender(hostPort.substring(0, colon), port, Duration.ofSeconds(10), clock);
  }

  @Override
  public void send(Mail mail) {
    try {
      Transport.send(MimeMessages.build(session, mail, clock.instant()));
    } catch (SendFailedException e) {
      if (e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0) {
        throw new PermanentFailureException("SMTP server " + endpoint + " refused the address of mail " + mail.messageId() + " to " + mail.to()
            + ": " + e.getMessage() + "; it is parked, not retried: correct the address and replay the dead letter", e);
      }
      throw new IllegalStateException("SMTP server " + endpoint + " did not accept mail " + mail.messageId() + " to " + mail.to()
          + ": " + e.getMessage() + "; it will be retried", e);
    } catch (MessagingException e) {
      throw new IllegalStateException("SMTP server " + endpoint + " did not accept mail " + mail.messageId() + " to " + mail.to()
          + ": " + e.getMessage() + "; it will be retried", e);
    }
  }
}
