package io.solstice.core.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.core.EventMetadata;
import io.solstice.core.RecordedEvent;
import io.solstice.core.codec.JsonCodec;
import io.solstice.core.memory.MemoryStore;
import io.solstice.core.sample.Cart;
import io.solstice.core.sample.Counter;
import io.solstice.core.store.ExpectedVersion;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MultiStreamDeciderTest {
  final MemoryStore store = new MemoryStore().withTenants("acme");
  final JsonCodec<Counter.Event> counterCodec = JsonCodec.forSealed(Counter.Event.class);
  final Category<Cart.State, Cart.Event> carts =
      Category.builder("Cart", JsonCodec.forSealed(Cart.Event.class), Cart.State.INITIAL, Cart.State::evolve).build(store);
  final Category<Counter.State, Counter.Event> stock = Category
      .builder("Stock", counterCodec, Counter.State.INITIAL, Counter.State::evolve).cache(StateCache.bounded(100)).build(store);
  final Category<Counter.State, Counter.Event> orders =
      Category.builder("Orders", counterCodec, Counter.State.INITIAL, Counter.State::evolve).build(store);

  @Test
  void commitsEveryStreamTogether() {
    var cart = carts.decider("acme", "c1");
    var sku = stock.decider("acme", "sku-1");
    sku.transact(s -> List.of(new Counter.Event.Incremented(5)));
    cart.transact(s -> Cart.setQuantity(s, "sku-1", 2, BigDecimal.ONE));

    String placed = MultiStreamDecider.on(store).withMetadata(EventMetadata.EMPTY.withCorrelation("checkout-1")).transact(tx -> {
      Cart.State c = tx.state(cart);
      int wanted = c.lines().get("sku-1").quantity();
      tx.append(sku, List.of(new Counter.Event.Incremented(-wanted)));
      tx.append(cart, Cart.checkOut(c, Instant.EPOCH));
      return "placed";
    });

    assertThat(placed).isEqualTo("placed");
    assertThat(sku.query(Counter.State::count)).isEqualTo(3);
    assertThat(cart.query(Cart.State::checkedOut)).isTrue();
    assertThat(store.read(cart.stream(), 1, 1).getFirst().metadata().correlationId()).isEqualTo("checkout-1");
  }

  @Test
  void withDecidersIdentityEachStreamsEventsTakeTheIdsAndMetadataOfTheirDecider() {
    var sku = stock.decider("acme", "sku-1").withEventIds(EventIds.fromCausation("stock:e1"))
        .withMetadata(new EventMetadata("corr", "e1", null, "stock"));
    var order = orders.decider("acme", "o-1").withEventIds(EventIds.fromCausation("order:e2"))
        .withMetadata(new EventMetadata("corr", "e2", null, "order"));

    MultiStreamDecider.on(store).withMetadata(EventMetadata.EMPTY.withCorrelation("ignored")).withDecidersIdentity().transact(tx -> {
      tx.append(sku, List.of(new Counter.Event.Incremented(1)));
      tx.append(order, List.of(new Counter.Event.Incremented(1)));
      return null;
    });

    RecordedEvent stockEvent = store.read(sku.stream(), 0, 1).getFirst();
    RecordedEvent orderEvent = store.read(order.stream(), 0, 1).getFirst();
    assertThat(stockEvent.eventId()).isEqualTo(EventIds.nameBased("stock:e1", sku.stream(), 0));
    assertThat(stockEvent.metadata().producer()).isEqualTo("stock");
    assertThat(orderEvent.eventId()).isEqualTo(EventIds.nameBased("order:e2", order.stream(), 0));
    assertThat(orderEvent.metadata()).isEqualTo(new EventMetadata("corr", "e2", null, "order"));
  }

  @Test
  void nothingStagedWritesNothing() {
    var cart = carts.decider("acme", "c1");

    int lines = MultiStreamDecider.on(store).transact(tx -> tx.state(cart).lines().size());

    assertThat(lines).isZero();
    assertThat(store.headPosition()).isZero();
  }

  @Test
  void contentionReDecidesOnFreshStateAndNeverRefusesSpuriously() throws Exception {
    var sku = stock.decider("acme", "sku-1");
    sku.transact(s -> List.of(new Counter.Event.Incremented(5)));
    MultiStreamDecider checkout = MultiStreamDecider.on(store).withMaxAttempts(20);
    List<Callable<Boolean>> buyers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      var order = orders.decider("acme", "o" + i);
      buyers.add(() -> checkout.transact(tx -> {
        if (tx.state(sku).count() <= 0) {
          return false; // refused: sold out
        }
        tx.append(sku, List.of(new Counter.Event.Incremented(-1)));
        tx.append(order, Counter.increment(tx.state(order)));
        return true;
      }));
    }
    List<Boolean> outcomes = new ArrayList<>();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Future<Boolean> f : threads.invokeAll(buyers)) {
        outcomes.add(f.get());
      }
    }

    assertThat(outcomes).filteredOn(b -> b).hasSize(5);
    assertThat(sku.withLoadMode(LoadMode.REQUIRE_LOAD).query(Counter.State::count)).isZero();
    assertThat(store.headPosition()).isEqualTo(1 + 5 * 2);
  }

  @Test
  void exhaustedAttemptsNameEveryConflictingStream() {
    var sku = stock.decider("acme", "sku-1");
    var cart = carts.decider("acme", "c1");

    assertThatThrownBy(() -> MultiStreamDecider.on(store).withMaxAttempts(2).transact(tx -> {
      tx.state(sku);
      tx.state(cart);
      store.append(sku.stream(), ExpectedVersion.ANY, List.of(counterCodec.toEventData(new Counter.Event.Incremented(1),
          UUID.randomUUID(), EventMetadata.EMPTY))); // a competing writer
      tx.append(sku, List.of(new Counter.Event.Reset()));
      tx.append(cart, Cart.checkOut(tx.state(cart), Instant.EPOCH));
      return null;
    }))
        .isInstanceOf(ConcurrencyConflictException.class)
        .hasMessageContaining("acme:Stock-sku-1 expected version 0 but stream is at 1 (2 attempts)");
    assertThat(store.version(cart.stream())).isEqualTo(-1);
  }

  @Test
  void streamsOfAnotherStoreAreRefused() {
    var elsewhere = Category.builder("Cart", JsonCodec.forSealed(Cart.Event.class), Cart.State.INITIAL, Cart.State::evolve)
        .build(new MemoryStore().withTenants("acme")).decider("acme", "c1");

    assertThatThrownBy(() -> MultiStreamDecider.on(store).transact(tx -> tx.state(elsewhere)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another store");
  }
}
