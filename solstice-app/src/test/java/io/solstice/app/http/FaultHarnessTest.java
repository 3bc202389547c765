package io.solstice.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.solstice.commerce.payment.SimulatedPaymentGateway;
import io.solstice.commerce.simulator.FraudScoringSimulator;
import io.solstice.commerce.simulator.PaymentGatewaySimulator;
import io.solstice.testkit.Await;
import io.solstice.testkit.FaultProxy;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault harness for the external parties: the fraud scorer, the payment gateway and the mail
 * server run as real servers behind a {@link FaultProxy} that a test cuts (connections closed,
 * new ones refused, as when the party is stopped), restores, or slows down. Orders are taken
 * throughout (checkout answers 201), and once the party is back every order catches up by itself:
 * it reaches {@code released}, with exactly one confirmation mail, and nothing is parked.
 */
class FaultHarnessTest {
  static final Duration CATCH_UP = Duration.ofSeconds(120);
  static final String SKU = "SKU-FAULT";

  @Test
  void ordersTakenWhileTheFraudScorerAndThePaymentGatewayAreDownCatchUpWhenTheyReturn(@TempDir Path data) {
    try (FraudScoringSimulator fraud = FraudScoringSimulator.start(); PaymentGatewaySimulator gateway = PaymentGatewaySimulator.start();
        FaultProxy fraudProxy = FaultProxy.to("127.0.0.1", fraud.uri().getPort());
        FaultProxy gatewayProxy = FaultProxy.to("127.0.0.1", gateway.uri().getPort());
        TestServer server = TestServer.start(data, b -> b.fraudUrl(URI.create("http://127.0.0.1:" + fraudProxy.port()))
            .paymentUrl(URI.create("http://127.0.0.1:" + gatewayProxy.port())).adapterTimeout(Duration.ofSeconds(2)))) {
      TestServer.Tenant t = server.tenant("EUR");
      server.product(t, SKU, "10.00", 1_000);
      List<String> orders = new ArrayList<>();

      fraudProxy.down();
      orders.addAll(place(server, t, "fraud-down", 4));
      assertThat(fraud.requests()).as("nothing reached the scorer while it was down").isEmpty();
      assertThat(orders).allSatisfy(o -> assertThat(server.status(t, o)).isEqualTo("placed"));
      Await.until("the fraud service failed a few attempts", () -> failedAttempts(server, "fraud") >= 4);
      fraudProxy.up();
      awaitReleased(server, t, orders);

      gatewayProxy.down();
      int gatewayRequests = gateway.requests().size();
      List<String> paymentDown = place(server, t, "gateway-down", 4);
      orders.addAll(paymentDown);
      Await.until("the orders were scored and wait for the gateway", () -> fraud.requests().size() >= 8);
      assertThat(gateway.requests()).as("nothing reached the gateway while it was down").hasSize(gatewayRequests);
      // more failed attempts than the payment service's unanswered attempts (3) before it declines: down is not unanswered
      Await.until("the payment service failed a few attempts", () -> failedAttempts(server, "payment") >= 4);
      gatewayProxy.up();
      awaitReleased(server, t, orders);

      fraudProxy.down();
      gatewayProxy.down();
      List<String> bothDown = place(server, t, "both-down", 4);
      orders.addAll(bothDown);
      fraudProxy.up();
      gatewayProxy.up();
      awaitReleased(server, t, orders);

      assertOneConfirmationMailEach(server, orders);
      assertNothingParked(server);
    }
  }

