package io.solstice.core.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.core.EventMetadata;
import io.solstice.core.StreamName;
import io.solstice.core.codec.JsonCodec;
import io.solstice.core.memory.MemoryStore;
import io.solstice.core.sample.Cart;
import io.solstice.core.sample.Counter;
import io.solstice.core.store.ExpectedVersion;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link LoadMode#OPTIMISTIC} and {@link Decider#withMinimumVersion}: fewer reads, LATEST's outcomes. */
class OptimisticLoadTest {
  final MemoryStore memory = new MemoryStore().withTenants("acme");
  final ForwardingStore store = new ForwardingStore(memory);
  final JsonCodec<Counter.Event> counterCodec = JsonCodec.forSealed(Counter.Event.class);
  final JsonCodec<Cart.Event> cartCodec = JsonCodec.forSealed(Cart.Event.class);
  final StateCache cache = StateCache.bounded(100);
  final Category<Counter.State, Counter.Event> counters =
      Category.builder("Counter", counterCodec, Counter.State.INITIAL, Counter.State::evolve).cache(cache).build(store);
  final Category<Cart.State, Cart.Event> carts =
      Category.builder("Cart", cartCodec, Cart.State.INITIAL, Cart.State::evolve).cache(cache).build(store);

  /** Appends straight to the store, as another process would: this process's cache does not know. */
  void elsewhere(StreamName stream, Counter.Event event) {
    memory.append(stream, ExpectedVersion.ANY, List.of(counterCodec.toEventData(event, UUID.randomUUID(), EventMetadata.EMPTY)));
  }

  void elsewhere(StreamName stream, Cart.Event event) {
    memory.append(stream, ExpectedVersion.ANY, List.of(cartCodec.toEventData(event, UUID.randomUUID(), EventMetadata.EMPTY)));
  }

  @Test
  void aTransactOnACachedStateWritesWithoutReadingTheStore() {
    var counter = counters.decider("acme", "1").withLoadMode(LoadMode.OPTIMISTIC);
    counter.transact(Counter::increment);
    long reads = store.reads.get();

    StreamState<Counter.State> after = counter.transact(Counter::increment);

    assertThat(after).isEqualTo(new StreamState<>(1, new Counter.State(2, 2)));
    assertThat(store.reads.get()).isEqualTo(reads);
  }

  @Test
  void aStaleCachedStateCostsAConflictThatIsNotCountedAsAnAttempt() {
    var counter = counters.decider("acme", "1").withLoadMode(LoadMode.OPTIMISTIC).withMaxAttempts(1);
    counter.transact(Counter::increment);
    elsewhere(counter.stream(), new Counter.Event.Incremented(100));

    StreamState<Counter.State> after = counter.transact(Counter::increment);

    assertThat(after).isEqualTo(new StreamState<>(2, new Counter.State(102, 3)));
  }

  @Test
  void aNoOpDecidedOnAStaleCachedStateIsDecidedAgainOnTheCurrentState() {
    var cart = carts.decider("acme", "c1").withLoadMode(LoadMode.OPTIMISTIC);
    cart.transact(s -> Cart.setQuantity(s, "sku", 2, BigDecimal.ONE));
    elsewhere(cart.stream(), new Cart.Event.QuantityChanged("sku", 5));

    StreamState<Cart.State> after = cart.transact(s -> Cart.setQuantity(s, "sku", 2, BigDecimal.ONE)); // a no-op on the cached state

    assertThat(after.version()).isEqualTo(2);
    assertThat(after.state().lines().get("sku").quantity()).isEqualTo(2);
  }

  @Test
  void aRefusalDecidedOnAStaleCachedStateIsDecidedAgainOnTheCurrentState() {
    var counter = counters.decider("acme", "1").withLoadMode(LoadMode.OPTIMISTIC);
    counter.transact(Counter::increment);
    elsewhere(counter.stream(), new Counter.Event.Incremented(100));

    StreamState<Counter.State> after = counter.transact(s -> {
      if (s.count() < 50) {
        throw new IllegalStateException("refused below 50");
      }
      return Counter.increment(s);
    });

    assertThat(after.state().count()).isEqualTo(102);
  }

