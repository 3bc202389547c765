package io.solstice.commerce.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.commerce.Categories;
import io.solstice.commerce.CommerceServices;
import io.solstice.commerce.cart.Carts;
import io.solstice.commerce.cart.CheckoutRequest;
import io.solstice.commerce.catalog.Catalog;
import io.solstice.commerce.fraud.EmbeddedFraudScorer;
import io.solstice.commerce.inventory.Inventory;
import io.solstice.commerce.notification.FileMailSink;
import io.solstice.commerce.order.Orders;
import io.solstice.commerce.payment.SimulatedPaymentGateway;
import io.solstice.commerce.shared.Address;
import io.solstice.commerce.shared.Customer;
import io.solstice.commerce.shared.Ids;
import io.solstice.commerce.shared.RuleViolationException;
import io.solstice.commerce.tenancy.ApiKeys;
import io.solstice.commerce.tenancy.Policy;
import io.solstice.commerce.tenancy.Tenancy;
import io.solstice.commerce.tenancy.Tenancy.TenantContext;
import io.solstice.core.EventMetadata;
import io.solstice.core.memory.MemoryCheckpointStore;
import io.solstice.core.memory.MemoryDeadLetterStore;
import io.solstice.core.memory.MemoryStore;
import io.solstice.core.store.TenantPlacement;
import io.solstice.pipeline.ServiceHost;
import io.solstice.testkit.Await;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order flow end to end in one process: every service running on a host over the memory store. */
class CommerceFlowTest {

  @TempDir Path mailDir;

  private MemoryStore store;
  private ServiceHost host;
  private Tenancy tenancy;
  private Catalog catalog;
  private Inventory inventory;
  private Carts carts;
  private Orders orders;
  private TenantContext acme;

  @BeforeEach
  void start() {
    store = new MemoryStore();
    Categories c = Categories.on(store);
    Ids ids = new Ids(Clock.systemUTC());
    tenancy = new Tenancy(store, c.tenants(), new ApiKeys(ApiKeys.newPepper()), t -> TenantPlacement.POOLED_STORE);
    catalog = new Catalog(c.products());
    inventory = new Inventory(c.stock(), c.products());
    carts = new Carts(c, ids);
    orders = new Orders(c, ids);
    var services = CommerceServices.reactions(c, tenancy, new EmbeddedFraudScorer(), new SimulatedPaymentGateway(),
        new FileMailSink(mailDir, Clock.systemUTC()));
    host = ServiceHost.builder(store).checkpoints(new MemoryCheckpointStore()).deadLetters(new MemoryDeadLetterStore())
        .pollWait(Duration.ofMillis(50)).services(services).build();
    host.start();
    tenancy.provision("acme", "Acme", "EUR");
    tenancy.changePolicy("acme", new Policy(new BigDecimal("0.19"), new BigDecimal("500"), Policy.CaptureOn.SHIP, "shop@acme.example", 2));
    acme = tenancy.context("acme").orElseThrow();
    catalog.put("acme", "EUR", "TEE", "T-shirt", "Cotton", new BigDecimal("19.99"));
    catalog.put("acme", "EUR", "TV", "Television", "Big", new BigDecimal("999.00"));
    inventory.adjust("acme", "TEE", 10, "delivery");
    inventory.adjust("acme", "TV", 2, "delivery");
  }

  @AfterEach
  void stop() {
    host.stop(Duration.ofSeconds(5));
  }

  private String checkout(String sku, int quantity, String email, String token) {
    String cart = carts.create("acme");
    carts.addItem(acme, cart, sku, quantity);
    return carts.checkout(acme, cart, "key-" + cart, new CheckoutRequest(new Customer(email, "Ana"),
        new Address("1 Main St", "Berlin", "10115", "DE"), token), EventMetadata.EMPTY);
  }

  private String status(String orderId) {
    return orders.get("acme", orderId).status();
  }

  private void awaitStatus(String orderId, String status) {
    Await.equal(() -> status(orderId), status);
  }

  @Test
  void anApprovedOrderIsConfirmedReleasedAndMailed() throws Exception {
    String order = checkout("TEE", 2, "ana@example.com", "tok_approve");
    awaitStatus(order, "released");
    assertThat(inventory.get("acme", "TEE").available()).isEqualTo(8);
    Await.equal(() -> mailSubjects(), java.util.List.of("Subject: Order " + order + " confirmed"));
  }

