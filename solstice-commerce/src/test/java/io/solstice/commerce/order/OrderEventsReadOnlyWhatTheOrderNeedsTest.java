package io.solstice.commerce.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.commerce.Categories;
import io.solstice.commerce.cart.Carts;
import io.solstice.commerce.cart.CheckoutRequest;
import io.solstice.commerce.catalog.Catalog;
import io.solstice.commerce.inventory.Inventory;
import io.solstice.commerce.inventory.Stock;
import io.solstice.commerce.shared.Address;
import io.solstice.commerce.shared.Customer;
import io.solstice.commerce.shared.Ids;
import io.solstice.commerce.tenancy.ApiKeys;
import io.solstice.commerce.tenancy.Tenancy;
import io.solstice.commerce.tenancy.Tenant;
import io.solstice.core.EventMetadata;
import io.solstice.core.StreamName;
import io.solstice.core.memory.MemoryStore;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.TenantPlacement;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, fix 3: {@code GET /orders/{id}/events} read every SKU's whole stock history into
 * memory, and Stock and Tenant streams were folded from their first event on every load. Now the
 * order's stock events are found through the store's correlation index (the stock streams are never
 * read), and the long-lived aggregates load from a snapshot and at most {@value
 * Categories#SNAPSHOT_EVERY} events.
 */
class OrderEventsReadOnlyWhatTheOrderNeedsTest {
  final MemoryStore memory = new MemoryStore();
  /** Events returned by stream reads, by category. */
  final Map<String, LongAdder> readByCategory = new ConcurrentHashMap<>();
  final EventStore store = counting(memory, readByCategory);
  final Categories c = Categories.on(store);
  final Ids ids = new Ids(Clock.systemUTC());
  final Tenancy tenancy = new Tenancy(store, c.tenants(), new ApiKeys(ApiKeys.newPepper()), t -> TenantPlacement.POOLED_STORE);
  final Inventory inventory = new Inventory(c.stock(), c.products());
  final Carts carts = new Carts(c, ids);
  final Orders orders = new Orders(c, ids);

  @BeforeEach
  void shop() {
    tenancy.provision("acme", "Acme", "EUR");
    new Catalog(c.products()).put("acme", "EUR", "TEE", "T-shirt", "Cotton", new BigDecimal("19.99"));
    for (int i = 0; i < 450; i++) {
      inventory.adjust("acme", "TEE", 1, "delivery " + i);
    }
  }

  private String order() {
    Tenancy.TenantContext acme = tenancy.context("acme").orElseThrow();
    String cart = carts.create("acme");
    carts.addItem(acme, cart, "TEE", 2);
    return carts.checkout(acme, cart, "k-" + cart, new CheckoutRequest(new Customer("ana@example.com", "Ana"),
        new Address("1 Main St", "Berlin", "10115", "DE"), "tok_approve"), EventMetadata.EMPTY);
  }

  private long read(String category) {
    LongAdder n = readByCategory.get(category);
    return n == null ? 0 : n.sum();
  }

  @Test
  void theEventsOfAnOrderDoNotReadItsSkusStockStreams() {
    String orderId = order();
    readByCategory.clear();

    Orders.OrderEvents events = orders.events("acme", orderId);

    assertThat(events.events()).extracting(e -> e.stream() + " " + e.type())
        .contains("acme:Order-" + orderId + " Placed", "acme:Stock-TEE Reserved");
    assertThat(events.events()).filteredOn(e -> e.stream().startsWith("acme:Stock-")).hasSize(1);
    assertThat(events.truncated()).isFalse();
    assertThat(read(Stock.CATEGORY)).isZero();
  }

  @Test
  void stockLoadsFromASnapshotAndAtMostAnIntervalOfEvents() {
    Categories fresh = Categories.on(store);
    readByCategory.clear();

    Stock.State state = fresh.stock().decider("acme", "TEE").query(Function.identity());

    assertThat(state.onHand()).isEqualTo(450);
    assertThat(read(Stock.CATEGORY)).isLessThanOrEqualTo(Categories.SNAPSHOT_EVERY);
    assertThat(state).isEqualTo(c.stock().decider("acme", "TEE").query(Function.identity()));
  }

  @Test
  void aTenantLoadsFromASnapshotAndAtMostAnIntervalOfEvents() {
    for (int i = 0; i < 250; i++) {
      tenancy.rotateKey("acme");
    }
    Categories fresh = Categories.on(store);
    readByCategory.clear();

    Tenant.State state = fresh.tenants().decider(Tenant.stream("acme")).query(Function.identity());

    assertThat(state.tenantId()).isEqualTo("acme");
    assertThat(read(Tenant.CATEGORY)).isLessThanOrEqualTo(Categories.SNAPSHOT_EVERY);
    assertThat(state).isEqualTo(c.tenants().decider(Tenant.stream("acme")).query(Function.identity()));
  }

  /** {@code store} with the events its stream reads return counted per category. */
  static EventStore counting(EventStore store, Map<String, LongAdder> counts) {
    return (EventStore) Proxy.newProxyInstance(EventStore.class.getClassLoader(), new Class<?>[] {EventStore.class}, (proxy, method, args) -> {
      Object result;
      try {
        result = method.invoke(store, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if ((method.getName().equals("read") || method.getName().equals("readBackward")) && args[0] instanceof StreamName stream) {
        counts.computeIfAbsent(stream.category(), k -> new LongAdder()).add(((List<?>) result).size());
      }
      return result;
    });
  }

}
