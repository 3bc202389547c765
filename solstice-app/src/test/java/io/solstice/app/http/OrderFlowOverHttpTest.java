package io.solstice.app.http;

import static io.solstice.app.http.TestServer.json;
import static io.solstice.app.http.TestServer.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.solstice.app.http.TestServer.Response;
import io.solstice.app.http.TestServer.Tenant;
import io.solstice.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The order flow end to end over HTTP with every service running: each scenario runs for two
 * tenants at once (EUR and USD, different policies), interleaved, and checks that neither sees the
 * other's orders.
 */
class OrderFlowOverHttpTest {
  @RegisterExtension static final TestServer server = TestServer.allServices();

  /** Two fresh tenants with products TEE (cheap) and TV (above the review threshold of 500) in stock. */
  private static List<Tenant> twoTenants() {
    Tenant eur = server.tenant("EUR");
    Tenant usd = server.tenant("USD");
    for (Tenant t : List.of(eur, usd)) {
      Response policy = server.put("/admin/tenants/" + t.id() + "/policy", TestServer.ADMIN_KEY,
          json("fraudReviewThreshold", 500, "paymentAttempts", 1, "taxRate", t == eur ? 0.19 : 0, "mailSender", "shop@" + t.id() + ".example"));
      assertThat(policy.status()).as(policy.toString()).isEqualTo(200);
      server.product(t, "TEE", "20.00", 10);
      server.product(t, "TV", "999.00", 3);
    }
    return List.of(eur, usd);
  }

  /** Runs {@code step} for both tenants, then {@code check} for both (so the tenants' work overlaps). */
  private static void forBoth(List<Tenant> tenants, BiConsumer<Tenant, String[]> step, BiConsumer<Tenant, String[]> check) {
    String[][] state = new String[tenants.size()][4];
    for (int i = 0; i < tenants.size(); i++) {
      step.accept(tenants.get(i), state[i]);
    }
    for (int i = 0; i < tenants.size(); i++) {
      check.accept(tenants.get(i), state[i]);
    }
  }

  @Test
  void anApprovedOrderIsConfirmedReleasedAndMailedWithItsWholeHistory() {
    forBoth(twoTenants(), (t, s) -> s[0] = server.order(t, "TEE", 2, "ana@example.com", "tok_approve"), (t, s) -> {
      server.awaitStatus(t, s[0], "released");
      JsonNode order = server.get("/orders/" + s[0], t.key()).json();
      assertThat(order.path("history").findValuesAsText("status")).contains("placed", "confirmed", "released");
      assertThat(order.path("totals").path("currency").asText()).isIn("EUR", "USD");
      assertThat(order.path("totals").path("total").doubleValue()).isIn(47.60, 40.00);
      assertThat(server.available(t, "TEE")).isEqualTo(8);
      JsonNode events = server.get("/orders/" + s[0] + "/events", t.key()).json().path("events");
      List<String> streams = events.findValuesAsText("stream");
      assertThat(streams).anyMatch(x -> x.startsWith(t.id() + ":FraudCheck-")).anyMatch(x -> x.startsWith(t.id() + ":Payment-"))
          .allMatch(x -> x.startsWith(t.id() + ":"));
      List<Long> positions = events.findValues("position").stream().map(JsonNode::asLong).toList();
      assertThat(positions).isSorted();
      Await.until("the confirmed mail of order " + s[0], () -> mailSubjects().contains("Subject: Order " + s[0] + " confirmed"));
      JsonNode list = server.get("/orders?customer=ANA@example.com", t.key()).json().path("items");
      assertThat(list.findValuesAsText("orderId")).containsExactly(s[0]);
    });
  }

  @Test
  void aDeclinedPaymentDeclinesTheOrderAndGivesTheStockBack() {
    forBoth(twoTenants(), (t, s) -> s[0] = server.order(t, "TEE", 3, "ana@example.com", "tok_decline"), (t, s) -> {
      server.awaitStatus(t, s[0], "payment_declined");
      Await.equal(() -> server.available(t, "TEE"), 10L);
    });
  }

  @Test
  void aPaymentThatTimesOutIsDeclinedAfterThePolicysAttempts() {
    forBoth(twoTenants(), (t, s) -> s[0] = server.order(t, "TEE", 1, "ana@example.com", "tok_timeout"), (t, s) -> {
      server.awaitStatus(t, s[0], "payment_declined");
      assertThat(server.get("/orders/" + s[0] + "/events", t.key()).json().path("events").findValuesAsText("type")).contains("AttemptTimedOut");
      Await.equal(() -> server.available(t, "TEE"), 10L);
    });
  }

  @Test
  void aFraudulentCustomerIsRejectedAndTheStockReleased() {
    forBoth(twoTenants(), (t, s) -> s[0] = server.order(t, "TEE", 4, "mallory@fraud.test", "tok_approve"), (t, s) -> {
      server.awaitStatus(t, s[0], "rejected");
      Await.equal(() -> server.available(t, "TEE"), 10L);
    });
  }

