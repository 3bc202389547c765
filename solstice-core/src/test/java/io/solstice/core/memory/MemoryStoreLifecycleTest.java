package io.solstice.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.core.EventData;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.CommitListener;
import io.solstice.core.store.EventTooLargeException;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.core.store.FeedFilter;
import io.solstice.core.store.Snapshot;
import io.solstice.core.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The memory store's limits, commit listeners, waiting readers, closing, and use from many threads. */
class MemoryStoreLifecycleTest {
  final MemoryStore store = new MemoryStore(Clock.systemUTC(), 100).withTenants("acme");
  final StreamName order = StreamName.of("acme", "Order", "1");

  static EventData event(String type) {
    return EventData.of(type, new byte[0]);
  }

  @Test
  void anEventOfExactlyTheLimitIsStored() {
    EventData limit = EventData.of("T", new byte[99]);

    store.append(order, ExpectedVersion.NO_STREAM, List.of(limit));

    assertThat(store.read(order, 0, 1)).extracting(RecordedEvent::eventId).containsExactly(limit.eventId());
    assertThatThrownBy(() -> store.append(order, ExpectedVersion.ANY, List.of(EventData.of("T", new byte[100]))))
        .isInstanceOf(EventTooLargeException.class);
    assertThat(store.maxEventBytes()).isEqualTo(100);
  }

  @Test
  void theSizeLimitMustBePositive() {
    assertThat(new MemoryStore(Clock.systemUTC(), 1).maxEventBytes()).isEqualTo(1);
    assertThatThrownBy(() -> new MemoryStore(Clock.systemUTC(), 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxEventBytes must be positive, was 0");
  }

  @Test
  void readsTakeAtLeastOneEventAndRefuseNegativeOrZeroArguments() {
    store.append(order, ExpectedVersion.NO_STREAM, List.of(event("A"), event("B")));

    assertThat(store.read(order, 0, 1)).hasSize(1);
    assertThat(store.readBackward(order, 1, 1)).extracting(RecordedEvent::type).containsExactly("B");
    assertThat(store.readAll(0, 1, FeedFilter.ALL)).hasSize(1);
    assertThat(store.readCorrelated("acme", "c", 1)).isEmpty();
    assertThatThrownBy(() -> store.read(order, 0, 0)).hasMessage("read max must be positive, was 0");
    assertThatThrownBy(() -> store.read(order, -1, 1)).hasMessage("read fromVersion must be >= 0, was -1");
    assertThatThrownBy(() -> store.readBackward(order, 0, 0)).hasMessage("read max must be positive, was 0");
    assertThatThrownBy(() -> store.readAll(-1, 1, FeedFilter.ALL))
        .hasMessage("readAll after must be >= 0 (0 = start of the feed), was -1");
    assertThatThrownBy(() -> store.readAll(0, 0, FeedFilter.ALL)).hasMessage("readAll max must be positive, was 0");
    assertThatThrownBy(() -> store.readCorrelated("acme", "c", 0)).hasMessage("readCorrelated max must be positive, was 0");
  }

  @Test
  void commitListenersHearEachCommitOnceInPositionOrderButNotADuplicate() {
    List<List<Long>> heard = new CopyOnWriteArrayList<>();
    CommitListener.Registration registration = store.onCommit(events -> heard.add(events.stream().map(RecordedEvent::position).toList()));
    List<EventData> first = List.of(event("A"), event("B"));

    store.append(order, ExpectedVersion.NO_STREAM, first);
    store.append(order, ExpectedVersion.NO_STREAM, first); // a retry: nothing written, nothing heard
    store.appendAll(List.of(new AppendRequest(order, ExpectedVersion.exactly(1), List.of(event("C"))),
        new AppendRequest(StreamName.of("acme", "Cart", "1"), ExpectedVersion.NO_STREAM, List.of(event("D")))));
    registration.close();
    store.append(order, ExpectedVersion.ANY, List.of(event("E")));

    assertThat(heard).containsExactly(List.of(1L, 2L), List.of(3L, 4L));
  }

  @Test
  void aReaderWaitingWithoutABoundWakesOnTheNextAppend() throws Exception {
    var waiter = CompletableFuture.supplyAsync(() -> awaitAppend(0, ChronoUnit.FOREVER.getDuration()));

    store.append(order, ExpectedVersion.ANY, List.of(event("A")));

    assertThat(waiter.get(1, TimeUnit.MINUTES)).isTrue();
  }

  @Test
  void closingWakesAWaitingReaderWithNothingNew() throws Exception {
    store.append(order, ExpectedVersion.ANY, List.of(event("A")));
    var waiter = CompletableFuture.supplyAsync(() -> awaitAppend(1, Duration.ofHours(1)));

    store.close();

    assertThat(waiter.get(1, TimeUnit.MINUTES)).isFalse();
    assertThat(store.awaitAppend(0, Duration.ofHours(1))).as("what was there before closing").isTrue();
  }

  @Test
  void aClosedStoreRefusesEveryReadAndWriteSayingWhatToDo() {
    store.append(order, ExpectedVersion.ANY, List.of(event("A")));
    store.close();

    List<ThrowingCallable> calls = List.of(
        () -> store.append(order, ExpectedVersion.ANY, List.of(event("B"))),
        () -> store.read(order, 0, 10),
        () -> store.readBackward(order, 0, 10),
        () -> store.version(order),
        () -> store.readAll(0, 10, FeedFilter.ALL),
        () -> store.readCorrelated("acme", "c", 10),
        () -> store.headPosition(),
        () -> store.writeSnapshot(new Snapshot(order, 0, 1, new byte[0])),
        () -> store.readSnapshot(order, 1));
    for (ThrowingCallable call : calls) {
      assertThatThrownBy(call).isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("the memory store is closed; create a new MemoryStore");
    }
  }

  @Test
  void aSnapshotWrittenAgainAtTheSameVersionReplacesTheStoredOne() {
    store.writeSnapshot(new Snapshot(order, 4, 1, new byte[] {1}));
    store.writeSnapshot(new Snapshot(order, 4, 1, new byte[] {2}));

    assertThat(store.readSnapshot(order, 1)).contains(new Snapshot(order, 4, 1, new byte[] {2}));
  }

  @Test
  void callsFromOneThreadAfterAnotherNeverWaitOnEachOther() throws Exception {
    List<Callable<?>> calls = List.of(
        () -> store.append(order, ExpectedVersion.ANY, List.of(event("A"))),
        () -> store.read(order, 0, 10),
        () -> store.readBackward(order, 0, 10),
        () -> store.version(order),
        () -> store.readAll(0, 10, FeedFilter.ALL),
        () -> store.readCorrelated("acme", "c", 10),
        () -> store.headPosition(),
        () -> store.awaitAppend(0, Duration.ZERO),
        () -> {
          store.writeSnapshot(new Snapshot(order, 0, 1, new byte[0]));
          return null;
        },
        () -> store.readSnapshot(order, 1),
        () -> store.append(order, ExpectedVersion.ANY, List.of(event("B"))));
    // each call on a thread of its own, one after the other: a lock left held by one would stop the next
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Callable<?> call : calls) {
        threads.submit(call).get(1, TimeUnit.MINUTES);
      }
    }
    assertThat(store.headPosition()).isEqualTo(2);
  }

  private boolean awaitAppend(long after, Duration timeout) {
    try {
      return store.awaitAppend(after, timeout);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
