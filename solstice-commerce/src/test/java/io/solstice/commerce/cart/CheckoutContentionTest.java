package io.solstice.commerce.cart;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.commerce.Categories;
import io.solstice.commerce.catalog.Catalog;
import io.solstice.commerce.inventory.Inventory;
import io.solstice.commerce.shared.Address;
import io.solstice.commerce.shared.Customer;
import io.solstice.commerce.shared.Ids;
import io.solstice.commerce.shared.RuleViolationException;
import io.solstice.commerce.tenancy.ApiKeys;
import io.solstice.commerce.tenancy.Tenancy;
import io.solstice.commerce.tenancy.Tenancy.TenantContext;
import io.solstice.core.EventMetadata;
import io.solstice.core.store.TenantPlacement;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many shoppers check out the last units of one SKU at the same moment, on a real SQLite store,
 * through two cart services that share nothing but the store (as two processes would): stock is
 * never oversold, and no checkout is refused while units remain — contention is resolved by
 * re-deciding, never by a spurious refusal or a concurrency error.
 */
class CheckoutContentionTest {
  private static final int SHOPPERS = 48;

  @TempDir Path dir;
  private SqlEventStore store;
  private List<Carts> processes;
  private Inventory inventory;
  private TenantContext acme;

  @BeforeEach
  void open() {
    store = SqlEventStore.open(SqlStoreConfig.sqlite(dir.resolve("solstice.db")));
    Categories first = Categories.on(store);
    Tenancy tenancy = new Tenancy(store, first.tenants(), new ApiKeys(ApiKeys.newPepper()), t -> TenantPlacement.POOLED_STORE);
    tenancy.provision("acme", "Acme", "EUR");
    acme = tenancy.context("acme").orElseThrow();
    new Catalog(first.products()).put("acme", "EUR", "LAST", "Last one", "", new BigDecimal("10.00"));
    inventory = new Inventory(first.stock(), first.products());
    Ids ids = new Ids(Clock.systemUTC());
    // Two "processes": separate categories (so separate caches) and separate cart services (separate locks).
    processes = List.of(new Carts(first, ids), new Carts(Categories.on(store), ids));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private record Outcome(int placed, int refused, List<Throwable> unexpected) {}

  private Outcome checkOutConcurrently(int shoppers) throws InterruptedException {
    List<String> carts = new ArrayList<>();
    for (int i = 0; i < shoppers; i++) {
      Carts carts0 = processes.get(i % 2);
      String cart = carts0.create("acme");
      carts0.addItem(acme, cart, "LAST", 1);
      carts.add(cart);
    }
    AtomicInteger placed = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < shoppers; i++) {
        Carts service = processes.get(i % 2);
        String cart = carts.get(i);
        threads.submit(() -> {
          start.await();
          try {
            service.checkout(acme, cart, "key-" + cart, new CheckoutRequest(new Customer("c@example.com", "C"),
                new Address("1 Main St", "Berlin", "10115", "DE"), "tok_approve"), EventMetadata.EMPTY);
            placed.incrementAndGet();
          } catch (RuleViolationException e) {
            if (e.code().equals("insufficient_stock")) {
              refused.incrementAndGet();
            } else {
              unexpected.add(e);
            }
          } catch (RuntimeException e) {
            unexpected.add(e);
          }
          return null;
        });
      }
      start.countDown();
    }
    return new Outcome(placed.get(), refused.get(), List.copyOf(unexpected));
  }

  @Test
  void theLastUnitsGoToExactlyAsManyShoppersAndNoMore() throws InterruptedException {
    inventory.adjust("acme", "LAST", SHOPPERS / 3, "delivery");
    Outcome outcome = checkOutConcurrently(SHOPPERS);
    assertThat(outcome.unexpected()).isEmpty();
    assertThat(outcome.placed()).isEqualTo(SHOPPERS / 3);
    assertThat(outcome.refused()).isEqualTo(SHOPPERS - SHOPPERS / 3);
    var stock = inventory.get("acme", "LAST");
    assertThat(stock.available()).isZero();
    assertThat(stock.reserved()).isEqualTo(SHOPPERS / 3);
  }

  @Test
  void noCheckoutIsRefusedWhileStockLasts() throws InterruptedException {
    inventory.adjust("acme", "LAST", SHOPPERS, "delivery");
    Outcome outcome = checkOutConcurrently(SHOPPERS);
    assertThat(outcome.unexpected()).isEmpty();
    assertThat(outcome.placed()).isEqualTo(SHOPPERS);
    assertThat(outcome.refused()).isZero();
    assertThat(inventory.get("acme", "LAST").available()).isZero();
  }
}
