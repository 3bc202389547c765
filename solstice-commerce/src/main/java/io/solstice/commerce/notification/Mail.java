package io.solstice.commerce.notification;

import java.util.Objects;

/**
 * A mail to send. {@code key} identifies it across retries and restarts (the id of the event that
 * caused it): the file sink names the file after it and writes it once; over SMTP it becomes the
 * stable {@code Message-ID}, so a receiver can drop duplicates of an at-least-once delivery.
 *
 * @param key stable id of this mail (the causing event's id)
 * @param tenant the tenant it is sent for
 * @param from sender address (the tenant's policy)
 * @param to recipient address
 * @param subject plain-ASCII subject, e.g. {@code Order 01J… confirmed}
 * @param body plain-text body
 */
public record Mail(String key, String tenant, String from, String to, String subject, String body) {
  public Mail {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(subject, "subject");
    if (!subject.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("mail subjects are plain ASCII: " + subject);
    }
    if (!key.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new IllegalArgumentException("mail key must be 1-100 characters of [A-Za-z0-9._-], was " + key);
    }
  }

  /** The stable RFC 5322 Message-ID of this mail. */
  public String messageId() {
    return "<" + key + "@" + tenant + ".solstice>";
  }
}
