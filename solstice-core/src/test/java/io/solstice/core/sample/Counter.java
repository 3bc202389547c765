package io.solstice.core.sample;

import java.util.List;

/** The smallest sample aggregate: a counter, for concurrency and benchmark tests. */
public final class Counter {
  private Counter() {}

  public sealed interface Event {
    record Incremented(long by) implements Event {}

    record Reset() implements Event {}
  }

  public record State(long count, long events) {
    public static final State INITIAL = new State(0, 0);

    public State evolve(Event event) {
      return switch (event) {
        case Event.Incremented e -> new State(count + e.by(), events + 1);
        case Event.Reset e -> new State(0, events + 1);
      };
    }
  }

  public static List<Event> increment(State state) {
    return List.of(new Event.Incremented(1));
  }

  /** Resets; no events when the count is already 0. */
  public static List<Event> reset(State state) {
    return state.count() == 0 ? List.of() : List.of(new Event.Reset());
  }
}
