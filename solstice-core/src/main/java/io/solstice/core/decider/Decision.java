package io.solstice.core.decider;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a decision returns when the caller needs a result as well as the events to write, e.g. the
 * id of a created line or a refusal reason. No events means nothing is written.
 *
 * @param result what {@link Decider#transactWithResult} returns to the caller (may be null)
 * @param events the events to append, in order (possibly none)
 */
public record Decision<R, E>(@Nullable R result, List<E> events) {
  public Decision {
    events = List.copyOf(events);
  }

  /** A result with the events to write. */
  public static <R, E> Decision<R, E> of(@Nullable R result, List<E> events) {
    return new Decision<>(result, events);
  }

  /** A result with the events to write. */
  @SafeVarargs
  public static <R, E> Decision<R, E> of(@Nullable R result, E... events) {
    return new Decision<>(result, List.of(events));
  }

  /** A result that writes nothing (the intent already holds, or the command is refused). */
  public static <R, E> Decision<R, E> noEvents(R result) {
    return new Decision<>(result, List.of());
  }
}