  @Test
  void aDeclinedPaymentGivesTheStockBack() {
    String order = checkout("TEE", 3, "ana@example.com", "tok_decline");
    awaitStatus(order, "payment_declined");
    Await.equal(() -> inventory.get("acme", "TEE").available(), 10L);
  }

  @Test
  void aTimedOutPaymentIsDeclinedAfterThePolicysAttempts() {
    String order = checkout("TEE", 1, "ana@example.com", "tok_timeout");
    awaitStatus(order, "payment_declined");
    assertThat(orders.events("acme", order).events()).extracting(Orders.EventView::type).contains("AttemptTimedOut", "Declined");
  }

  @Test
  void fraudIsRejectedAndItsStockReleased() {
    String order = checkout("TEE", 4, "mallory@fraud.test", "tok_approve");
    awaitStatus(order, "rejected");
    Await.equal(() -> inventory.get("acme", "TEE").available(), 10L);
  }

  @Test
  void aBigOrderWaitsForReviewAndIsConfirmedWhenApproved() {
    String order = checkout("TV", 1, "ana@example.com", "tok_approve");
    awaitStatus(order, "under_review");
    orders.review("acme", order, "approve", EventMetadata.EMPTY);
    awaitStatus(order, "released");
  }

  @Test
  void aReviewRejectionGivesTheStockBack() {
    String order = checkout("TV", 2, "ana@example.com", "tok_approve");
    awaitStatus(order, "under_review");
    orders.review("acme", order, "reject", EventMetadata.EMPTY);
    awaitStatus(order, "rejected");
    Await.equal(() -> inventory.get("acme", "TV").available(), 2L);
  }

  @Test
  void cancellingAReleasedOrderVoidsThePaymentReleasesStockAndMails() {
    String order = checkout("TEE", 2, "ana@example.com", "tok_approve");
    awaitStatus(order, "released");
    orders.cancel("acme", order, "changed mind", EventMetadata.EMPTY);
    Await.equal(() -> inventory.get("acme", "TEE").available(), 10L);
    Await.until("the authorization of order " + order + " voided", () -> orders.events("acme", order).events().stream().anyMatch(e -> e.type().equals("Voided")));
    Await.until("the cancelled mail of order " + order, () -> mailSubjects().contains("Subject: Order " + order + " cancelled"));
  }

  @Test
  void partialShipmentsThenDeliveryCompleteTheOrder() {
    String order = checkout("TEE", 3, "ana@example.com", "tok_approve");
    awaitStatus(order, "released");
    var first = orders.addShipment("acme", order, Map.of("TEE", 1), "T1", EventMetadata.EMPTY);
    assertThat(status(order)).isEqualTo("released");
    var second = orders.addShipment("acme", order, null, "T2", EventMetadata.EMPTY);
    assertThat(status(order)).isEqualTo("shipped");
    assertThat(inventory.get("acme", "TEE").onHand()).isEqualTo(7);
    orders.delivered("acme", first.shipmentId(), EventMetadata.EMPTY);
    orders.delivered("acme", second.shipmentId(), EventMetadata.EMPTY);
    awaitStatus(order, "completed");
    Await.until("the shipped mail of order " + order, () -> mailSubjects().contains("Subject: Order " + order + " shipped"));
  }

  @Test
  void aShippedOrderCannotBeCancelled() {
    String order = checkout("TEE", 1, "ana@example.com", "tok_approve");
    awaitStatus(order, "released");
    orders.addShipment("acme", order, null, null, EventMetadata.EMPTY);
    assertThatThrownBy(() -> orders.cancel("acme", order, null, EventMetadata.EMPTY)).isInstanceOf(RuleViolationException.class);
  }

  private java.util.List<String> mailSubjects() {
    try (var files = Files.list(mailDir)) {
      return files.filter(f -> f.toString().endsWith(".eml")).map(f -> {
        try {
          return Files.readAllLines(f).stream().filter(l -> l.startsWith("Subject: ")).findFirst().orElse("");
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).sorted().toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
