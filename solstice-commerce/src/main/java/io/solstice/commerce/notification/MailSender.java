package io.solstice.commerce.notification;

/**
 * Sends mails: {@link FileMailSink} (the embedded default: {@code .eml} files, each written exactly
 * once) or {@link SmtpMailSender} (at-least-once with a stable {@code Message-ID}). A sender throws
 * on failure; the {@code notification} service retries with backoff.
 */
public interface MailSender {

  /** Sends the mail, or does nothing if this sender already delivered a mail with the same key. */
  void send(Mail mail);
}
