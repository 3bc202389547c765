package io.solstice.commerce.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import io.solstice.core.io.OwnerOnly;
import java.time.Clock;
import java.util.Properties;
import java.util.UUID;

/**
 * The embedded mail sink: each mail becomes {@code DIR/<key>.eml} (a complete RFC 5322 message),
 * readable by its owner only (mails hold personal data), in a directory created owner-only.
 * Exactly once across retries and restarts: the file name comes from the mail's key (the causing
 * event's id), and a mail whose file exists is not written again.
 *
 * <p>Publishing is atomic and never replaces: the message is written to a temporary file unique to
 * the attempt ({@code .<key>.<uuid>.tmp}), forced to disk, then hard-linked to its final name. A
 * link fails if the name exists, so when several attempts race (threads, or processes sharing the
 * directory) exactly one publishes and the others find the file in place; readers never see a
 * partial file. The temporary file is always deleted. The directory is then synced so the name
 * survives a crash; concurrent senders share one directory sync. (A rename would be atomic too, but on POSIX
 * it silently replaces an existing file, so a losing attempt would rewrite the mail.) On a file
 * system without hard links the sink falls back to an atomic rename, which keeps the file complete
 * but may rewrite it in a race.
 */
public final class FileMailSink implements MailSender {
  private final Path directory;
  private final Clock clock;
  private final Session session = MimeMessages.session(new Properties());
  private final java.util.concurrent.atomic.AtomicLong linked = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.locks.ReentrantLock syncLock = new java.util.concurrent.locks.ReentrantLock();
  private long synced; // guarded by syncLock

  public FileMailSink(Path directory, Clock clock) {
    this.directory = directory;
    this.clock = clock;
    try {
      OwnerOnly.directories(directory);
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
    Path temp = directory.resolve("." + mail.key() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, java.util.EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              OwnerOnly.fileAttributes(temp));
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel))) {
        MimeMessages.build(session, mail, clock.instant()).writeTo(out);
        out.flush();
        channel.force(true);
      }
      publish(temp, target);
      forceDirectory();
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

  /**
   * Makes the new directory entry durable (best effort: not every platform can sync a directory),
   * sharing one sync among concurrent senders (group commit): each sender takes a ticket after its
   * link; whoever holds the lock syncs for every ticket issued so far, and a sender whose ticket a
   * finished sync already covers returns without syncing. A sync covers every link made before it
   * began, and a ticket is only taken after its link, so no sender returns before its entry is synced.
   */
  private void forceDirectory() {
    long ticket = linked.incrementAndGet();
    syncLock.lock();
    try {
      if (synced >= ticket) {
        return;
      }
      long upTo = linked.get();
      try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
        dir.force(true);
      } catch (IOException | UnsupportedOperationException e) {
        // the mail file itself is on disk; only its name may be lost in a crash, and then it is written again
      }
      synced = upTo;
    } finally {
      syncLock.unlock();
    }
  }

  /** Makes {@code temp} visible as {@code target} in one step; throws FileAlreadyExistsException if it exists. */
  private static void publish(Path temp, Path target) throws IOException {
    try {
      Files.createLink(target, temp);
    } catch (UnsupportedOperationException e) {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }
  }
}
