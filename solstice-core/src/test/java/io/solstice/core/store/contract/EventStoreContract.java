package io.solstice.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.core.EventData;
import io.solstice.core.EventMetadata;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.AppendResult;
import io.solstice.core.store.DuplicateEventIdException;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.EventTooLargeException;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.core.store.FeedFilter;
import io.solstice.core.store.MultiAppendResult;
import io.solstice.core.store.Snapshot;
import io.solstice.core.store.TenantEntry;
import io.solstice.core.store.TenantPlacement;
import io.solstice.core.store.UnknownTenantException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract: every {@link EventStore} backend passes these tests. A backend's test class
 * extends this one and says how to open a fresh, empty store; {@link #closeStore} may be
 * overridden to clean up after each test (e.g. drop a database schema).
 *
 * <p>Before each test the tenants {@code acme} and {@code globex} are registered (pooled);
 * {@code initech} never is.
 */
public abstract class EventStoreContract {

  protected static final String ACME = "acme";
  protected static final String GLOBEX = "globex";
  protected static final String UNKNOWN_TENANT = "initech";

  protected EventStore store;

  /** A fresh, empty store. Called before each test. */
  protected abstract EventStore newStore();

  /** Closes the store after each test; override to also delete its data. */
  protected void closeStore(EventStore store) {
    store.close();
  }

  @BeforeEach
  void openStore() {
    store = newStore();
    store.tenants().register(ACME, TenantPlacement.POOLED_STORE);
    store.tenants().register(GLOBEX, TenantPlacement.POOLED_STORE);
  }

  @AfterEach
  void releaseStore() {
    closeStore(store);
  }

  // ------------------------------------------------------------ helpers

  protected static StreamName order(String id) {
    return StreamName.of(ACME, "Order", id);
  }

  protected static EventData event(String type) {
    return new EventData(UUID.randomUUID(), type, ("{\"type\":\"" + type + "\"}").getBytes(StandardCharsets.UTF_8), EventMetadata.EMPTY);
  }

  protected static List<EventData> events(int n) {
    return IntStream.range(0, n).mapToObj(i -> event("Happened" + i)).toList();
  }

  protected AppendResult.Written written(StreamName stream, ExpectedVersion expected, List<EventData> events) {
    AppendResult result = store.append(stream, expected, events);
    assertThat(result).isInstanceOf(AppendResult.Written.class);
    return (AppendResult.Written) result;
  }

  private static List<UUID> ids(List<RecordedEvent> events) {
    return events.stream().map(RecordedEvent::eventId).toList();
  }

  private static List<UUID> idsOf(List<EventData> events) {
    return events.stream().map(EventData::eventId).toList();
  }

  private List<RecordedEvent> wholeFeed() {
    List<RecordedEvent> all = new ArrayList<>();
    long after = 0;
    while (true) {
      List<RecordedEvent> page = store.readAll(after, 500, FeedFilter.ALL);
      if (page.isEmpty()) {
        return all;
      }
      all.addAll(page);
      after = page.getLast().position();
    }
  }

  // ------------------------------------------------------------ versions and optimistic concurrency

  @Test
  void anEmptyStreamIsAtVersionMinusOneAndReadsNothing() {
    assertThat(store.version(order("none"))).isEqualTo(-1);
    assertThat(store.read(order("none"), 0, 10)).isEmpty();
    assertThat(store.readBackward(order("none"), Long.MAX_VALUE, 10)).isEmpty();
  }

  @Test
  void appendingToANewStreamWithNoStreamWritesVersionsFromZero() {
    AppendResult.Written w = written(order("1"), ExpectedVersion.NO_STREAM, events(3));

    assertThat(w.version()).isEqualTo(2);
    assertThat(w.duplicate()).isFalse();
    assertThat(store.version(order("1"))).isEqualTo(2);
    assertThat(store.read(order("1"), 0, 10)).extracting(RecordedEvent::version).containsExactly(0L, 1L, 2L);
  }

  @Test
  void anExactExpectedVersionAppendsWhenTheStreamIsAtIt() {
    written(order("1"), ExpectedVersion.NO_STREAM, events(2));

    AppendResult.Written w = written(order("1"), ExpectedVersion.exactly(1), events(1));

    assertThat(w.version()).isEqualTo(2);
  }

  @Test
  void aStaleExpectedVersionConflictsWithTheActualVersionAndWritesNothing() {
    written(order("1"), ExpectedVersion.NO_STREAM, events(3));

    AppendResult result = store.append(order("1"), ExpectedVersion.exactly(0), events(1));

    assertThat(result).isEqualTo(new AppendResult.Conflict(order("1"), ExpectedVersion.exactly(0), 2));
    assertThat(store.version(order("1"))).isEqualTo(2);
    assertThat(store.headPosition()).isEqualTo(3);
  }

  @Test
  void anExactExpectedVersionOnAnEmptyStreamConflictsWithMinusOne() {
    AppendResult result = store.append(order("1"), ExpectedVersion.exactly(0), events(1));

    assertThat(result).isEqualTo(new AppendResult.Conflict(order("1"), ExpectedVersion.exactly(0), -1));
  }

  @Test
  void noStreamConflictsWhenTheStreamHasEvents() {
    written(order("1"), ExpectedVersion.NO_STREAM, events(1));

    AppendResult result = store.append(order("1"), ExpectedVersion.NO_STREAM, events(1));

    assertThat(result).isEqualTo(new AppendResult.Conflict(order("1"), ExpectedVersion.NO_STREAM, 0));
  }

  @Test
  void anyAppendsWhateverTheStreamHolds() {
    written(order("1"), ExpectedVersion.ANY, events(2));

    AppendResult.Written w = written(order("1"), ExpectedVersion.ANY, events(2));

    assertThat(w.version()).isEqualTo(3);
  }

  // ------------------------------------------------------------ idempotency

  @Test
  void reappendingTheSameEventsIsADuplicateSuccessThatWritesNothing() {
    List<EventData> batch = events(2);
    AppendResult.Written first = written(order("1"), ExpectedVersion.NO_STREAM, batch);
    written(order("1"), ExpectedVersion.exactly(1), events(1));

    AppendResult.Written again = written(order("1"), ExpectedVersion.NO_STREAM, batch);

    assertThat(again).isEqualTo(new AppendResult.Written(order("1"), 1, first.firstPosition(), first.lastPosition(), true));
    assertThat(store.version(order("1"))).isEqualTo(2);
    assertThat(store.headPosition()).isEqualTo(3);
  }

  @Test
  void mixingStoredAndNewEventIdsFailsNamingTheStoredIdsAndWritesNothing() {
    List<EventData> batch = events(2);
    written(order("1"), ExpectedVersion.NO_STREAM, batch);
    List<EventData> mixed = List.of(batch.get(1), event("New"));

    assertThatThrownBy(() -> store.append(order("1"), ExpectedVersion.ANY, mixed))
        .isInstanceOfSatisfying(DuplicateEventIdException.class,
            e -> assertThat(e.storedIds()).containsExactly(batch.get(1).eventId()))
        .hasMessageContaining(batch.get(1).eventId().toString());
    assertThat(store.version(order("1"))).isEqualTo(1);
    assertThat(store.headPosition()).isEqualTo(2);
  }

  @Test
  void reusingAStoredEventIdInAnotherStreamFails() {
    List<EventData> batch = events(1);
    written(order("1"), ExpectedVersion.NO_STREAM, batch);

    assertThatThrownBy(() -> store.append(order("2"), ExpectedVersion.ANY, batch)).isInstanceOf(DuplicateEventIdException.class);
    assertThat(store.version(order("2"))).isEqualTo(-1);
  }

  @Test
  void concurrentRetriesOfOneAppendWriteItOnce() throws Exception {
    List<EventData> batch = events(3);
    List<CompletableFuture<AppendResult>> results = new ArrayList<>();
    try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 16; i++) {
        results.add(CompletableFuture.supplyAsync(() -> store.append(order("1"), ExpectedVersion.ANY, batch), threads));
      }
    }

    List<AppendResult.Written> written = results.stream().map(f -> (AppendResult.Written) f.join()).toList();
    assertThat(written).filteredOn(w -> !w.duplicate()).hasSize(1);
    assertThat(written).allSatisfy(w -> assertThat(w.version()).isEqualTo(2));
    assertThat(ids(store.read(order("1"), 0, 10))).isEqualTo(idsOf(batch));
  }

  // ------------------------------------------------------------ reading streams

  @Test
  void readForwardPagesFromAVersionInclusive() {
    List<EventData> batch = events(5);
    written(order("1"), ExpectedVersion.NO_STREAM, batch);

    List<RecordedEvent> page = store.read(order("1"), 1, 2);
    List<RecordedEvent> rest = store.read(order("1"), 3, 10);

    assertThat(ids(page)).containsExactly(batch.get(1).eventId(), batch.get(2).eventId());
    assertThat(ids(rest)).containsExactly(batch.get(3).eventId(), batch.get(4).eventId());
    assertThat(store.read(order("1"), 5, 10)).isEmpty();
  }

  @Test
  void readBackwardPagesNewestFirst() {
    List<EventData> batch = events(5);
    written(order("1"), ExpectedVersion.NO_STREAM, batch);

    List<RecordedEvent> newest = store.readBackward(order("1"), Long.MAX_VALUE, 2);
    List<RecordedEvent> older = store.readBackward(order("1"), 2, 10);

    assertThat(newest).extracting(RecordedEvent::version).containsExactly(4L, 3L);
    assertThat(older).extracting(RecordedEvent::version).containsExactly(2L, 1L, 0L);
  }

  @Test
  void aRecordedEventCarriesItsTypeDataMetadataAndStream() {
    EventMetadata metadata = new EventMetadata("corr-1", "cause-1", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "checkout");
    EventData e = new EventData(UUID.randomUUID(), "OrderPlaced", "{\"total\":42}".getBytes(StandardCharsets.UTF_8), metadata);
    written(order("1"), ExpectedVersion.NO_STREAM, List.of(e));

    RecordedEvent recorded = store.read(order("1"), 0, 1).getFirst();

    assertThat(recorded.eventId()).isEqualTo(e.eventId());
    assertThat(recorded.stream()).isEqualTo(order("1"));
    assertThat(recorded.type()).isEqualTo("OrderPlaced");
    assertThat(recorded.data()).isEqualTo(e.data());
    assertThat(recorded.metadata()).isEqualTo(metadata);
    assertThat(recorded.timestamp()).isNotNull();
    assertThat(store.readAll(0, 1, FeedFilter.ALL).getFirst()).isEqualTo(recorded);
  }

  @Test
  void readCorrelatedReturnsOneTenantsEventsOfACorrelationAcrossStreamsInPositionOrder() {
    EventMetadata o7 = new EventMetadata("o-7", null, null, "test");
    EventMetadata other = new EventMetadata("o-8", null, null, "test");
    written(order("7"), ExpectedVersion.NO_STREAM, List.of(new EventData(UUID.randomUUID(), "Placed", "{}".getBytes(StandardCharsets.UTF_8), o7)));
    written(StreamName.of(ACME, "Stock", "TEE"), ExpectedVersion.ANY, List.of(
        new EventData(UUID.randomUUID(), "Reserved", "{}".getBytes(StandardCharsets.UTF_8), o7),
        new EventData(UUID.randomUUID(), "Reserved", "{}".getBytes(StandardCharsets.UTF_8), other)));
    written(StreamName.of(GLOBEX, "Order", "7"), ExpectedVersion.NO_STREAM,
        List.of(new EventData(UUID.randomUUID(), "Placed", "{}".getBytes(StandardCharsets.UTF_8), o7)));
    written(StreamName.of(ACME, "Payment", "7"), ExpectedVersion.NO_STREAM,
        List.of(new EventData(UUID.randomUUID(), "Authorized", "{}".getBytes(StandardCharsets.UTF_8), o7)));

    List<RecordedEvent> correlated = store.readCorrelated(ACME, "o-7", 10);

    assertThat(correlated).extracting(e -> e.stream().category() + "/" + e.type())
        .containsExactly("Order/Placed", "Stock/Reserved", "Payment/Authorized");
    assertThat(correlated).extracting(RecordedEvent::position).isSorted();
    assertThat(store.readCorrelated(ACME, "o-7", 2)).hasSize(2);
    assertThat(store.readCorrelated(ACME, "nobody", 10)).isEmpty();
  }

  // ------------------------------------------------------------ the global feed

  @Test
  void positionsStartAtOneAndGrowWithEveryEvent() {
    assertThat(store.headPosition()).isZero();

    AppendResult.Written a = written(order("1"), ExpectedVersion.NO_STREAM, events(2));
    AppendResult.Written b = written(order("2"), ExpectedVersion.NO_STREAM, events(3));

    assertThat(a.firstPosition()).isEqualTo(1);
    assertThat(a.lastPosition()).isEqualTo(2);
    assertThat(b.firstPosition()).isEqualTo(3);
    assertThat(b.lastPosition()).isEqualTo(5);
    assertThat(store.headPosition()).isEqualTo(5);
    assertThat(wholeFeed()).extracting(RecordedEvent::position).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void readAllReturnsEventsAfterThePositionUpToMaxInPositionOrder() {
    written(order("1"), ExpectedVersion.NO_STREAM, events(3));
    written(order("2"), ExpectedVersion.NO_STREAM, events(3));

    assertThat(store.readAll(2, 3, FeedFilter.ALL)).extracting(RecordedEvent::position).containsExactly(3L, 4L, 5L);
    assertThat(store.readAll(5, 10, FeedFilter.ALL)).extracting(RecordedEvent::position).containsExactly(6L);
    assertThat(store.readAll(6, 10, FeedFilter.ALL)).isEmpty();
  }

  @Test
  void readAllFilteredByTenantReturnsOnlyThatTenantsEvents() {
    StreamName globexOrder = StreamName.of(GLOBEX, "Order", "1");
    written(order("1"), ExpectedVersion.NO_STREAM, events(2));
    written(globexOrder, ExpectedVersion.NO_STREAM, events(2));
    written(order("2"), ExpectedVersion.NO_STREAM, events(1));

    List<RecordedEvent> acme = store.readAll(0, 10, FeedFilter.tenant(ACME));
    List<RecordedEvent> globex = store.readAll(0, 10, FeedFilter.tenant(GLOBEX));

    assertThat(acme).extracting(RecordedEvent::position).containsExactly(1L, 2L, 5L);
    assertThat(globex).extracting(RecordedEvent::position).containsExactly(3L, 4L);
    assertThat(store.readAll(2, 10, FeedFilter.tenant(ACME))).extracting(RecordedEvent::position).containsExactly(5L);
  }

  @Test
  void readAllFilteredByTenantAndCategoryReturnsOnlyThatCategory() {
    StreamName cart = StreamName.of(ACME, "Cart", "1");
    StreamName globexOrder = StreamName.of(GLOBEX, "Order", "1");
    written(order("1"), ExpectedVersion.NO_STREAM, events(1));
    written(cart, ExpectedVersion.NO_STREAM, events(2));
    written(globexOrder, ExpectedVersion.NO_STREAM, events(1));
    written(order("2"), ExpectedVersion.NO_STREAM, events(1));

    List<RecordedEvent> orders = store.readAll(0, 10, FeedFilter.category(ACME, "Order"));

    assertThat(orders).extracting(RecordedEvent::position).containsExactly(1L, 5L);
    assertThat(store.readAll(0, 1, FeedFilter.category(ACME, "Cart"))).extracting(RecordedEvent::position).containsExactly(2L);
  }

  // ------------------------------------------------------------ atomic multi-stream appends

  @Test
  void appendAllWritesEveryStreamInOneCommit() {
    MultiAppendResult result = store.appendAll(List.of(
        new AppendRequest(order("1"), ExpectedVersion.NO_STREAM, events(2)),
        new AppendRequest(StreamName.of(GLOBEX, "Invoice", "9"), ExpectedVersion.NO_STREAM, events(1))));

    assertThat(result).isInstanceOfSatisfying(MultiAppendResult.Committed.class, c -> {
      assertThat(c.results()).extracting(AppendResult.Written::stream).containsExactly(order("1"), StreamName.of(GLOBEX, "Invoice", "9"));
      assertThat(c.results().get(1).firstPosition()).isEqualTo(c.results().get(0).lastPosition() + 1);
    });
    assertThat(store.headPosition()).isEqualTo(3);
  }

  @Test
  void appendAllWithOneConflictWritesNothingAndNamesTheConflict() {
    written(order("2"), ExpectedVersion.NO_STREAM, events(1));

    MultiAppendResult result = store.appendAll(List.of(
        new AppendRequest(order("1"), ExpectedVersion.NO_STREAM, events(2)),
        new AppendRequest(order("2"), ExpectedVersion.NO_STREAM, events(1))));

    assertThat(result).isEqualTo(new MultiAppendResult.Rejected(
        List.of(new AppendResult.Conflict(order("2"), ExpectedVersion.NO_STREAM, 0))));
    assertThat(store.version(order("1"))).isEqualTo(-1);
    assertThat(store.headPosition()).isEqualTo(1);
  }

  // ------------------------------------------------------------ concurrency

  @Test
  void concurrentAppendsSucceedOrConflictEachOnItsOwn() throws Exception {
    int streams = 40;
    for (int i = 0; i < streams; i++) {
      written(order("s" + i), ExpectedVersion.NO_STREAM, events(1));
    }
    // Even streams are appended at their true version, odd ones at a stale one; all at once.
    List<CompletableFuture<AppendResult>> results = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < streams; i++) {
        StreamName s = order("s" + i);
        ExpectedVersion expected = i % 2 == 0 ? ExpectedVersion.exactly(0) : ExpectedVersion.NO_STREAM;
        results.add(CompletableFuture.supplyAsync(() -> {
          await(start);
          return store.append(s, expected, events(2));
        }, threads));
      }
      start.countDown();
    }

    for (int i = 0; i < streams; i++) {
      AppendResult r = results.get(i).join();
      if (i % 2 == 0) {
        assertThat(r).isInstanceOfSatisfying(AppendResult.Written.class, w -> assertThat(w.version()).isEqualTo(2));
      } else {
        assertThat(r).isEqualTo(new AppendResult.Conflict(order("s" + i), ExpectedVersion.NO_STREAM, 0));
      }
    }
    assertThat(store.headPosition()).isEqualTo(streams + streams);
  }

  @Test
  void concurrentAppendsExpectingTheSameVersionOfOneStreamLetExactlyOneWin() throws Exception {
    List<CompletableFuture<AppendResult>> results = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 20; i++) {
        results.add(CompletableFuture.supplyAsync(() -> {
          await(start);
          return store.append(order("contended"), ExpectedVersion.NO_STREAM, events(1));
        }, threads));
      }
      start.countDown();
    }

    List<AppendResult> all = results.stream().map(CompletableFuture::join).toList();
    assertThat(all).filteredOn(AppendResult.Written.class::isInstance).hasSize(1);
    assertThat(all).filteredOn(AppendResult.Conflict.class::isInstance)
        .allSatisfy(c -> assertThat(((AppendResult.Conflict) c).actualVersion()).isEqualTo(0));
    assertThat(store.version(order("contended"))).isEqualTo(0);
  }

  @Test
  void theFeedNeverSkipsAnEventUnderConcurrentWriters() throws Exception {
    int writers = 8;
    int appendsPerWriter = 150;
    Set<UUID> appended = ConcurrentHashMap.newKeySet();
    AtomicInteger finished = new AtomicInteger();
    List<RecordedEvent> seen = Collections.synchronizedList(new ArrayList<>());
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

    Thread reader = Thread.ofVirtual().start(() -> {
      long after = 0;
      try {
        while (finished.get() < writers || seen.size() < appended.size()) {
          if (!store.awaitAppend(after, Duration.ofSeconds(5))) {
            continue;
          }
          List<RecordedEvent> page = store.readAll(after, 97, FeedFilter.ALL);
          for (RecordedEvent e : page) {
            if (e.position() <= after) {
              failures.add(new AssertionError("position " + e.position() + " read after " + after));
            }
            after = e.position();
            seen.add(e);
          }
        }
      } catch (Throwable t) {
        failures.add(t);
      }
    });
    try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < writers; w++) {
        int writer = w;
        threads.submit(() -> {
          try {
            for (int i = 0; i < appendsPerWriter; i++) {
              List<EventData> batch = events(1 + ThreadLocalRandom.current().nextInt(3));
              batch.forEach(e -> appended.add(e.eventId()));
              String tenant = writer % 2 == 0 ? ACME : GLOBEX;
              StreamName stream = StreamName.of(tenant, "Order", "w" + writer + "-" + ThreadLocalRandom.current().nextInt(20));
              store.append(stream, ExpectedVersion.ANY, batch);
            }
          } catch (Throwable t) {
            failures.add(t);
          } finally {
            finished.incrementAndGet();
          }
        });
      }
    }
    assertThat(reader.join(Duration.ofSeconds(120))).as("the tailing reader caught up with every append").isTrue();

    assertThat(failures).isEmpty();
    List<UUID> seenIds = seen.stream().map(RecordedEvent::eventId).toList();
    assertThat(seenIds).doesNotHaveDuplicates();
    assertThat(new HashSet<>(seenIds)).isEqualTo(appended);
    assertThat(seen).extracting(RecordedEvent::position).isSorted();
    assertThat(ids(wholeFeed())).isEqualTo(seenIds);
  }

  @Test
  void awaitAppendWakesWhenAnotherThreadAppends() throws Exception {
    long head = store.headPosition();
    CompletableFuture<Boolean> woken = new CompletableFuture<>();
    CountDownLatch waiting = new CountDownLatch(1);
    Thread.ofVirtual().start(() -> {
      try {
        waiting.countDown();
        woken.complete(store.awaitAppend(head, Duration.ofSeconds(60)));
      } catch (Throwable t) {
        woken.completeExceptionally(t);
      }
    });
    waiting.await();

    written(order("1"), ExpectedVersion.NO_STREAM, events(1));

    assertThat(woken.get(60, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void awaitAppendReturnsAtOnceWhenEventsPastThePositionExist() throws Exception {
    written(order("1"), ExpectedVersion.NO_STREAM, events(2));

    assertThat(store.awaitAppend(1, Duration.ofSeconds(60))).isTrue();
  }

  @Test
  void awaitAppendReturnsFalseWhenNothingIsAppendedBeforeTheTimeout() throws Exception {
    written(order("1"), ExpectedVersion.NO_STREAM, events(1));

    assertThat(store.awaitAppend(1, Duration.ofMillis(50))).isFalse();
  }

  // ------------------------------------------------------------ snapshots

  @Test
  void theLatestSnapshotOfAStreamAndSchemaIsReturned() {
    byte[] v3 = "{\"v\":3}".getBytes(StandardCharsets.UTF_8);
    byte[] v7 = "{\"v\":7}".getBytes(StandardCharsets.UTF_8);
    store.writeSnapshot(new Snapshot(order("1"), 3, 1, v3));
    store.writeSnapshot(new Snapshot(order("1"), 7, 1, v7));

    assertThat(store.readSnapshot(order("1"), 1)).contains(new Snapshot(order("1"), 7, 1, v7));
  }

  @Test
  void aSnapshotOfAnotherSchemaIsIgnored() {
    store.writeSnapshot(new Snapshot(order("1"), 3, 1, "{}".getBytes(StandardCharsets.UTF_8)));

    assertThat(store.readSnapshot(order("1"), 2)).isEmpty();
    assertThat(store.readSnapshot(order("2"), 1)).isEmpty();
  }

  @Test
  void anOlderSnapshotDoesNotReplaceANewerOne() {
    byte[] v7 = "{\"v\":7}".getBytes(StandardCharsets.UTF_8);
    store.writeSnapshot(new Snapshot(order("1"), 7, 1, v7));
    store.writeSnapshot(new Snapshot(order("1"), 3, 1, "{\"v\":3}".getBytes(StandardCharsets.UTF_8)));

    assertThat(store.readSnapshot(order("1"), 1)).contains(new Snapshot(order("1"), 7, 1, v7));
  }

  // ------------------------------------------------------------ limits and bad input

  @Test
  void anEventOverTheSizeLimitFailsTheAppendAndWritesNothing() {
    EventData tooLarge = new EventData(UUID.randomUUID(), "Huge", new byte[store.maxEventBytes() + 1], EventMetadata.EMPTY);
    List<EventData> batch = List.of(event("Small"), tooLarge);

    assertThatThrownBy(() -> store.append(order("1"), ExpectedVersion.ANY, batch))
        .isInstanceOf(EventTooLargeException.class)
        .hasMessageContaining(tooLarge.eventId().toString())
        .hasMessageContaining(order("1").canonical());
    assertThat(store.version(order("1"))).isEqualTo(-1);
    assertThat(store.headPosition()).isZero();
  }

  @Test
  void anAppendForAnUnknownTenantFailsAndWritesNothing() {
    StreamName stranger = StreamName.of(UNKNOWN_TENANT, "Order", "1");

    assertThatThrownBy(() -> store.append(stranger, ExpectedVersion.ANY, events(1)))
        .isInstanceOfSatisfying(UnknownTenantException.class, e -> assertThat(e.tenant()).isEqualTo(UNKNOWN_TENANT));
    assertThatThrownBy(() -> store.appendAll(List.of(
        new AppendRequest(order("1"), ExpectedVersion.ANY, events(1)),
        new AppendRequest(stranger, ExpectedVersion.ANY, events(1)))))
        .isInstanceOf(UnknownTenantException.class);
    assertThat(store.headPosition()).isZero();
  }

  // ------------------------------------------------------------ tenant directory

  @Test
  void registeringATenantTwiceKeepsTheFirstEntry() {
    TenantEntry first = store.tenants().register("umbrella", TenantPlacement.POOLED_STORE);

    TenantEntry again = store.tenants().register("umbrella", TenantPlacement.POOLED_STORE);

    assertThat(again).isEqualTo(first);
    assertThat(store.tenants().find("umbrella")).contains(first);
    assertThat(store.tenants().contains(UNKNOWN_TENANT)).isFalse();
  }

  @Test
  void theTenantDirectoryListsTenantsOrderedById() {
    store.tenants().register("zeta", TenantPlacement.POOLED_STORE);
    store.tenants().register("beta", TenantPlacement.POOLED_STORE);

    assertThat(store.tenants().list()).extracting(TenantEntry::tenant).containsExactly(ACME, "beta", GLOBEX, "zeta");
  }

  @Test
  void aNewlyRegisteredTenantCanAppend() {
    store.tenants().register("umbrella", TenantPlacement.POOLED_STORE);

    AppendResult result = store.append(StreamName.of("umbrella", "Order", "1"), ExpectedVersion.NO_STREAM, events(1));

    assertThat(result).isInstanceOf(AppendResult.Written.class);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
