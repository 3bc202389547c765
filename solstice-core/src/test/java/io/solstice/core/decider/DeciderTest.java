package io.solstice.core.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.core.EventMetadata;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.codec.JsonCodec;
import io.solstice.core.memory.MemoryStore;
import io.solstice.core.sample.Cart;
import io.solstice.core.sample.Counter;
import io.solstice.core.store.ExpectedVersion;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeciderTest {
  final MemoryStore memory = new MemoryStore().withTenants("acme");
  final ForwardingStore store = new ForwardingStore(memory);
  final JsonCodec<Cart.Event> cartCodec = JsonCodec.forSealed(Cart.Event.class);
  final JsonCodec<Counter.Event> counterCodec = JsonCodec.forSealed(Counter.Event.class);

  Category<Cart.State, Cart.Event> carts(StateCache cache) {
    var b = Category.builder("Cart", cartCodec, Cart.State.INITIAL, Cart.State::evolve);
    return (cache == null ? b : b.cache(cache)).build(store);
  }

  Category<Counter.State, Counter.Event> counters() {
    return Category.builder("Counter", counterCodec, Counter.State.INITIAL, Counter.State::evolve).build(store);
  }

  /** Appends a competing increment straight to the store, as another process would. */
  void competingIncrement(StreamName stream) {
    memory.append(stream, ExpectedVersion.ANY, List.of(counterCodec.toEventData(new Counter.Event.Incremented(100),
        java.util.UUID.randomUUID(), EventMetadata.EMPTY)));
  }

  @Test
  void transactAppendsTheDecidedEventsAndReturnsTheNewState() {
    var cart = carts(null).decider("acme", "1");

    StreamState<Cart.State> after = cart.transact(s -> Cart.setQuantity(s, "sku-1", 2, new BigDecimal("9.99")));

    assertThat(after.version()).isZero();
    assertThat(after.state().total()).isEqualByComparingTo("19.98");
    assertThat(memory.read(cart.stream(), 0, 10)).extracting(RecordedEvent::type).containsExactly("ItemAdded");
  }

  @Test
  void aDecisionWithNoEventsWritesNothing() {
    var cart = carts(null).decider("acme", "1");
    cart.transact(s -> Cart.setQuantity(s, "sku-1", 2, BigDecimal.ONE));
    long appends = store.appends.get();

    StreamState<Cart.State> again = cart.transact(s -> Cart.setQuantity(s, "sku-1", 2, BigDecimal.ONE));

    assertThat(again.version()).isZero();
    assertThat(store.appends.get()).isEqualTo(appends);
  }

  @Test
  void transactWithResultReturnsTheDecisionsResult() {
    var cart = carts(null).decider("acme", "1");

    int lines = cart.transactWithResult(s -> Decision.of(s.lines().size() + 1, Cart.setQuantity(s, "a", 1, BigDecimal.TEN)));

    assertThat(lines).isEqualTo(1);
    java.util.Set<String> skus = cart.query(s -> s.lines().keySet());
    assertThat(skus).containsExactly("a");
  }

  @Test
  void queryNeverWrites() {
    var counter = counters().decider("acme", "1");

    assertThat(counter.query(Counter.State::count)).isZero();
    assertThat(store.appends.get()).isZero();
  }

  @Test
  void aRefusalPropagatesAndWritesNothing() {
    var cart = carts(null).decider("acme", "1");
    cart.transact(s -> Cart.checkOut(s, Instant.EPOCH));

    assertThatThrownBy(() -> cart.transact(s -> Cart.setQuantity(s, "a", 1, BigDecimal.ONE)))
        .isInstanceOf(Cart.CartClosedException.class);
    assertThat(memory.version(cart.stream())).isZero();
  }

  @Test
  void aConflictReDecidesOnTheFreshState() {
    var counter = counters().decider("acme", "1");
    counter.transact(Counter::increment);
    AtomicInteger decisions = new AtomicInteger();

    StreamState<Counter.State> after = counter.transact(s -> {
      if (decisions.incrementAndGet() == 1) {
        competingIncrement(counter.stream()); // another writer gets in between load and append
      }
      return Counter.increment(s);
    });

    assertThat(decisions.get()).isEqualTo(2);
    assertThat(after).isEqualTo(new StreamState<>(2, new Counter.State(102, 3)));
  }

  @Test
  void exhaustedAttemptsNameTheStreamVersionsAndAttempts() {
    var counter = counters().decider("acme", "7f3").withMaxAttempts(3);
    counter.transact(Counter::increment);

    assertThatThrownBy(() -> counter.transact(s -> {
      competingIncrement(counter.stream());
      return Counter.increment(s);
    }))
        .isInstanceOf(ConcurrencyConflictException.class)
        .hasMessageStartingWith("append to acme:Counter-7f3 expected version 2 but stream is at 3 (3 attempts)")
        .satisfies(e -> assertThat(((ConcurrencyConflictException) e).attempts()).isEqualTo(3));
    assertThat(memory.version(counter.stream())).isEqualTo(3); // only the competing writes landed
  }

  @Test
  void metadataIsWrittenOnEveryEvent() {
    EventMetadata meta = new EventMetadata("corr-1", "cause-1", "00-abc-def-01", "cart-service");
    var cart = carts(null).decider("acme", "1").withMetadata(meta);

    cart.transact(s -> Cart.setQuantity(s, "a", 1, BigDecimal.ONE));

    assertThat(memory.read(cart.stream(), 0, 10)).extracting(RecordedEvent::metadata).containsOnly(meta);
  }

  @Test
  void deterministicIdsTurnAReplayedReactionIntoADuplicateNoOp() {
    // A reaction that is not idempotent by itself: it always increments.
    var counter = counters().decider("acme", "1").withEventIds(EventIds.fromCausation("input-event-42"));

    counter.transact(Counter::increment);
    counter.transact(Counter::increment); // the same input handled again after a crash

    assertThat(memory.version(counter.stream())).isZero();
    assertThat(counter.query(Counter.State::count)).isEqualTo(1);
    assertThat(memory.read(counter.stream(), 0, 1).getFirst().eventId())
        .isEqualTo(EventIds.nameBased("input-event-42", counter.stream(), 0));
  }

  @Test
  void theCacheNeverServesAStateOlderThanThisProcessWrote() {
    StateCache cache = StateCache.bounded(100);
    var cart = carts(cache).decider("acme", "1").withLoadMode(LoadMode.ANY_CACHED);

    cart.transact(s -> Cart.setQuantity(s, "a", 1, BigDecimal.ONE));
    cart.transact(s -> Cart.setQuantity(s, "b", 1, BigDecimal.ONE));
    long readsBefore = store.reads.get();

    java.util.Set<String> skus = cart.query(s -> s.lines().keySet());
    assertThat(skus).containsExactlyInAnyOrder("a", "b");
    assertThat(store.reads.get()).isEqualTo(readsBefore); // served from the cache, no store read
  }

  @Test
  void aStaleCacheCostsARetryNotALostUpdate() {
    StateCache cache = StateCache.bounded(100);
    var cached = Category.builder("Counter", counterCodec, Counter.State.INITIAL, Counter.State::evolve).cache(cache).build(store)
        .decider("acme", "1").withLoadMode(LoadMode.ANY_CACHED);
    cached.transact(Counter::increment);
    competingIncrement(cached.stream()); // another process; this cache does not know

    StreamState<Counter.State> after = cached.transact(Counter::increment);

    assertThat(after).isEqualTo(new StreamState<>(2, new Counter.State(102, 3)));
  }

  @Test
  void latestLoadReadsOnlyTheEventsAfterTheCachedVersion() {
    StateCache cache = StateCache.bounded(100);
    var counter = Category.builder("Counter", counterCodec, Counter.State.INITIAL, Counter.State::evolve).cache(cache).build(store)
        .decider("acme", "1");
    for (int i = 0; i < 20; i++) {
      counter.transact(Counter::increment);
    }
    competingIncrement(counter.stream());
    long eventsRead = store.eventsRead.get();

    assertThat(counter.query(Counter.State::count)).isEqualTo(120);
    assertThat(store.eventsRead.get() - eventsRead).isEqualTo(1);
  }

  @Test
  void aLongStreamLoadsFromItsSnapshotAndTheTailOnly() {
    SnapshotPolicy<Counter.State> policy = SnapshotPolicy.every(1000, 1, Counter.State.class);
    var writer = Category.builder("Counter", counterCodec, Counter.State.INITIAL, Counter.State::evolve)
        .snapshots(policy).cache(StateCache.bounded(10)).build(store).decider("acme", "long");
    for (int i = 0; i < 100; i++) {
      writer.transact(s -> java.util.Collections.nCopies(100, new Counter.Event.Incremented(1)));
    }
    writer.transact(s -> java.util.Collections.nCopies(7, new Counter.Event.Incremented(1)));
    assertThat(memory.version(writer.stream())).isEqualTo(10_006);
    var reader = Category.builder("Counter", counterCodec, Counter.State.INITIAL, Counter.State::evolve)
        .snapshots(policy).build(store).decider("acme", "long");
    long eventsRead = store.eventsRead.get();
    long snapshotReads = store.snapshotReads.get();

    StreamState<Counter.State> loaded = reader.load();

    assertThat(loaded).isEqualTo(new StreamState<>(10_006, new Counter.State(10_007, 10_007)));
    assertThat(store.snapshotReads.get() - snapshotReads).isEqualTo(1);
    assertThat(store.eventsRead.get() - eventsRead).isEqualTo(7);
  }

  @Test
  void aSnapshotOfAnotherSchemaIsIgnored() {
    var v1 = Category.builder("Counter", counterCodec, Counter.State.INITIAL, Counter.State::evolve)
        .snapshots(SnapshotPolicy.every(2, 1, Counter.State.class)).build(store).decider("acme", "1");
    v1.transact(s -> List.of(new Counter.Event.Incremented(1), new Counter.Event.Incremented(2)));
    var v2 = Category.builder("Counter", counterCodec, Counter.State.INITIAL, Counter.State::evolve)
        .snapshots(SnapshotPolicy.every(2, 2, Counter.State.class)).build(store).decider("acme", "1");

    assertThat(v2.load()).isEqualTo(new StreamState<>(1, new Counter.State(3, 2)));
    assertThat(memory.readSnapshot(v1.stream(), 1)).isPresent();
  }

  @Test
  void unknownEventTypesAreSkippedButAdvanceTheVersion() {
    var counter = counters().decider("acme", "1");
    memory.append(counter.stream(), ExpectedVersion.NO_STREAM,
        List.of(io.solstice.core.EventData.of("FromTheFuture", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8))));

    StreamState<Counter.State> after = counter.transact(Counter::increment);

    assertThat(after).isEqualTo(new StreamState<>(1, new Counter.State(1, 1)));
    assertThat(counterCodec.unknownTypesSkipped()).isEqualTo(1);
  }

  @Test
  void configurationIsCheckedAtOnce() {
    assertThatThrownBy(() -> Category.builder("Bad-Name", counterCodec, Counter.State.INITIAL, Counter.State::evolve))
        .hasMessageContaining("Bad-Name");
    assertThatThrownBy(() -> counters().decider("acme", "1").withMaxAttempts(0)).hasMessageContaining("was 0");
    assertThatThrownBy(() -> counters().decider(StreamName.of("acme", "Cart", "1"))).hasMessageContaining("not in category Counter");
    assertThatThrownBy(() -> StateCache.bounded(0)).hasMessageContaining("was 0");
    assertThatThrownBy(() -> SnapshotPolicy.every(0, 1, Counter.State.class)).hasMessageContaining("was 0");
  }
}
