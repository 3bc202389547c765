package io.solstice.commerce.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SmtpMailSender} against a real SMTP server (GreenMail) in the test JVM. */
class SmtpMailSenderTest {

  @RegisterExtension
  static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:15:30Z"), ZoneOffset.UTC);
  private static final Mail CONFIRMATION = new Mail("evt-01J7Q2", "acme", "shop@acme.example", "ana@example.com",
      "Order o-1 confirmed", "Hello Ana,\nyour order o-1 is confirmed.\nGrüße, Acme");

  private SmtpMailSender sender() {
    return new SmtpMailSender("127.0.0.1", smtp.getSmtp().getPort(), Duration.ofSeconds(5), CLOCK);
  }

  private static MimeMessage[] received(int count) {
    assertThat(smtp.waitForIncomingEmail(5_000, count)).as("%d mail(s) received", count).isTrue();
    return smtp.getReceivedMessages();
  }

  @Test
  void deliversSubjectSenderRecipientAndBody() throws MessagingException, IOException {
    sender().send(CONFIRMATION);

    MimeMessage mail = received(1)[0];
    assertThat(mail.getSubject()).isEqualTo("Order o-1 confirmed");
    assertThat(mail.getFrom()).containsExactly(new InternetAddress("shop@acme.example"));
    assertThat(mail.getRecipients(Message.RecipientType.TO)).containsExactly(new InternetAddress("ana@example.com"));
    assertThat(mail.getHeader("X-Solstice-Tenant")).containsExactly("acme");
    assertThat(mail.getSentDate().toInstant()).isEqualTo(CLOCK.instant());
    assertThat(GreenMailUtil.getBody(mail)).isNotEmpty();
    assertThat(text(mail)).isEqualTo(CONFIRMATION.body());
  }

  @Test
  void carriesAMessageIdDerivedFromTheKey() throws MessagingException {
    sender().send(CONFIRMATION);

    assertThat(received(1)[0].getMessageID()).isEqualTo("<evt-01J7Q2@acme.solstice>").isEqualTo(CONFIRMATION.messageId());
  }

  @Test
  void sendingAKeyTwiceDeliversTwoCopiesWithTheSameMessageId() throws MessagingException {
    sender().send(CONFIRMATION);
    sender().send(CONFIRMATION);

    MimeMessage[] mails = received(2);
    assertThat(mails).hasSize(2);
    assertThat(mails[0].getMessageID()).isEqualTo(mails[1].getMessageID()).isEqualTo(CONFIRMATION.messageId());
  }

  @Test
  void mailsWithDifferentKeysHaveDifferentMessageIds() throws MessagingException {
    sender().send(CONFIRMATION);
    sender().send(new Mail("evt-01J7Q3", "acme", "shop@acme.example", "ana@example.com", "Order o-1 shipped", "On its way."));

    MimeMessage[] mails = received(2);
    assertThat(mails[0].getMessageID()).isNotEqualTo(mails[1].getMessageID());
  }

  @Test
  void aServerThatIsDownIsAnErrorNamingHostAndPort() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    SmtpMailSender down = new SmtpMailSender("127.0.0.1", port, Duration.ofSeconds(2), CLOCK);

    assertThatThrownBy(() -> down.send(CONFIRMATION))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SMTP server 127.0.0.1:" + port)
        .hasMessageContaining(CONFIRMATION.messageId())
        .hasMessageContaining("it will be retried")
        .hasCauseInstanceOf(MessagingException.class);
  }

  @Test
  void parsesHostAndPort() throws MessagingException {
    SmtpMailSender.parse("127.0.0.1:" + smtp.getSmtp().getPort(), CLOCK).send(CONFIRMATION);

    assertThat(received(1)).hasSize(1);
  }

  @Test
  void refusesAnSmtpFlagWithoutAValidPort() {
    for (String bad : new String[] {"localhost", ":25", "localhost:smtp", "localhost:0", "localhost:70000"}) {
      assertThatThrownBy(() -> SmtpMailSender.parse(bad, CLOCK))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'");
    }
  }

  /** The plain-text content with the wire's CRLF line breaks read back as the {@link Mail}'s LF. */
  private static String text(MimeMessage message) throws IOException, MessagingException {
    return ((String) message.getContent()).replace("\r\n", "\n");
  }
}
