package io.solstice.commerce.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.commerce.Categories;
import io.solstice.commerce.CommerceServices;
import io.solstice.commerce.cart.Carts;
import io.solstice.commerce.cart.CheckoutRequest;
import io.solstice.commerce.catalog.Catalog;
import io.solstice.commerce.fraud.EmbeddedFraudScorer;
import io.solstice.commerce.fraud.HttpFraudScorer;
import io.solstice.commerce.inventory.Inventory;
import io.solstice.commerce.notification.FileMailSink;
import io.solstice.commerce.order.Orders;
import io.solstice.commerce.payment.PaymentGateway.Authorization;
import io.solstice.commerce.payment.PaymentGateway.GatewayTimeoutException;
import io.solstice.commerce.payment.PaymentGateway.GatewayUnavailableException;
import io.solstice.commerce.shared.Address;
import io.solstice.commerce.shared.Customer;
import io.solstice.commerce.shared.Ids;
import io.solstice.commerce.shared.JsonHttp;
import io.solstice.commerce.shared.Money;
import io.solstice.commerce.simulator.FraudScoringSimulator;
import io.solstice.commerce.simulator.PaymentGatewaySimulator;
import io.solstice.commerce.tenancy.ApiKeys;
import io.solstice.commerce.tenancy.Policy;
import io.solstice.commerce.tenancy.Tenancy;
import io.solstice.core.EventMetadata;
import io.solstice.core.memory.MemoryCheckpointStore;
import io.solstice.core.memory.MemoryDeadLetterStore;
import io.solstice.core.memory.MemoryStore;
import io.solstice.core.store.TenantPlacement;
import io.solstice.pipeline.ServiceHost;
import io.solstice.testkit.Await;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, fix 5: a slow payment gateway could hold a customer's money. After the policy's
 * attempts timed out the order was declined, but an authorization that had succeeded late was never
 * voided; the JDK client's timeout did not cover a body that stalls after the headers; and nothing
 * stopped calls to a hung party. Now the given-up authorization is sent again with its idempotency
 * key and a late approval is voided, the whole exchange is bounded, and each adapter has a circuit
 * breaker. Over real HTTP against the simulators.
 */
class SlowGatewayCannotHoldMoneyTest {
  private static final Duration CLIENT_TIMEOUT = Duration.ofMillis(200);
  private static final Duration SLOW_ANSWER = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path mailDir;
  private PaymentGatewaySimulator simulator;
  private HttpPaymentGateway gateway;

