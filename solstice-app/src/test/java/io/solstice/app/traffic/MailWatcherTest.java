package io.solstice.app.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.commerce.notification.FileMailSink;
import io.solstice.commerce.notification.Mail;
import io.solstice.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailWatcherTest {

  @TempDir Path dir;

  private static Mail mail(String key, String tenant, String orderId, String kind) {
    return new Mail(key, tenant, "orders@" + tenant + ".example", "ana@example.com", "Order " + orderId + " " + kind, "Hello\n");
  }

  @Test
  void mailsWrittenByTheFileSinkAreSeenWithTenantOrderAndKind() throws Exception {
    FileMailSink sink = new FileMailSink(dir, Clock.systemUTC());
    try (MailWatcher watcher = MailWatcher.start(dir)) {
      sink.send(mail("e1", "acme", "ORD1", "confirmed"));
      sink.send(mail("e2", "acme", "ORD1", "shipped"));
      sink.send(mail("e3", "globex", "ORD2", "cancelled"));

      Await.until("three mails seen", () -> watcher.sightings().size() == 3);

      assertThat(watcher.sighting("ORD1", "confirmed")).hasValueSatisfying(s -> assertThat(s.tenant()).isEqualTo("acme"));
      assertThat(watcher.sighting("ORD1", "shipped")).isPresent();
      assertThat(watcher.sighting("ORD2", "cancelled")).hasValueSatisfying(s -> assertThat(s.tenant()).isEqualTo("globex"));
      assertThat(watcher.sighting("ORD2", "confirmed")).isEmpty();
    }
  }

  @Test
  void mailsAlreadyThereAreReadAtStart() {
    new FileMailSink(dir, Clock.systemUTC()).send(mail("e1", "acme", "ORD1", "confirmed"));

    try (MailWatcher watcher = MailWatcher.start(dir)) {
      assertThat(watcher.sighting("ORD1", "confirmed")).isPresent();
    }
  }

  @Test
  void aSecondMailOfTheSameOrderAndKindIsCountedAsDuplicate() throws Exception {
    FileMailSink sink = new FileMailSink(dir, Clock.systemUTC());
    try (MailWatcher watcher = MailWatcher.start(dir)) {
      sink.send(mail("e1", "acme", "ORD1", "confirmed"));
      sink.send(mail("e2", "acme", "ORD1", "confirmed"));

      Await.until("two mail files seen", () -> watcher.fileNames().size() == 2);

      assertThat(watcher.duplicates()).containsEntry("ORD1 confirmed", 1);
    }
  }

  @Test
  void temporaryAndForeignFilesAreIgnored() throws Exception {
    try (MailWatcher watcher = MailWatcher.start(dir)) {
      Files.writeString(dir.resolve(".e1.tmp"), "Subject: Order ORD1 confirmed\n\n");
      publish(dir.resolve("note.eml"), "Subject: Hello\n\n");
      publish(dir.resolve("real.eml"), "Subject: Order ORD9 shipped\nX-Solstice-Tenant: acme\n\nbody\n");

      Await.until("the shipped mail of ORD9 seen", () -> watcher.sighting("ORD9", "shipped").isPresent());
      watcher.scan();

      assertThat(watcher.sightings()).containsOnlyKeys("ORD9 shipped");
    }
  }

  /**
   * Writes a mail file as the mail sink does, complete under its final name at once (a temporary
   * file moved into place): a file created empty and written after would be seen half-written.
   */
  private static void publish(Path file, String content) throws java.io.IOException {
    Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(temp, content);
    Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