  @Test
  void ordersCatchUpWhileTheFraudScorerAndThePaymentGatewayAreSlow(@TempDir Path data) {
    try (FraudScoringSimulator fraud = FraudScoringSimulator.start();
        PaymentGatewaySimulator gateway = PaymentGatewaySimulator.start(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0),
            Duration.ofSeconds(4));
        FaultProxy fraudProxy = FaultProxy.to("127.0.0.1", fraud.uri().getPort());
        FaultProxy gatewayProxy = FaultProxy.to("127.0.0.1", gateway.uri().getPort());
        TestServer server = TestServer.start(data, b -> b.fraudUrl(URI.create("http://127.0.0.1:" + fraudProxy.port()))
            .paymentUrl(URI.create("http://127.0.0.1:" + gatewayProxy.port())).adapterTimeout(Duration.ofMillis(1500)))) {
      TestServer.Tenant t = server.tenant("EUR");
      server.product(t, SKU, "12.00", 1_000);
      fraudProxy.delay(Duration.ofMillis(300));
      gatewayProxy.delay(Duration.ofMillis(300));
      gateway.answerLateNext(2); // two authorizations succeed but answer after the client gave up: asked again with their keys
      List<String> orders = place(server, t, "slow", 6);
      awaitReleased(server, t, orders);
      fraudProxy.delay(Duration.ZERO);
      gatewayProxy.delay(Duration.ZERO);

      assertOneConfirmationMailEach(server, orders);
      assertNothingParked(server);
      Map<String, Long> authorizations = gateway.requests().stream().filter(p -> p.equals("/authorizations"))
          .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      assertThat(authorizations.getOrDefault("/authorizations", 0L)).as("authorization requests (retries included)")
          .isGreaterThanOrEqualTo(orders.size());
      assertThat(gateway.requests()).as("no authorization was voided: each late approval was found again with its key")
          .noneMatch(p -> p.endsWith("/void"));
    }
  }

  @Test
  void mailsHeldWhileTheMailServerIsDownGoOutOnceEachWhenItReturns(@TempDir Path data) throws Exception {
    GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    try (FaultProxy smtpProxy = FaultProxy.to("127.0.0.1", smtp.getSmtp().getPort());
        TestServer server = TestServer.start(data, b -> b.smtp("127.0.0.1:" + smtpProxy.port()).adapterTimeout(Duration.ofSeconds(2)))) {
      TestServer.Tenant t = server.tenant("EUR");
      server.product(t, SKU, "9.00", 1_000);
      smtpProxy.down();
      List<String> orders = place(server, t, "smtp-down", 5);
      awaitReleased(server, t, orders); // the order flow does not wait for mail
      assertThat(smtp.getReceivedMessages()).isEmpty();
      smtpProxy.up();
      Await.until("every confirmation mail was sent", () -> smtp.getReceivedMessages().length >= orders.size(), CATCH_UP);
      List<String> more = place(server, t, "smtp-up", 2);
      orders.addAll(more);
      awaitReleased(server, t, orders);
      Await.until("the later mails were sent", () -> smtp.getReceivedMessages().length >= orders.size(), CATCH_UP);

      Map<String, Long> bySubject = new java.util.HashMap<>();
      for (MimeMessage m : smtp.getReceivedMessages()) {
        bySubject.merge(m.getSubject(), 1L, Long::sum);
      }
      for (String order : orders) {
        assertThat(bySubject.get("Order " + order + " confirmed")).as("confirmation mails of %s", order).isEqualTo(1L);
      }
      assertNothingParked(server);
    } finally {
      smtp.stop();
    }
  }

  /** Places {@code n} orders (each a 201); returns their ids. */
  static List<String> place(TestServer server, TestServer.Tenant t, String label, int n) {
    List<String> orders = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      orders.add(server.order(t, SKU, 1, label + "-" + i + "@example.com", SimulatedPaymentGateway.APPROVE));
    }
    return orders;
  }

  static void awaitReleased(TestServer server, TestServer.Tenant t, List<String> orders) {
    for (String o : orders) {
      Await.equal(() -> server.status(t, o), "released", CATCH_UP);
    }
  }

  /** Exactly one confirmation mail file per order in {@code DATA/mail}. */
  static void assertOneConfirmationMailEach(TestServer server, List<String> orders) {
    Path mail = server.data().resolve("mail");
    for (String o : orders) {
      Await.until("the confirmation mail of " + o, () -> confirmations(mail, o) >= 1, CATCH_UP);
      assertThat(confirmations(mail, o)).as("confirmation mails of %s", o).isEqualTo(1);
    }
  }

  private static long confirmations(Path mail, String order) {
    try (var files = java.nio.file.Files.list(mail)) {
      return files.filter(f -> f.toString().endsWith(".eml") && !f.getFileName().toString().startsWith(".")).filter(f -> {
        try {
          return java.nio.file.Files.readString(f).contains("Subject: Order " + order + " confirmed");
        } catch (java.io.IOException e) {
          return false;
        }
      }).count();
    } catch (java.nio.file.NoSuchFileException e) {
      return 0;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Failed attempts of {@code service} since the server started, from {@code /admin/services}. */
  static long failedAttempts(TestServer server, String service) {
    long failed = 0;
    for (var instance : server.get("/admin/services", TestServer.ADMIN_KEY).json().path("instances")) {
      if (instance.path("service").asText().equals(service)) {
        failed += instance.path("stats").path("failed").asLong();
      }
    }
    return failed;
  }

  static void assertNothingParked(TestServer server) {
    TestServer.Response letters = server.get("/admin/dead-letters", TestServer.ADMIN_KEY);
    assertThat(letters.status()).isEqualTo(200);
    assertThat(letters.json().path("items")).as("dead letters: %s", letters).isEmpty();
  }
}