  @BeforeEach
  void start() {
    simulator = PaymentGatewaySimulator.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), SLOW_ANSWER);
    gateway = new HttpPaymentGateway(simulator.uri(), CLIENT_TIMEOUT, JSON);
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @Test
  void anAuthorizationApprovedAfterTheServiceGaveUpIsVoided() {
    MemoryStore store = new MemoryStore();
    Categories c = Categories.on(store);
    Ids ids = new Ids(Clock.systemUTC());
    Tenancy tenancy = new Tenancy(store, c.tenants(), new ApiKeys(ApiKeys.newPepper()), t -> TenantPlacement.POOLED_STORE);
    ServiceHost host = ServiceHost.builder(store).checkpoints(new MemoryCheckpointStore()).deadLetters(new MemoryDeadLetterStore())
        .pollWait(Duration.ofMillis(50))
        .services(CommerceServices.reactions(c, tenancy, new EmbeddedFraudScorer(), gateway, new FileMailSink(mailDir, Clock.systemUTC())))
        .build();
    host.start();
    try {
      tenancy.provision("acme", "Acme", "EUR");
      tenancy.changePolicy("acme", new Policy(BigDecimal.ZERO, new BigDecimal("500"), Policy.CaptureOn.SHIP, "shop@acme.example", 2));
      new Catalog(c.products()).put("acme", "EUR", "TEE", "T-shirt", "Cotton", new BigDecimal("19.99"));
      new Inventory(c.stock(), c.products()).adjust("acme", "TEE", 10, "delivery");
      Carts carts = new Carts(c, ids);
      Orders orders = new Orders(c, ids);
      Tenancy.TenantContext acme = tenancy.context("acme").orElseThrow();
      simulator.answerLateNext(2); // both attempts: approved at the gateway, answered after the client gave up

      String cart = carts.create("acme");
      carts.addItem(acme, cart, "TEE", 1);
      String order = carts.checkout(acme, cart, "k1", new CheckoutRequest(new Customer("ana@example.com", "Ana"),
          new Address("1 Main St", "Berlin", "10115", "DE"), "tok_approve"), EventMetadata.EMPTY);

      Await.until("the late authorization is voided", () -> payments(orders, order).contains("Voided"));
      assertThat(orders.get("acme", order).status()).isEqualTo("payment_declined");
      assertThat(payments(orders, order)).containsExactly("AttemptTimedOut", "AttemptTimedOut", "Declined", "Voided");
      assertThat(simulator.requests()).filteredOn(p -> p.endsWith("/void")).hasSize(1);
    } finally {
      host.stop(Duration.ofSeconds(5));
    }
  }

  private static List<String> payments(Orders orders, String order) {
    return orders.events("acme", order).events().stream().filter(e -> e.stream().contains(":Payment-")).map(Orders.EventView::type).toList();
  }

  @Test
  void aBodyThatStallsAfterTheHeadersIsATimeout() {
    simulator.stallBodiesNext(1);

    assertThatThrownBy(() -> gateway.authorize("acme", "o-1", "tok_approve", Money.of("10.00", "EUR"), "acme:o-1:authorize"))
        .isInstanceOf(GatewayTimeoutException.class)
        .cause().isInstanceOfSatisfying(JsonHttp.Unavailable.class, u -> assertThat(u.timedOut()).isTrue());
  }

  @Test
  void aFailingGatewayTripsItsCircuitBreakerAndFurtherCallsAreNotSent() {
    simulator.failNext(1000);
    for (int i = 0; i < 10; i++) {
      String key = "acme:o-" + i + ":authorize";
      assertThatThrownBy(() -> gateway.authorize("acme", "o", "tok_approve", Money.of("10.00", "EUR"), key))
          .isInstanceOf(GatewayTimeoutException.class);
    }
    int sent = simulator.requests().size();

    assertThatThrownBy(() -> gateway.authorize("acme", "o", "tok_approve", Money.of("10.00", "EUR"), "acme:o-x:authorize"))
        .isInstanceOf(GatewayUnavailableException.class)
        .hasMessageContaining("circuit breaker is open");
    assertThat(simulator.requests()).hasSize(sent);
  }

  @Test
  void eachAdapterHasItsOwnCircuitBreaker() {
    simulator.failNext(1000);
    for (int i = 0; i < 10; i++) {
      String key = "acme:o-" + i + ":authorize";
      assertThatThrownBy(() -> gateway.authorize("acme", "o", "tok_approve", Money.of("10.00", "EUR"), key))
          .isInstanceOf(GatewayTimeoutException.class);
    }
    try (FraudScoringSimulator fraud = FraudScoringSimulator.start()) {
      HttpFraudScorer scorer = new HttpFraudScorer(fraud.uri(), CLIENT_TIMEOUT, JSON);
      assertThat(scorer.score(new io.solstice.commerce.fraud.FraudScorer.Request("acme", "o-1", "ana@example.com",
          Money.of("10.00", "EUR"), new BigDecimal("500"))).verdict()).isNotNull();
      assertThat(scorer.breaker().getState().name()).isEqualTo("CLOSED");
    }
    assertThat(gateway.breaker().getState().name()).isEqualTo("OPEN");
  }

  @Test
  void aRepeatedAuthorizationAfterALateApprovalAnswersTheSameAuthorization() {
    simulator.answerLateNext(1);
    assertThatThrownBy(() -> gateway.authorize("acme", "o-1", "tok_approve", Money.of("10.00", "EUR"), "acme:o-1:authorize"))
        .isInstanceOf(GatewayTimeoutException.class);

    Authorization again = gateway.authorize("acme", "o-1", "tok_approve", Money.of("10.00", "EUR"), "acme:o-1:authorize");

    assertThat(again).isInstanceOf(Authorization.Approved.class);
  }
}
