package io.solstice.core.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.core.StreamName;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The state cache's promises: exact entries that never go backwards, owners kept apart, bounds. */
class StateCacheTest {
  private static final StreamName ORDER = StreamName.of("acme", "Order", "1");
  private static final Object OWNER = new Object();

  @Property(tries = 200)
  void theCachedEntryIsTheHighestVersionOfferedWhateverTheOrder(
      @ForAll @Size(min = 1, max = 20) List<@LongRange(min = -1, max = 50) Long> versions) {
    StateCache cache = StateCache.bounded(10);
    List<String> offered = new ArrayList<>();
    for (long v : versions) {
      String state = "state@" + v + "#" + offered.size();
      offered.add(state);
      cache.offer(OWNER, ORDER, v, state);
    }

    long highest = versions.stream().mapToLong(Long::longValue).max().orElseThrow();
    String firstAtHighest = offered.get(versions.indexOf(highest));
    assertThat(cache.get(OWNER, ORDER)).isEqualTo(new StateCache.Entry(highest, firstAtHighest));
  }

  @Test
  void anUnknownStreamHasNoEntry() {
    StateCache cache = StateCache.bounded(10);
    cache.offer(OWNER, ORDER, 3, "s");

    assertThat(cache.get(OWNER, StreamName.of("acme", "Order", "2"))).isNull();
  }

  @Test
  void twoOwnersOfOneStreamKeepTheirOwnFolds() {
    StateCache cache = StateCache.bounded(10);
    Object other = new Object();

    cache.offer(OWNER, ORDER, 5, "orders' fold");
    cache.offer(other, ORDER, 1, "audit's fold");

    assertThat(cache.get(OWNER, ORDER).state()).isEqualTo("orders' fold");
    assertThat(cache.get(other, ORDER).state()).isEqualTo("audit's fold");
    assertThat(cache.estimatedSize()).isEqualTo(2);
  }

  @Test
  void invalidatingDropsOneOwnersEntryOrEverything() {
    StateCache cache = StateCache.bounded(10);
    Object other = new Object();
    cache.offer(OWNER, ORDER, 5, "a");
    cache.offer(other, ORDER, 5, "b");

    cache.invalidate(OWNER, ORDER);
    assertThat(cache.get(OWNER, ORDER)).isNull();
    assertThat(cache.get(other, ORDER)).isNotNull();

    cache.invalidateAll();
    assertThat(cache.get(other, ORDER)).isNull();
    assertThat(cache.estimatedSize()).isZero();
  }

  @Test
  void itHoldsNoMoreThanItsMaximumSize() {
    StateCache cache = StateCache.bounded(3);
    for (int i = 0; i < 50; i++) {
      cache.offer(OWNER, StreamName.of("acme", "Order", "o" + i), 0, i);
    }

    assertThat(cache.estimatedSize()).isEqualTo(3);
  }

  @Test
  void anEntryUnusedForTheWindowExpiresAndAReadRestartsTheWindow() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-01-01T00:00:00Z"));
    InstantSource clock = now::get;
    StateCache cache = StateCache.bounded(10, Duration.ofMinutes(5), clock);
    cache.offer(OWNER, ORDER, 1, "s");

    now.set(now.get().plus(Duration.ofMinutes(4)));
    assertThat(cache.get(OWNER, ORDER)).as("read inside the window").isNotNull();
    now.set(now.get().plus(Duration.ofMinutes(4)));
    assertThat(cache.get(OWNER, ORDER)).as("4 minutes after the last read").isNotNull();
    now.set(now.get().plus(Duration.ofMinutes(5)).plusNanos(1));
    assertThat(cache.get(OWNER, ORDER)).as("past the window").isNull();
  }

  @Test
  void theClockIsReadToTheNanosecond() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-01-01T00:00:00Z"));
    StateCache cache = StateCache.bounded(10, Duration.ofNanos(1_500), now::get);
    cache.offer(OWNER, ORDER, 1, "s");

    now.set(now.get().plusNanos(1_000));
    assertThat(cache.get(OWNER, ORDER)).isNotNull();
    now.set(now.get().plusNanos(2_000));
    assertThat(cache.get(OWNER, ORDER)).isNull();
  }

  @Test
  void aSizeOrWindowThatIsNotPositiveIsRefusedNamingTheValue() {
    InstantSource clock = InstantSource.system();
    assertThatThrownBy(() -> StateCache.bounded(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cache maximumSize must be positive, was 0");
    assertThatThrownBy(() -> StateCache.bounded(-1, Duration.ofMinutes(1), clock))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("cache maximumSize must be positive, was -1");
    assertThatThrownBy(() -> StateCache.bounded(1, Duration.ZERO, clock)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expireAfterAccess must be positive, was PT0S");
    assertThatThrownBy(() -> StateCache.bounded(1, Duration.ofSeconds(-1), clock))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("expireAfterAccess must be positive, was PT-1S");
    assertThat(StateCache.bounded(1, Duration.ofNanos(1), clock).estimatedSize()).isZero();
    assertThat(StateCache.bounded(1).estimatedSize()).isZero();
  }
}
