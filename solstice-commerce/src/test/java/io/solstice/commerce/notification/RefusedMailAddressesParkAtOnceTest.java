package io.solstice.commerce.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.commerce.Categories;
import io.solstice.commerce.CommerceServices;
import io.solstice.commerce.cart.CheckoutRequest;
import io.solstice.commerce.catalog.Catalog;
import io.solstice.commerce.fraud.EmbeddedFraudScorer;
import io.solstice.commerce.inventory.Inventory;
import io.solstice.commerce.order.Order;
import io.solstice.commerce.payment.PaymentTokens;
import io.solstice.commerce.payment.SimulatedPaymentGateway;
import io.solstice.commerce.shared.Address;
import io.solstice.commerce.shared.Customer;
import io.solstice.commerce.shared.EmailAddresses;
import io.solstice.commerce.shared.Ids;
import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.shared.Money;
import io.solstice.commerce.shared.OrderLine;
import io.solstice.commerce.cart.Carts;
import io.solstice.commerce.tenancy.ApiKeys;
import io.solstice.commerce.tenancy.Policy;
import io.solstice.commerce.tenancy.Tenancy;
import io.solstice.core.EventMetadata;
import io.solstice.core.memory.MemoryCheckpointStore;
import io.solstice.core.memory.MemoryDeadLetterStore;
import io.solstice.core.memory.MemoryStore;
import io.solstice.core.store.DeadLetter;
import io.solstice.core.store.TenantPlacement;
import io.solstice.pipeline.PermanentFailureException;
import io.solstice.pipeline.ServiceHost;
import io.solstice.testkit.Await;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, fix 2: an e-mail the mail library refuses ({@code a;b@example.com}) passed the
 * checkout's check; the notification service then retried it and halted the order's stream. Now
 * checkout (and a tenant's sender policy) validate with the mail library's own parser, and a mail
 * whose address the library refuses is parked at once, after one attempt, while other mails flow.
 */
class RefusedMailAddressesParkAtOnceTest {
  static final String REFUSED = "a;b@example.com";

  @TempDir Path mailDir;

  @Test
  void theMailLibraryDecidesWhichAddressesCheckoutAccepts() {
    assertThat(EmailAddresses.deliverable("ana@example.com")).isTrue();
    assertThat(EmailAddresses.deliverable("ana.maria+shop@mail.example.co.uk")).isTrue();
    for (String refused : List.of(REFUSED, "a,b@example.com", "Ana <ana@example.com>", "a b@example.com", "ana@example", "a\"b@example.com",
        "ana@@example.com", "(x)ana@example.com", "ana@exa_mple..com")) {
      assertThat(EmailAddresses.deliverable(refused)).as(refused).isFalse();
    }
    assertThatThrownBy(() -> Customer.forCheckout(REFUSED, "Ana")).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).fields()).containsKey("customer.email"));
    assertThatThrownBy(() -> new CheckoutRequest(new Customer(REFUSED, "Ana"), new Address("1 Main St", "Berlin", "10115", "DE"), "tok_approve"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aTenantsSenderMustBeAnAddressTheMailLibraryAccepts() {
    MemoryStore store = new MemoryStore();
    Tenancy tenancy = new Tenancy(store, Categories.on(store).tenants(), new ApiKeys(ApiKeys.newPepper()), t -> TenantPlacement.POOLED_STORE);
    tenancy.provision("acme", "Acme", "EUR");

    assertThatThrownBy(() -> tenancy.changePolicy("acme", new Policy(BigDecimal.ZERO, BigDecimal.TEN, Policy.CaptureOn.SHIP, "shop;x@acme.example", 3)))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).fields()).containsKey("mailSender"));
  }

  @Test
  void aMailToARefusedAddressIsAPermanentFailureInEverySender() {
    Mail mail = new Mail("e1", "acme", "shop@acme.example", REFUSED, "Order 1 confirmed", "Hello");

    assertThatThrownBy(() -> new FileMailSink(mailDir, Clock.systemUTC()).send(mail)).isInstanceOf(PermanentFailureException.class)
        .hasMessageContaining(REFUSED).hasMessageContaining("replay");
    assertThatThrownBy(() -> new SmtpMailSender("127.0.0.1", 9, Duration.ofSeconds(1), Clock.systemUTC()).send(mail))
        .isInstanceOf(PermanentFailureException.class);
    assertThat(mailDir).isEmptyDirectory();
  }

  @Test
  void anOrderStoredWithARefusedAddressIsParkedAfterOneAttemptAndOtherMailsFlow() throws IOException {
    MemoryStore store = new MemoryStore();
    Categories c = Categories.on(store);
    Tenancy tenancy = new Tenancy(store, c.tenants(), new ApiKeys(ApiKeys.newPepper()), t -> TenantPlacement.POOLED_STORE);
    MemoryDeadLetterStore deadLetters = new MemoryDeadLetterStore();
    ServiceHost host = ServiceHost.builder(store).checkpoints(new MemoryCheckpointStore()).deadLetters(deadLetters)
        .pollWait(Duration.ofMillis(50))
        .services(CommerceServices.reactions(c, tenancy, new EmbeddedFraudScorer(), new SimulatedPaymentGateway(),
            new FileMailSink(mailDir, Clock.systemUTC())))
        .build();
    host.start();
    try {
      tenancy.provision("acme", "Acme", "EUR");
      new Catalog(c.products()).put("acme", "EUR", "TEE", "T-shirt", "Cotton", new BigDecimal("19.99"));
      new Inventory(c.stock(), c.products()).adjust("acme", "TEE", 10, "delivery");
      // an order placed before checkout validated addresses with the mail library
      List<OrderLine> lines = List.of(new OrderLine("TEE", "T-shirt", 1, Money.of("19.99", "EUR")));
      Order.Placed legacy = new Order.Placed("legacy", "cart-legacy", new Customer(REFUSED, "Ana"), new Address("1 Main St", "Berlin", "10115", "DE"),
          lines, io.solstice.commerce.order.Totals.of(lines, BigDecimal.ZERO, "EUR"), PaymentTokens.ephemeral().seal("acme", "legacy", "tok_approve"));
      c.orders().decider("acme", "legacy").withMetadata(EventMetadata.EMPTY.withCorrelation("legacy")).transact(s -> Order.place(s, legacy));
      Tenancy.TenantContext acme = tenancy.context("acme").orElseThrow();
      Carts carts = new Carts(c, new Ids(Clock.systemUTC()));

      Await.until("the mail of the legacy order is parked", () -> !deadLetters.list("notification", DeadLetter.Status.PARKED, 10).isEmpty());
      String cart = carts.create("acme");
      carts.addItem(acme, cart, "TEE", 1);
      String good = carts.checkout(acme, cart, "k", new CheckoutRequest(Customer.forCheckout("ana@example.com", "Ana"),
          new Address("1 Main St", "Berlin", "10115", "DE"), "tok_approve"), EventMetadata.EMPTY);
      Await.until("the next order's mail is sent", () -> mails().anyMatch(text -> text.contains("Order " + good + " confirmed")));

      DeadLetter parked = deadLetters.list("notification", DeadLetter.Status.PARKED, 10).getFirst();
      assertThat(parked.attempts()).isEqualTo(1);
      assertThat(parked.stream().id()).isEqualTo("legacy");
      assertThat(parked.error()).contains(REFUSED);
    } finally {
      host.stop(Duration.ofSeconds(5));
    }
  }

  private Stream<String> mails() {
    try (Stream<Path> files = Files.list(mailDir)) {
      return files.filter(p -> p.toString().endsWith(".eml")).map(p -> {
        try {
          return Files.readString(p);
        } catch (IOException e) {
          return "";
        }
      }).toList().stream();
    } catch (IOException e) {
      return Stream.empty();
    }
  }
}
