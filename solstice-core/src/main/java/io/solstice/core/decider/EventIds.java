package io.solstice.core.decider;

import io.solstice.core.StreamName;
import io.solstice.core.TimeOrderedIds;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * Chooses the ids of the events a transact writes. Ids make appends idempotent: re-appending events
 * whose ids are already stored (same stream, same order) is a duplicate that writes nothing.
 *
 * <ul>
 *   <li>{@link #RANDOM} (the default): a fresh id per event, random but time-ordered (UUID version
 *       7, see {@link TimeOrderedIds}), so a commit's ids land together in the store's id index.
 *   <li>{@link #fromCausation(String)}: a name-based (version 3) UUID of the causation id, the
 *       stream and the event's index in the append. A reaction that is re-run for the same input
 *       event (at-least-once delivery) writes the same ids, so the store turns the replay into a
 *       duplicate no-op even if the decision is not itself idempotent.
 * </ul>
 *
 * Implementations must be thread-safe and, for the deterministic kind, return the same id for the
 * same arguments on every attempt of a transact.
 */
@FunctionalInterface
public interface EventIds {

  /** A fresh time-ordered (version 7) id for every event. */
  EventIds RANDOM = (stream, index) -> TimeOrderedIds.next();

  /** The id of the {@code index}th (0-based) event appended to {@code stream} by one transact. */
  UUID idFor(StreamName stream, int index);

  /**
   * Ids derived from {@code causationId} (e.g. the id of the input event a reaction handles), the
   * stream and the event's index: stable across retries and replays.
   */
  static EventIds fromCausation(String causationId) {
    if (causationId == null || causationId.isEmpty()) {
      throw new IllegalArgumentException("causation id must not be empty for deterministic event ids, was " + causationId);
    }
    return (stream, index) -> nameBased(causationId, stream, index);
  }

  /** The name-based id {@link #fromCausation} gives the {@code index}th event of {@code stream}. */
  static UUID nameBased(String causationId, StreamName stream, int index) {
    Objects.requireNonNull(stream, "stream");
    String name = "solstice:" + causationId + ':' + stream.canonical() + ':' + index;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }
}
