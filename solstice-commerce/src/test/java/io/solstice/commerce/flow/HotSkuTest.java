package io.solstice.commerce.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.commerce.Categories;
import io.solstice.commerce.CommerceServices;
import io.solstice.commerce.cart.Carts;
import io.solstice.commerce.cart.CheckoutRequest;
import io.solstice.commerce.catalog.Catalog;
import io.solstice.commerce.fraud.EmbeddedFraudScorer;
import io.solstice.commerce.inventory.Inventory;
import io.solstice.commerce.notification.FileMailSink;
import io.solstice.commerce.order.Orders;
import io.solstice.commerce.payment.PaymentTokens;
import io.solstice.commerce.payment.SimulatedPaymentGateway;
import io.solstice.commerce.shared.Address;
import io.solstice.commerce.shared.Customer;
import io.solstice.commerce.shared.Ids;
import io.solstice.commerce.tenancy.ApiKeys;
import io.solstice.commerce.tenancy.Tenancy;
import io.solstice.core.EventMetadata;
import io.solstice.core.store.DeadLetter;
import io.solstice.core.store.TenantPlacement;
import io.solstice.pipeline.ServiceHost;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
import io.solstice.testkit.Await;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checkouts, cancellations and shipments at once on one hot SKU, with every service running on a
 * real SQLite store: the stock's releases, allocations and shipments never fight the checkouts,
 * so nothing is parked, and once every order settled nothing is held and on hand is the initial
 * stock minus what shipped. Runs with the order's reactions fused into fraud's and payment's
 * commits and without; every shopper's and warehouse's call must succeed.
 */
class HotSkuTest {
  private static final long INITIAL = 500;

  @TempDir Path dir;
  private SqlEventStore store;
  private ServiceHost host;
  private Carts carts;
  private Orders orders;
  private Inventory inventory;
  private Tenancy tenancy;

  private void start(boolean fuseOrder) {
    store = SqlEventStore.open(SqlStoreConfig.sqlite(dir.resolve("solstice.db")));
    Categories c = Categories.on(store);
    Ids ids = new Ids(Clock.systemUTC());
    tenancy = new Tenancy(store, c.tenants(), new ApiKeys(ApiKeys.newPepper()), t -> TenantPlacement.POOLED_STORE);
    carts = new Carts(c, ids);
    orders = new Orders(c, ids);
    inventory = new Inventory(c.stock(), c.products());
    host = ServiceHost.builder(store).checkpoints(store.checkpoints()).deadLetters(store.deadLetters()).pollWait(Duration.ofMillis(50))
        .services(CommerceServices.reactions(c, tenancy, new EmbeddedFraudScorer(), new SimulatedPaymentGateway(),
            new FileMailSink(dir.resolve("mail"), Clock.systemUTC()), PaymentTokens.ephemeral(), fuseOrder))
        .build();
    host.start();
    tenancy.provision("acme", "Acme", "EUR");
    new Catalog(c.products()).put("acme", "EUR", "HOT", "Hot item", "", new BigDecimal("9.99"));
    inventory.adjust("acme", "HOT", INITIAL, "delivery");
  }

  @AfterEach
  void stop() {
    if (host != null) {
      host.stop(Duration.ofSeconds(5));
    }
    if (store != null) {
      store.close();
    }
  }

  @ParameterizedTest(name = "fused reactions: {0}")
  @ValueSource(booleans = {false, true})
  void reservationsReturnToZeroAndOnHandIsTheInitialStockMinusWhatShipped(boolean fuseOrder) throws Exception {
    start(fuseOrder);
    var acme = tenancy.context("acme").orElseThrow();
    ConcurrentLinkedQueue<String> cancelled = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> toShip = new ConcurrentLinkedQueue<>();
    AtomicLong shipped = new AtomicLong();
    try (var shoppers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> checkouts = new ArrayList<>();
      for (int i = 0; i < 120; i++) {
        int n = i;
        checkouts.add(shoppers.submit(() -> {
          String cart = carts.create("acme");
          carts.addItem(acme, cart, "HOT", 1 + n % 3);
          String order = carts.checkout(acme, cart, "key-" + cart, new CheckoutRequest(new Customer("s" + n + "@example.com", "S"),
              new Address("1 Main St", "Berlin", "10115", "DE"), "tok_approve"), EventMetadata.EMPTY);
          if (n % 3 == 0) {
            orders.cancel("acme", order, "changed my mind", EventMetadata.EMPTY);
            cancelled.add(order);
          } else {
            toShip.add(order);
          }
          return order;
        }));
      }
      awaitAll(checkouts);
    }
    // ship every order not cancelled as soon as it is released, many at once
    try (var warehouse = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> shipments = new ArrayList<>();
      for (String order : toShip) {
        shipments.add(warehouse.submit(() -> {
          Await.until("order " + order + " released", () -> orders.get("acme", order).status().equals("released"), Duration.ofSeconds(60));
          var view = orders.addShipment("acme", order, Map.of(), null, EventMetadata.EMPTY);
          shipped.addAndGet(view.lines().values().stream().mapToInt(Integer::intValue).sum());
          return null;
        }));
      }
      awaitAll(shipments);
    }
    for (String order : cancelled) {
      Await.until("order " + order + " cancelled", () -> orders.get("acme", order).status().equals("cancelled"), Duration.ofSeconds(60));
    }

    Await.until("nothing held for orders", () -> inventory.get("acme", "HOT").reserved() == 0, Duration.ofSeconds(60));
    var stock = inventory.get("acme", "HOT");
    assertThat(stock.onHand()).isEqualTo(INITIAL - shipped.get());
    assertThat(stock.available()).isEqualTo(INITIAL - shipped.get());
    assertThat(store.deadLetters().list(null, DeadLetter.Status.PARKED, 100)).as("dead letters parked").isEmpty();
  }

  /** Waits for every task and rethrows the first one's failure, so no shopper's error goes unseen. */
  private static void awaitAll(List<Future<?>> tasks) throws Exception {
    for (Future<?> task : tasks) {
      task.get();
    }
  }
}
