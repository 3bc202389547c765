package io.solstice.commerce.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.solstice.commerce.Categories;
import io.solstice.commerce.CommerceServices;
import io.solstice.commerce.cart.Carts;
import io.solstice.commerce.cart.CheckoutRequest;
import io.solstice.commerce.catalog.Catalog;
import io.solstice.commerce.fraud.EmbeddedFraudScorer;
import io.solstice.commerce.fraud.FraudCheck;
import io.solstice.commerce.inventory.Inventory;
import io.solstice.commerce.notification.FileMailSink;
import io.solstice.commerce.order.Order;
import io.solstice.commerce.order.Orders;
import io.solstice.commerce.payment.Payment;
import io.solstice.commerce.payment.SimulatedPaymentGateway;
import io.solstice.commerce.shared.Address;
import io.solstice.commerce.shared.Customer;
import io.solstice.commerce.shared.Ids;
import io.solstice.commerce.tenancy.ApiKeys;
import io.solstice.commerce.tenancy.Policy;
import io.solstice.commerce.tenancy.Tenancy;
import io.solstice.core.EventMetadata;
import io.solstice.core.RecordedEvent;
import io.solstice.core.decider.EventIds;
import io.solstice.core.memory.MemoryCheckpointStore;
import io.solstice.core.memory.MemoryDeadLetterStore;
import io.solstice.core.memory.MemoryStore;
import io.solstice.core.store.TenantPlacement;
import io.solstice.pipeline.ServiceHost;
import io.solstice.testkit.Await;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The order flow with {@code fraud} and {@code payment} committing the {@code order} service's
 * decisions with their own ({@code fuseOrder}) writes the same events, with the same derivation of
 * ids and the same metadata, as with every reaction committing alone (as when {@code --services}
 * splits them over processes).
 */
class FusedReactionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> DETERMINISTIC_PRODUCERS = Set.of("fraud", "order");

  @TempDir Path mailDir;

  /** What one order's run wrote to its order, fraud-check and payment streams. */
  private record Run(String orderId, List<RecordedEvent> events) {}

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "confirmed and captured, ana@example.com, tok_approve, PaymentCaptured Released",
      "payment declined, ana@example.com, tok_decline, PaymentDeclined",
      "rejected by the fraud check, mallory@fraud.test, tok_approve, Rejected"})
  void fusedReactionsWriteTheSameEventsAsSeparateOnes(String outcome, String email, String token, String lastOrderEvents) throws Exception {
    Run separate = run(false, email, token, lastOrderEvents);
    Run fused = run(true, email, token, lastOrderEvents);

    assertThat(shapes(fused)).containsExactlyInAnyOrderElementsOf(shapes(separate)).isNotEmpty();
  }

  @ParameterizedTest(name = "fused: {0}")
  @CsvSource({"false", "true"})
  void fraudAndOrderEventsCarryTheIdsTheirServiceDerivesFromTheCause(boolean fuse) throws Exception {
    Run run = run(fuse, "ana@example.com", "tok_approve", "PaymentCaptured Released");

    List<RecordedEvent> derived = run.events().stream().filter(e -> e.metadata().producer() != null && DETERMINISTIC_PRODUCERS.contains(e.metadata().producer())).toList();
    assertThat(derived).extracting(RecordedEvent::type).contains("Scored", "FraudAccepted", "PaymentAuthorized", "Confirmed");
    assertThat(derived).allSatisfy(e -> assertThat(IntStream.range(0, 3).mapToObj(i ->
        EventIds.nameBased(e.metadata().producer() + ":" + e.metadata().causationId(), e.stream(), i))).contains(e.eventId()));
  }

  @ParameterizedTest(name = "fused: {0}")
  @CsvSource({"false", "true"})
  void fusedTheOrdersDecisionIsInTheCommitOfTheEventItFollows(boolean fuse) throws Exception {
    Run run = run(fuse, "ana@example.com", "tok_approve", "PaymentCaptured Released");

    assertThat(sameCommit(run, "Scored", "FraudAccepted")).isEqualTo(fuse);
    assertThat(sameCommit(run, "Authorized", "PaymentAuthorized")).isEqualTo(fuse);
    assertThat(sameCommit(run, "Authorized", "Confirmed")).isEqualTo(fuse);
    assertThat(sameCommit(run, "Captured", "PaymentCaptured")).isEqualTo(fuse);
  }

  /** The store's clock ticks once per commit: events of one commit share their timestamp, and only they do. */
  private static boolean sameCommit(Run run, String type, String otherType) {
    return timestamp(run, type).equals(timestamp(run, otherType));
  }

  private static java.time.Instant timestamp(Run run, String type) {
    return run.events().stream().filter(e -> e.type().equals(type)).findFirst().orElseThrow().timestamp();
  }

  /** Runs one order through every reaction on a fresh memory store, until its order stream has each of {@code last} (space-separated types). */
  private Run run(boolean fuse, String email, String token, String last) throws IOException {
    MemoryStore store = new MemoryStore(new CommitClock(), 1 << 20);
    Categories c = Categories.on(store);
    Tenancy tenancy = new Tenancy(store, c.tenants(), new ApiKeys(ApiKeys.newPepper()), t -> TenantPlacement.POOLED_STORE);
    Catalog catalog = new Catalog(c.products());
    Inventory inventory = new Inventory(c.stock(), c.products());
    Carts carts = new Carts(c, new Ids(Clock.systemUTC()));
    Path mail = java.nio.file.Files.createTempDirectory(mailDir, fuse ? "fused" : "separate");
    ServiceHost host = ServiceHost.builder(store).checkpoints(new MemoryCheckpointStore()).deadLetters(new MemoryDeadLetterStore())
        .pollWait(Duration.ofMillis(50)).services(CommerceServices.reactions(c, tenancy, new EmbeddedFraudScorer(),
            new SimulatedPaymentGateway(), new FileMailSink(mail, Clock.systemUTC()), io.solstice.commerce.payment.PaymentTokens.ephemeral(), fuse))
        .build();
    host.start();
    try {
      tenancy.provision("acme", "Acme", "EUR");
      tenancy.changePolicy("acme", new Policy(new BigDecimal("0.19"), new BigDecimal("500"), Policy.CaptureOn.CONFIRM, "shop@acme.example", 2));
      catalog.put("acme", "EUR", "TEE", "T-shirt", "Cotton", new BigDecimal("19.99"));
      inventory.adjust("acme", "TEE", 10, "delivery");
      var acme = tenancy.context("acme").orElseThrow();
      String cart = carts.create("acme");
      carts.addItem(acme, cart, "TEE", 2);
      String orderId = carts.checkout(acme, cart, "key-" + cart, new CheckoutRequest(new Customer(email, "Ana"),
          new Address("1 Main St", "Berlin", "10115", "DE"), token), EventMetadata.EMPTY);
      for (String type : last.split(" ")) {
        Predicate<RecordedEvent> isLast = e -> e.type().equals(type);
        Await.until("order " + orderId + " has " + type, () -> store.read(Order.stream("acme", orderId), 0, 100).stream().anyMatch(isLast));
      }
      List<RecordedEvent> events = new ArrayList<>();
      for (var stream : List.of(Order.stream("acme", orderId), FraudCheck.stream("acme", orderId), Payment.stream("acme", orderId))) {
        events.addAll(store.read(stream, 0, 100));
      }
      return new Run(orderId, events);
    } finally {
      host.stop(Duration.ofSeconds(5));
    }
  }

  /**
   * Each event as what it is, without what differs from run to run: its category, type, producer,
   * the category and type of its cause, correlation to the order, and its data with ids and times
   * blanked (order ids, gateway ids and timestamps are new in every run).
   */
  private static List<String> shapes(Run run) {
    Map<UUID, RecordedEvent> byId = new HashMap<>();
    run.events().forEach(e -> byId.put(e.eventId(), e));
    return run.events().stream().filter(e -> !e.type().equals("Placed")).map(e -> {
      String cause = e.metadata().causationId() == null ? "none" : java.util.Optional.ofNullable(byId.get(UUID.fromString(e.metadata().causationId())))
          .map(c -> c.stream().category() + "." + c.type()).orElse("outside");
      return e.stream().category() + "." + e.type() + " by " + e.metadata().producer() + " for " + cause + " "
          + (run.orderId().equals(e.metadata().correlationId()) ? "correlated" : "correlation " + e.metadata().correlationId()) + " "
          + blanked(e.data());
    }).toList();
  }

  /** A clock a millisecond further on every reading: the memory store reads it once per commit. */
  private static final class CommitClock extends Clock {
    private final java.util.concurrent.atomic.AtomicLong millis = new java.util.concurrent.atomic.AtomicLong(1_700_000_000_000L);

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public java.time.Instant instant() {
      return java.time.Instant.ofEpochMilli(millis.incrementAndGet());
    }
  }

  private static String blanked(byte[] data) {
    try {
      JsonNode node = JSON.readTree(data);
      blank(node);
      return node.toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void blank(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getValue().isTextual() && (field.getKey().endsWith("Id") || field.getKey().endsWith("At") || field.getKey().equals("at"))) {
          field.setValue(JSON.getNodeFactory().textNode("<" + field.getKey() + ">"));
        } else {
          blank(field.getValue());
        }
      }
    } else if (node.isArray()) {
      node.forEach(FusedReactionsTest::blank);
    }
  }
}