  @Test
  void aRefusalOnTheCurrentStateStillPropagates() {
    var counter = counters.decider("acme", "1").withLoadMode(LoadMode.OPTIMISTIC);
    counter.transact(Counter::increment);

    assertThatThrownBy(() -> counter.transact(s -> {
      throw new IllegalStateException("refused");
    })).hasMessage("refused");
    assertThat(memory.version(counter.stream())).isZero();
  }

  @Test
  void anOptimisticQueryReadsTheStoreLikeLatest() {
    var counter = counters.decider("acme", "1").withLoadMode(LoadMode.OPTIMISTIC);
    counter.transact(Counter::increment);
    elsewhere(counter.stream(), new Counter.Event.Incremented(100));

    assertThat(counter.query(Counter.State::count)).isEqualTo(101);
  }

  @Test
  void aStreamReadEmptyIsCreatedOptimisticallyWithoutASecondRead() {
    var counter = counters.decider("acme", "new");
    assertThat(counter.query(Counter.State::count)).isZero();
    long reads = store.reads.get();

    counter.withLoadMode(LoadMode.OPTIMISTIC).transact(Counter::increment);

    assertThat(store.reads.get()).isEqualTo(reads);
    assertThat(memory.version(counter.stream())).isZero();
  }

  @Test
  void aStreamCachedEmptyButWrittenElsewhereIsCaughtUpOnTheConflict() {
    var counter = counters.decider("acme", "new");
    assertThat(counter.query(Counter.State::count)).isZero();
    elsewhere(counter.stream(), new Counter.Event.Incremented(100));

    StreamState<Counter.State> after = counter.withLoadMode(LoadMode.OPTIMISTIC).transact(Counter::increment);

    assertThat(after).isEqualTo(new StreamState<>(1, new Counter.State(101, 2)));
  }

  @Test
  void aKnownMinimumVersionServesTheCachedStateWithoutARead() {
    var counter = counters.decider("acme", "1");
    counter.transact(Counter::increment);
    counter.transact(Counter::increment);
    long reads = store.reads.get();

    assertThat(counter.withMinimumVersion(1).query(Counter.State::count)).isEqualTo(2);
    assertThat(store.reads.get()).isEqualTo(reads);
  }

  @Test
  void aCachedStateBelowTheKnownMinimumVersionIsCaughtUp() {
    var counter = counters.decider("acme", "1");
    counter.transact(Counter::increment);
    elsewhere(counter.stream(), new Counter.Event.Incremented(100));

    assertThat(counter.withMinimumVersion(1).query(Counter.State::count)).isEqualTo(101);
  }

  @Test
  void aMultiStreamTransactCatchesUpAStaleStreamItOnlyRead() {
    var limit = counters.decider("acme", "limit");
    var used = counters.decider("acme", "used");
    limit.transact(Counter::increment); // limit 1
    elsewhere(limit.stream(), new Counter.Event.Incremented(9)); // limit 10, unknown to the cache
    long appends = store.appends.get();

    boolean took = MultiStreamDecider.on(store).withLoadMode(LoadMode.OPTIMISTIC).transact(tx -> {
      if (tx.state(used).count() + 5 > tx.state(limit).count()) {
        return false;
      }
      tx.append(used, List.of(new Counter.Event.Incremented(5)));
      return true;
    });

    assertThat(took).isTrue();
    assertThat(used.query(Counter.State::count)).isEqualTo(5);
    assertThat(store.appends.get() - appends).isEqualTo(1);
  }

  @Test
  void aMultiStreamTransactOnCurrentCachedStatesReadsNothing() {
    var a = counters.decider("acme", "a");
    var b = counters.decider("acme", "b");
    a.transact(Counter::increment);
    b.transact(Counter::increment);
    long reads = store.reads.get();

    MultiStreamDecider.on(store).withLoadMode(LoadMode.OPTIMISTIC).transact(tx -> {
      tx.append(a, Counter.increment(tx.state(a)));
      tx.append(b, Counter.increment(tx.state(b)));
      return null;
    });

    assertThat(store.reads.get()).isEqualTo(reads);
    assertThat(a.query(Counter.State::count)).isEqualTo(2);
  }
}
