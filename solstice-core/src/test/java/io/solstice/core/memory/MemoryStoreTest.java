package io.solstice.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.core.EventData;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.AppendResult;
import io.solstice.core.store.DuplicateEventIdException;
import io.solstice.core.store.EventTooLargeException;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.core.store.FeedFilter;
import io.solstice.core.store.MultiAppendResult;
import io.solstice.core.store.Snapshot;
import io.solstice.core.store.UnknownTenantException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MemoryStoreTest {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  final MemoryStore store = new MemoryStore(Clock.fixed(T0, ZoneOffset.UTC), 1000).withTenants("acme", "globex");
  final StreamName order = StreamName.of("acme", "Order", "1");
  final StreamName other = StreamName.of("acme", "Order", "2");

  static EventData event(String type) {
    return EventData.of(type, ("{\"t\":\"" + type + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void versionsStartAtZeroAndPositionsAtOne() {
    var result = store.append(order, ExpectedVersion.NO_STREAM, List.of(event("A"), event("B")));

    assertThat(result).isEqualTo(new AppendResult.Written(order, 1, 1, 2, false));
    assertThat(store.version(order)).isEqualTo(1);
    assertThat(store.headPosition()).isEqualTo(2);
    List<RecordedEvent> read = store.read(order, 0, 10);
    assertThat(read).extracting(RecordedEvent::version).containsExactly(0L, 1L);
    assertThat(read).extracting(RecordedEvent::timestamp).containsOnly(T0);
  }

  @Test
  void wrongExpectedVersionIsAConflictThatWritesNothing() {
    store.append(order, ExpectedVersion.NO_STREAM, List.of(event("A")));

    var result = store.append(order, ExpectedVersion.exactly(3), List.of(event("B")));

    assertThat(result).isEqualTo(new AppendResult.Conflict(order, ExpectedVersion.exactly(3), 0));
    assertThat(store.version(order)).isZero();
    assertThat(store.append(order, ExpectedVersion.NO_STREAM, List.of(event("C")))).isInstanceOf(AppendResult.Conflict.class);
    assertThat(store.append(order, ExpectedVersion.ANY, List.of(event("D")))).isInstanceOf(AppendResult.Written.class);
  }

  @Test
  void reappendingStoredEventsIsADuplicateThatWritesNothing() {
    List<EventData> events = List.of(event("A"), event("B"));
    store.append(order, ExpectedVersion.NO_STREAM, events);
    store.append(order, ExpectedVersion.exactly(1), List.of(event("C")));

    var again = store.append(order, ExpectedVersion.NO_STREAM, events);

    assertThat(again).isEqualTo(new AppendResult.Written(order, 1, 1, 2, true));
    assertThat(store.version(order)).isEqualTo(2);
  }

  @Test
  void mixingStoredAndNewIdsFails() {
    EventData a = event("A");
    store.append(order, ExpectedVersion.NO_STREAM, List.of(a));

    assertThatThrownBy(() -> store.append(order, ExpectedVersion.ANY, List.of(a, event("B"))))
        .isInstanceOf(DuplicateEventIdException.class).hasMessageContaining(a.eventId().toString());
    assertThatThrownBy(() -> store.append(other, ExpectedVersion.ANY, List.of(a)))
        .isInstanceOf(DuplicateEventIdException.class);
    assertThat(store.headPosition()).isEqualTo(1);
  }

  @Test
  void reorderedStoredIdsFail() {
    EventData a = event("A");
    EventData b = event("B");
    store.append(order, ExpectedVersion.NO_STREAM, List.of(a, b));

    assertThatThrownBy(() -> store.append(order, ExpectedVersion.ANY, List.of(b, a)))
        .isInstanceOf(DuplicateEventIdException.class);
  }

  @Test
  void appendAllCommitsEveryStreamOrNone() {
    store.append(other, ExpectedVersion.NO_STREAM, List.of(event("A")));

    var rejected = store.appendAll(List.of(
        new AppendRequest(order, ExpectedVersion.NO_STREAM, List.of(event("B"))),
        new AppendRequest(other, ExpectedVersion.NO_STREAM, List.of(event("C")))));

    assertThat(rejected).isEqualTo(new MultiAppendResult.Rejected(
        List.of(new AppendResult.Conflict(other, ExpectedVersion.NO_STREAM, 0))));
    assertThat(store.version(order)).isEqualTo(-1);

    var committed = store.appendAll(List.of(
        new AppendRequest(order, ExpectedVersion.NO_STREAM, List.of(event("B"))),
        new AppendRequest(other, ExpectedVersion.exactly(0), List.of(event("C")))));

    assertThat(committed).isEqualTo(new MultiAppendResult.Committed(List.of(
        new AppendResult.Written(order, 0, 2, 2, false), new AppendResult.Written(other, 1, 3, 3, false))));
  }

  @Test
  void appendAllRefusesAStreamNamedTwice() {
    assertThatThrownBy(() -> store.appendAll(List.of(
        new AppendRequest(order, ExpectedVersion.ANY, List.of(event("A"))),
        new AppendRequest(order, ExpectedVersion.ANY, List.of(event("B"))))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acme:Order-1");
  }

  @Test
  void oversizedEventFailsTheWholeAppend() {
    EventData big = EventData.of("Big", new byte[1000]);

    assertThatThrownBy(() -> store.append(order, ExpectedVersion.ANY, List.of(event("A"), big)))
        .isInstanceOf(EventTooLargeException.class).hasMessageContaining("1003 bytes");
    assertThat(store.headPosition()).isZero();
  }

  @Test
  void unknownTenantIsRefused() {
    assertThatThrownBy(() -> store.append(StreamName.of("initech", "Order", "1"), ExpectedVersion.ANY, List.of(event("A"))))
        .isInstanceOf(UnknownTenantException.class).hasMessageContaining("initech");
  }

  @Test
  void readAllFiltersByTenantAndCategoryAfterAPosition() {
    StreamName cart = StreamName.of("acme", "Cart", "1");
    StreamName globex = StreamName.of("globex", "Order", "1");
    store.append(order, ExpectedVersion.ANY, List.of(event("A")));
    store.append(cart, ExpectedVersion.ANY, List.of(event("B")));
    store.append(globex, ExpectedVersion.ANY, List.of(event("C")));
    store.append(order, ExpectedVersion.ANY, List.of(event("D")));

    assertThat(store.readAll(0, 10, FeedFilter.ALL)).extracting(RecordedEvent::position).containsExactly(1L, 2L, 3L, 4L);
    assertThat(store.readAll(1, 10, FeedFilter.tenant("acme"))).extracting(RecordedEvent::type).containsExactly("B", "D");
    assertThat(store.readAll(0, 10, FeedFilter.category("acme", "Order"))).extracting(RecordedEvent::type).containsExactly("A", "D");
    assertThat(store.readAll(0, 2, FeedFilter.ALL)).hasSize(2);
  }

  @Test
  void readBackwardReturnsNewestFirst() {
    store.append(order, ExpectedVersion.ANY, List.of(event("A"), event("B"), event("C")));

    assertThat(store.readBackward(order, Long.MAX_VALUE, 2)).extracting(RecordedEvent::type).containsExactly("C", "B");
    assertThat(store.readBackward(order, 0, 5)).extracting(RecordedEvent::type).containsExactly("A");
    assertThat(store.read(order, 1, 1)).extracting(RecordedEvent::type).containsExactly("B");
  }

  @Test
  void awaitAppendWakesWhenAnotherThreadAppends() throws Exception {
    var waiter = CompletableFuture.supplyAsync(() -> {
      try {
        return store.awaitAppend(0, Duration.ofMinutes(1));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    store.append(order, ExpectedVersion.ANY, List.of(event("A")));

    assertThat(waiter.get()).isTrue();
    assertThat(store.awaitAppend(1, Duration.ZERO)).isFalse();
  }

  @Test
  void snapshotsKeepTheLatestPerStreamAndSchema() {
    store.writeSnapshot(new Snapshot(order, 5, 1, new byte[] {5}));
    store.writeSnapshot(new Snapshot(order, 3, 1, new byte[] {3}));
    store.writeSnapshot(new Snapshot(order, 2, 2, new byte[] {2}));

    assertThat(store.readSnapshot(order, 1)).contains(new Snapshot(order, 5, 1, new byte[] {5}));
    assertThat(store.readSnapshot(order, 2)).contains(new Snapshot(order, 2, 2, new byte[] {2}));
    assertThat(store.readSnapshot(other, 1)).isEmpty();
  }
}
