package io.solstice.commerce.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.solstice.commerce.Categories;
import io.solstice.commerce.CommerceServices;
import io.solstice.commerce.cart.Carts;
import io.solstice.commerce.cart.CheckoutRequest;
import io.solstice.commerce.catalog.Catalog;
import io.solstice.commerce.fraud.EmbeddedFraudScorer;
import io.solstice.commerce.inventory.Inventory;
import io.solstice.commerce.notification.FileMailSink;
import io.solstice.commerce.order.Order;
import io.solstice.commerce.order.Orders;
import io.solstice.commerce.shared.Address;
import io.solstice.commerce.shared.Customer;
import io.solstice.commerce.shared.Ids;
import io.solstice.commerce.shared.Money;
import io.solstice.commerce.shared.OrderLine;
import io.solstice.commerce.tenancy.ApiKeys;
import io.solstice.commerce.tenancy.Tenancy;
import io.solstice.core.EventData;
import io.solstice.core.EventMetadata;
import io.solstice.core.RecordedEvent;
import io.solstice.core.codec.Json;
import io.solstice.core.memory.MemoryCheckpointStore;
import io.solstice.core.memory.MemoryDeadLetterStore;
import io.solstice.core.memory.MemoryStore;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.core.store.TenantPlacement;
import io.solstice.pipeline.PermanentFailureException;
import io.solstice.pipeline.ServiceHost;
import io.solstice.testkit.Await;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, fix 6: {@code paymentToken} was stored in clear in {@code Order.Placed} and returned by
 * {@code GET /orders/{id}/events}. Now an order keeps a keyed fingerprint and the token sealed for
 * the payment service; the events API shows the fingerprint only; orders stored with the token in
 * clear are masked on read by an upcaster (and, having no token left, are declined).
 */
class PaymentTokensAreNotStoredInClearTest {
  @TempDir Path mailDir;
  final MemoryStore store = new MemoryStore();
  final Categories c = Categories.on(store);
  final Ids ids = new Ids(Clock.systemUTC());
  final Tenancy tenancy = new Tenancy(store, c.tenants(), new ApiKeys(ApiKeys.newPepper()), t -> TenantPlacement.POOLED_STORE);
  final Orders orders = new Orders(c, ids);
  ServiceHost host;

  @BeforeEach
  void start() {
    host = ServiceHost.builder(store).checkpoints(new MemoryCheckpointStore()).deadLetters(new MemoryDeadLetterStore())
        .pollWait(Duration.ofMillis(50))
        .services(CommerceServices.reactions(c, tenancy, new EmbeddedFraudScorer(), new SimulatedPaymentGateway(),
            new FileMailSink(mailDir, Clock.systemUTC())))
        .build();
    host.start();
    tenancy.provision("acme", "Acme", "EUR");
    new Catalog(c.products()).put("acme", "EUR", "TEE", "T-shirt", "Cotton", new BigDecimal("19.99"));
    new Inventory(c.stock(), c.products()).adjust("acme", "TEE", 10, "delivery");
  }

  @AfterEach
  void stop() {
    host.stop(Duration.ofSeconds(5));
  }

  private String checkout(String token) {
    Tenancy.TenantContext acme = tenancy.context("acme").orElseThrow();
    Carts carts = new Carts(c, ids);
    String cart = carts.create("acme");
    carts.addItem(acme, cart, "TEE", 1);
    return carts.checkout(acme, cart, "k-" + cart, new CheckoutRequest(new Customer("ana@example.com", "Ana"),
        new Address("1 Main St", "Berlin", "10115", "DE"), token), EventMetadata.EMPTY);
  }

  private RecordedEvent placed(String orderId) {
    return store.read(Order.stream("acme", orderId), 0, 1).getFirst();
  }

  @Test
  void anOrderStoresAFingerprintAndASealedTokenNeverTheTokenInClear() {
    String order = checkout("tok_approve");

    String stored = new String(placed(order).data(), StandardCharsets.UTF_8);
    assertThat(stored).doesNotContain("tok_approve").doesNotContain("paymentToken").contains("\"fingerprint\":\"fp_");
    Await.equal(() -> orders.get("acme", order).status(), "released");
  }

  @Test
  void theEventsApiShowsTheFingerprintOnly() {
    String order = checkout("tok_approve");

    Orders.EventView view = orders.events("acme", order).events().stream().filter(e -> e.type().equals("Placed")).findFirst().orElseThrow();

    assertThat(view.data().path("payment").path("fingerprint").asText()).startsWith("fp_");
    assertThat(view.data().path("payment").has("sealedToken")).isFalse();
    assertThat(view.data().toString()).doesNotContain("tok_approve");
  }

  @Test
  void anOrderStoredWithItsTokenInClearIsMaskedOnReadAndDeclined() throws Exception {
    List<OrderLine> lines = List.of(new OrderLine("TEE", "T-shirt", 1, Money.of("19.99", "EUR")));
    Order.Placed current = new Order.Placed("old", "cart-old", new Customer("ana@example.com", "Ana"),
        new Address("1 Main St", "Berlin", "10115", "DE"), lines, io.solstice.commerce.order.Totals.of(lines, BigDecimal.ZERO, "EUR"), PaymentMethod.MASKED);
    ObjectNode legacy = (ObjectNode) Json.mapper().readTree(c.orders().codec().encode(current).data());
    legacy.remove("payment");
    legacy.put("paymentToken", "tok_approve");
    store.append(Order.stream("acme", "old"), ExpectedVersion.NO_STREAM, List.of(new EventData(UUID.randomUUID(), "Placed",
        Json.mapper().writeValueAsBytes(legacy), new EventMetadata("old", null, null, "checkout"))));

    assertThat(c.orders().decider("acme", "old").query(Function.identity()).placed().payment()).isEqualTo(PaymentMethod.MASKED);
    assertThat(orders.events("acme", "old").events().getFirst().data().toString()).doesNotContain("tok_approve");
    Await.equal(() -> orders.get("acme", "old").status(), "payment_declined");
  }

  @Test
  void aSealedTokenOpensOnlyForItsOrderAndWithItsSecret() {
    PaymentTokens tokens = PaymentTokens.fromSecret(new byte[32]);
    PaymentMethod sealed = tokens.seal("acme", "o1", "tok_approve");

    assertThat(tokens.open("acme", "o1", sealed)).isEqualTo("tok_approve");
    assertThat(tokens.seal("acme", "o2", "tok_approve").fingerprint()).isEqualTo(sealed.fingerprint());
    assertThatThrownBy(() -> tokens.open("acme", "o2", sealed)).isInstanceOf(PermanentFailureException.class);
    assertThatThrownBy(() -> tokens.open("globex", "o1", sealed)).isInstanceOf(PermanentFailureException.class);
    byte[] other = new byte[32];
    other[0] = 1;
    assertThatThrownBy(() -> PaymentTokens.fromSecret(other).open("acme", "o1", sealed)).isInstanceOf(PermanentFailureException.class);
  }
}
