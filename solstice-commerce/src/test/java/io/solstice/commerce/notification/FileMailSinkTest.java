package io.solstice.commerce.notification;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileMailSink}: one complete, parseable {@code .eml} file per mail key, written once. */
class FileMailSinkTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:15:30Z");

  @TempDir
  Path dir;

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  private static Mail mail(String key) {
    return new Mail(key, "acme", "shop@acme.example", "ana@example.com", "Order o-1 confirmed",
        "Hello Ana,\nyour order o-1 is confirmed.\nGrüße, Acme");
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  private static MimeMessage parse(Path file) throws IOException, MessagingException {
    try (InputStream in = Files.newInputStream(file)) {
      return new MimeMessage(Session.getInstance(new Properties()), in);
    }
  }

  @Test
  void writesOneFileNamedAfterEachKey() throws IOException {
    FileMailSink sink = new FileMailSink(dir, at(T0));

    sink.send(mail("evt-1"));
    sink.send(mail("evt-2"));

    assertThat(files()).containsExactly(dir.resolve("evt-1.eml"), dir.resolve("evt-2.eml"));
    assertThat(sink.fileFor("evt-1")).isEqualTo(dir.resolve("evt-1.eml"));
  }

  @Test
  void aMailSentAgainAfterARestartIsNotRewritten() throws IOException {
    new FileMailSink(dir, at(T0)).send(mail("evt-1"));
    Path file = dir.resolve("evt-1.eml");
    String first = Files.readString(file, StandardCharsets.US_ASCII);
    Object inode = Files.readAttributes(file, BasicFileAttributes.class).fileKey();

    // a retry in a later process: another clock would give another Date header if the file were rewritten
    new FileMailSink(dir, at(T0.plusSeconds(3600))).send(mail("evt-1"));

    assertThat(files()).containsExactly(file);
    assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo(first);
    assertThat(Files.readAttributes(file, BasicFileAttributes.class).fileKey()).isEqualTo(inode);
  }

  @Test
  void concurrentSendsOfManyKeysSharingDirectorySyncsEachPublishTheirMail() throws Exception {
    FileMailSink sink = new FileMailSink(dir, at(T0));
    int mails = 64;
    CountDownLatch go = new CountDownLatch(1);
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < mails; i++) {
        String key = "evt-" + i;
        threads.submit(() -> {
          go.await();
          sink.send(mail(key));
          return null;
        });
      }
      go.countDown();
    }

    assertThat(files()).hasSize(mails).allSatisfy(f -> assertThat(f.getFileName().toString()).matches("evt-\\d+\\.eml"));
  }

  @Test
  void concurrentSendsOfOneKeyLeaveExactlyOneCompleteFileAndNoTemporaryFiles() throws Exception {
    int attempts = 64;
    CountDownLatch go = new CountDownLatch(1);
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < attempts; i++) {
        // each attempt as its own sink (another worker or process) with its own clock, so copies differ
        FileMailSink sink = new FileMailSink(dir, at(T0.plusSeconds(i)));
        threads.submit(() -> {
          go.await();
          sink.send(mail("evt-1"));
          return null;
        });
      }
      go.countDown();
    }

    assertThat(files()).containsExactly(dir.resolve("evt-1.eml"));
    MimeMessage message = parse(dir.resolve("evt-1.eml"));
    assertThat(text(message)).isEqualTo(mail("evt-1").body());
    assertThat(message.getSentDate().toInstant()).isBetween(T0, T0.plusSeconds(attempts - 1));
  }

  @Test
  void aSendThatLosesTheRaceDoesNotReplaceThePublishedFile() throws Exception {
    GateClock slowClock = new GateClock(T0);
    FileMailSink slow = new FileMailSink(dir, slowClock);
    FileMailSink fast = new FileMailSink(dir, at(T0.plusSeconds(60)));
    Path file = dir.resolve("evt-1.eml");

    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      var slowSend = threads.submit(() -> slow.send(mail("evt-1")));
      slowClock.reached.await(); // the slow attempt found no file and is building its copy
      fast.send(mail("evt-1"));
      String published = Files.readString(file, StandardCharsets.US_ASCII);
      Object inode = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
      slowClock.release.countDown();
      slowSend.get();

      assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo(published);
      assertThat(Files.readAttributes(file, BasicFileAttributes.class).fileKey()).isEqualTo(inode);
    }
    assertThat(files()).containsExactly(file);
  }

  /** A clock that stops the first caller until released: holds a send between its existence check and its write. */
  private static final class GateClock extends Clock {
    final CountDownLatch reached = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final Instant instant;

    GateClock(Instant instant) {
      this.instant = instant;
    }

    @Override
    public Instant instant() {
      reached.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return instant;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void aMailFileIsAParseableRfc5322Message() throws IOException, MessagingException {
    Mail mail = mail("evt-1");
    new FileMailSink(dir, at(T0)).send(mail);

    MimeMessage message = parse(dir.resolve("evt-1.eml"));
    assertThat(message.getSubject()).isEqualTo("Order o-1 confirmed");
    assertThat(message.getFrom()).containsExactly(new InternetAddress("shop@acme.example"));
    assertThat(message.getRecipients(Message.RecipientType.TO)).containsExactly(new InternetAddress("ana@example.com"));
    assertThat(message.getMessageID()).isEqualTo(mail.messageId());
    assertThat(message.getHeader("X-Solstice-Tenant")).containsExactly("acme");
    assertThat(message.getSentDate().toInstant()).isEqualTo(T0);
    assertThat(text(message)).isEqualTo(mail.body());
  }

  @Test
  void theSubjectIsWrittenAsPlainAsciiAndTheFileIsSevenBit() throws IOException {
    new FileMailSink(dir, at(T0)).send(mail("evt-1"));

    byte[] raw = Files.readAllBytes(dir.resolve("evt-1.eml"));
    String text = new String(raw, StandardCharsets.US_ASCII);
    assertThat(text).contains("\r\nSubject: Order o-1 confirmed\r\n");
    for (byte b : raw) {
      assertThat(b).as("every byte of the file is 7-bit ASCII").isNotNegative();
    }
  }

  /** The plain-text content with the wire's CRLF line breaks read back as the {@link Mail}'s LF. */
  private static String text(MimeMessage message) throws IOException, MessagingException {
    return ((String) message.getContent()).replace("\r\n", "\n");
  }
}