  @Test
  void aBigOrderWaitsForReviewThenApprovalConfirmsItAndRejectionReleasesItsStock() {
    forBoth(twoTenants(), (t, s) -> {
      s[0] = server.order(t, "TV", 1, "ana@example.com", "tok_approve");
      s[1] = server.order(t, "TV", 1, "bob@example.com", "tok_approve");
    }, (t, s) -> {
      server.awaitStatus(t, s[0], "under_review");
      server.awaitStatus(t, s[1], "under_review");
      assertThat(server.post("/orders/" + s[0] + "/review", t.key(), json("decision", "approve")).status()).isEqualTo(200);
      Response rejected = server.post("/orders/" + s[1] + "/review", t.key(), json("decision", "reject"));
      assertThat(rejected.json().path("status").asText()).isEqualTo("rejected");
      server.awaitStatus(t, s[0], "released");
      Await.equal(() -> server.available(t, "TV"), 2L);
    });
  }

  @Test
  void cancellingBeforeShippingReleasesStockVoidsThePaymentAndMails() {
    forBoth(twoTenants(), (t, s) -> {
      s[0] = server.order(t, "TV", 1, "ana@example.com", "tok_approve");
      s[1] = server.order(t, "TEE", 2, "ana@example.com", "tok_approve");
    }, (t, s) -> {
      server.awaitStatus(t, s[0], "under_review");
      Response underReview = server.post("/orders/" + s[0] + "/cancel", t.key(), json("reason", "changed mind"));
      assertThat(underReview.json().path("status").asText()).isEqualTo("cancelled");
      assertThat(underReview.json().path("reason").asText()).isEqualTo("changed mind");
      server.awaitStatus(t, s[1], "released");
      assertThat(server.post("/orders/" + s[1] + "/cancel", t.key(), null).json().path("status").asText()).isEqualTo("cancelled");
      assertThat(server.post("/orders/" + s[1] + "/cancel", t.key(), null).status()).isEqualTo(200);
      Await.equal(() -> server.available(t, "TEE") + server.available(t, "TV"), 13L);
      Await.until("the authorization of order " + s[1] + " voided",
          () -> server.get("/orders/" + s[1] + "/events", t.key()).json().path("events").findValuesAsText("type").contains("Voided"));
      Await.until("the cancelled mail of order " + s[1], () -> mailSubjects().contains("Subject: Order " + s[1] + " cancelled"));
      assertThat(server.post("/orders/" + s[1] + "/review", t.key(), json("decision", "reject")).status()).isEqualTo(409);
    });
  }

  @Test
  void partialShipmentsThenDeliveriesCompleteTheOrderAndAShippedOrderCannotBeCancelled() {
    forBoth(twoTenants(), (t, s) -> s[0] = server.order(t, "TEE", 3, "ana@example.com", "tok_approve"), (t, s) -> {
      server.awaitStatus(t, s[0], "released");
      String ship = "/orders/" + s[0] + "/shipments";
      Response first = server.post(ship, t.key(), json("lines", List.of(obj("sku", "TEE", "quantity", 1)), "tracking", "T1"));
      assertThat(first.status()).as(first.toString()).isEqualTo(201);
      assertThat(server.status(t, s[0])).isEqualTo("released");
      Response rest = server.post(ship, t.key(), null);
      assertThat(rest.json().path("lines")).isEqualTo(TestServer.JSON.valueToTree(Map.of("TEE", 2)));
      assertThat(server.status(t, s[0])).isEqualTo("shipped");
      assertThat(server.get("/inventory/TEE", t.key()).json().path("onHand").asLong()).isEqualTo(7);
      Response cancel = server.post("/orders/" + s[0] + "/cancel", t.key(), null);
      assertThat(cancel.status()).isEqualTo(409);
      assertThat(cancel.code()).isEqualTo("not_cancellable");
      assertThat(server.post(ship, t.key(), null).status()).isEqualTo(409);
      String firstId = first.json().path("shipmentId").asText();
      assertThat(server.post("/shipments/" + firstId + "/delivered", t.key(), null).json().path("delivered").asBoolean()).isTrue();
      assertThat(server.status(t, s[0])).isEqualTo("shipped");
      server.post("/shipments/" + rest.json().path("shipmentId").asText() + "/delivered", t.key(), null);
      server.awaitStatus(t, s[0], "completed");
      Await.until("the shipped mail of order " + s[0], () -> mailSubjects().contains("Subject: Order " + s[0] + " shipped"));
    });
  }

  private static List<String> mailSubjects() {
    Path mail = server.data().resolve("mail");
    if (!Files.isDirectory(mail)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(mail)) {
      return files.filter(f -> f.toString().endsWith(".eml")).map(f -> {
        try {
          return Files.readAllLines(f).stream().filter(l -> l.startsWith("Subject: ")).findFirst().orElse("");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
