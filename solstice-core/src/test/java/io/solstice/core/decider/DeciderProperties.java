package io.solstice.core.decider;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.core.RecordedEvent;
import io.solstice.core.codec.JsonCodec;
import io.solstice.core.memory.MemoryStore;
import io.solstice.core.sample.Cart;
import io.solstice.core.sample.Counter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class DeciderProperties {
  static final JsonCodec<Cart.Event> CART_CODEC = JsonCodec.forSealed(Cart.Event.class);
  static final JsonCodec<Counter.Event> COUNTER_CODEC = JsonCodec.forSealed(Counter.Event.class);

  static Category<Cart.State, Cart.Event> carts(MemoryStore store, StateCache cache) {
    var b = Category.builder("Cart", CART_CODEC, Cart.State.INITIAL, Cart.State::evolve).readPageSize(3);
    return (cache == null ? b : b.cache(cache).snapshots(SnapshotPolicy.every(4, 1, Cart.State.class))).build(store);
  }

  @Provide
  Arbitrary<List<Cart.Command>> commands() {
    Arbitrary<String> skus = Arbitraries.of("a", "b", "c");
    Arbitrary<BigDecimal> prices = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("999.99")).ofScale(2);
    Arbitrary<Cart.Command> set = Combinators.combine(skus, Arbitraries.integers().between(0, 3), prices)
        .as(Cart.Command.SetQuantity::new);
    Arbitrary<Cart.Command> remove = skus.map(Cart.Command.Remove::new);
    Arbitrary<Cart.Command> checkOut = Arbitraries.just(new Cart.Command.CheckOut(Instant.parse("2025-01-01T00:00:00Z")));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, set), net.jqwik.api.Tuple.of(3, remove), net.jqwik.api.Tuple.of(1, checkOut))
        .list().ofMaxSize(25);
  }

  /** Runs a command, treating a refusal (closed cart) as "no events". */
  static StreamState<Cart.State> run(Decider<Cart.State, Cart.Event> cart, Cart.Command command) {
    try {
      return cart.transact(s -> Cart.decide(s, command));
    } catch (Cart.CartClosedException refused) {
      return cart.load();
    }
  }

  @Property(tries = 200)
  void stateAfterTransactEqualsTheFoldOfTheStoredEvents(@ForAll("commands") List<Cart.Command> commands, @ForAll boolean cached) {
    MemoryStore store = new MemoryStore().withTenants("acme");
    var cart = carts(store, cached ? StateCache.bounded(10) : null).decider("acme", "p");
    StreamState<Cart.State> last = cart.load();

    for (Cart.Command c : commands) {
      last = run(cart, c);
    }

    Cart.State folded = Cart.State.INITIAL;
    for (RecordedEvent e : store.read(cart.stream(), 0, 10_000)) {
      folded = folded.evolve(CART_CODEC.decode(e).orElseThrow());
    }
    assertThat(last.state()).isEqualTo(folded);
    assertThat(last.version()).isEqualTo(store.version(cart.stream()));
    assertThat(carts(store, null).decider("acme", "p").load()).isEqualTo(last);
  }

  @Property(tries = 200)
  void everyCommandWritesAtMostOnceWhenRepeated(@ForAll("commands") List<Cart.Command> commands) {
    MemoryStore store = new MemoryStore().withTenants("acme");
    var cart = carts(store, StateCache.bounded(10)).decider("acme", "p");

    for (Cart.Command c : commands) {
      run(cart, c);
      long version = store.version(cart.stream());
      run(cart, c);
      assertThat(store.version(cart.stream())).as("repeating %s", c).isEqualTo(version);
    }
  }

  @Property(tries = 30)
  void concurrentIncrementsAreNeverLost(@ForAll @IntRange(min = 2, max = 24) int writers, @ForAll boolean cached) throws Exception {
    MemoryStore store = new MemoryStore().withTenants("acme");
    var b = Category.builder("Counter", COUNTER_CODEC, Counter.State.INITIAL, Counter.State::evolve);
    // Each conflict means another writer succeeded, so `writers` attempts always suffice.
    var counter = (cached ? b.cache(StateCache.bounded(10)) : b).maxAttempts(writers).build(store).decider("acme", "n");

    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < writers; i++) {
        threads.submit(() -> counter.transact(Counter::increment));
      }
    }

    assertThat(counter.withLoadMode(LoadMode.REQUIRE_LOAD).query(Counter.State::count)).isEqualTo(writers);
  }

  @Property(tries = 30)
  void withFewAttemptsEveryIncrementIsWrittenOrReportedAsAConflict(@ForAll @IntRange(min = 2, max = 32) int writers)
      throws Exception {
    MemoryStore store = new MemoryStore().withTenants("acme");
    var counter = Category.builder("Counter", COUNTER_CODEC, Counter.State.INITIAL, Counter.State::evolve)
        .maxAttempts(2).build(store).decider("acme", "n");
    AtomicInteger written = new AtomicInteger();
    AtomicInteger conflicts = new AtomicInteger();

    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < writers; i++) {
        threads.submit(() -> {
          try {
            counter.transact(Counter::increment);
            written.incrementAndGet();
          } catch (ConcurrencyConflictException e) {
            conflicts.incrementAndGet();
          }
        });
      }
    }

    assertThat(written.get() + conflicts.get()).isEqualTo(writers);
    assertThat(counter.query(Counter.State::count)).isEqualTo(written.get());
  }

  @Property(tries = 100)
  void resetIsIdempotent(@ForAll @Size(max = 10) List<@IntRange(min = 0, max = 2) Integer> script) {
    MemoryStore store = new MemoryStore().withTenants("acme");
    var counter = Category.builder("Counter", COUNTER_CODEC, Counter.State.INITIAL, Counter.State::evolve).build(store)
        .decider("acme", "n");
    for (int step : script) {
      if (step == 0) {
        counter.transact(Counter::increment);
      } else {
        counter.transact(Counter::reset);
        long v = store.version(counter.stream());
        counter.transact(Counter::reset);
        assertThat(store.version(counter.stream())).isEqualTo(v);
      }
    }
  }
}
