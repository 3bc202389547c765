package io.solstice.core.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.core.EventMetadata;
import io.solstice.core.codec.JsonCodec;
import io.solstice.core.memory.MemoryStore;
import io.solstice.core.sample.Counter;
import io.solstice.core.store.ExpectedVersion;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Loading reads a stream in pages and folds all of it, whatever the page size; unchecked appends never conflict. */
class PagedLoadTest {
  final JsonCodec<Counter.Event> codec = JsonCodec.forSealed(Counter.Event.class);

  private Category<Counter.State, Counter.Event> counters(MemoryStore store, int pageSize) {
    return Category.builder("Counter", codec, Counter.State.INITIAL, Counter.State::evolve).readPageSize(pageSize).build(store);
  }

  private void write(MemoryStore store, int events) {
    if (events > 0) {
      store.append(Category.builder("Counter", codec, Counter.State.INITIAL, Counter.State::evolve).build(store)
          .decider("acme", "c").stream(), ExpectedVersion.ANY, IntStream.range(0, events)
          .mapToObj(i -> codec.toEventData(new Counter.Event.Incremented(1), UUID.randomUUID(), EventMetadata.EMPTY)).toList());
    }
  }

  @Property(tries = 60)
  void aLoadFoldsEveryEventWhateverThePageSize(@ForAll @IntRange(min = 1, max = 5) int pageSize,
      @ForAll @IntRange(min = 0, max = 12) int events) {
    MemoryStore store = new MemoryStore().withTenants("acme");
    write(store, events);

    StreamState<Counter.State> loaded = counters(store, pageSize).decider("acme", "c").load();

    assertThat(loaded.version()).isEqualTo(events - 1L);
    assertThat(loaded.state().count()).isEqualTo(events);
  }

  @Test
  void aPageSizeMustBePositive() {
    assertThatThrownBy(() -> Category.builder("Counter", codec, Counter.State.INITIAL, Counter.State::evolve).readPageSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("readPageSize must be positive, was 0");
  }

  @Test
  void theMinimumVersionIsTheEmptyStreamOrMore() {
    var counter = counters(new MemoryStore().withTenants("acme"), 10).decider("acme", "c");

    assertThat(counter.withMinimumVersion(-1).query(Function.identity())).isEqualTo(Counter.State.INITIAL);
    assertThatThrownBy(() -> counter.withMinimumVersion(-2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minimum version must be -1 (empty stream) or more, was -2 for acme:Counter-c");
  }

  @Test
  void anUncheckedAppendLandsOnTopOfWhatAnotherWriterAppendedWithoutAConflict() {
    MemoryStore store = new MemoryStore().withTenants("acme");
    var category = counters(store, 10);
    var checked = category.decider("acme", "c");
    checked.transact(Counter::increment);
    var unchecked = checked.withUncheckedAppends();
    write(store, 2); // another process, unseen by this one's cache

    StreamState<Counter.State> after = unchecked.transact(Counter::increment);

    assertThat(unchecked.uncheckedAppends()).isTrue();
    assertThat(checked.uncheckedAppends()).isFalse();
    assertThat(after.version()).isEqualTo(3);
    assertThat(after.state().count()).isEqualTo(4);
    assertThat(store.version(checked.stream())).isEqualTo(3);
  }

  @Test
  void decisionsCarryTheirResultAndAnImmutableCopyOfTheEvents() {
    List<String> events = new java.util.ArrayList<>(List.of("a"));
    Decision<Integer, String> d = Decision.of(7, events);
    events.add("b");

    assertThat(d.events()).containsExactly("a");
    assertThat(Decision.of(8, "x", "y")).isEqualTo(new Decision<>(8, List.of("x", "y")));
    assertThat(Decision.<Integer, String>noEvents(9)).isEqualTo(new Decision<>(9, List.of()));
  }
}
