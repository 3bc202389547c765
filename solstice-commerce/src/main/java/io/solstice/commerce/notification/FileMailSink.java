package io.solstice.commerce.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Properties;

/**
 * The embedded mail sink: each mail becomes {@code DIR/<key>.eml} (a complete RFC 5322 message).
 * Exactly once across retries and restarts: the file name comes from the mail's key (the causing
 * event's id), the message is written to a temporary file, forced to disk and atomically moved in
 * place, and a mail whose file exists is not written again.
 */
public final class FileMailSink implements MailSender {
  private final Path directory;
  private final Clock clock;
  private final Session session = MimeMessages.session(new Properties());

  public FileMailSink(Path directory, Clock clock) {
    this.directory = directory;
    this.clock = clock;
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the mail directory " + directory + "; check permissions and disk space", e);
    }
  }

  /** The file a mail with {@code key} is written to. */
  public Path fileFor(String key) {
    return directory.resolve(key + ".eml");
  }

  @Override
  public void send(Mail mail) {
    Path target = fileFor(mail.key());
    if (Files.exists(target)) {
      return;
    }
    Path temp = directory.resolve("." + mail.key() + "." + Thread.currentThread().threadId() + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        MimeMessages.build(session, mail, clock.instant()).writeTo(out);
      }
      try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target);
      }
    } catch (FileAlreadyExistsException e) {
      // another attempt won the race: the mail exists exactly once
    } catch (IOException | MessagingException e) {
      throw new IllegalStateException("could not write mail " + mail.key() + " to " + target + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // a leftover temporary file is harmless: names start with '.' and are never read
      }
    }
  }
}
