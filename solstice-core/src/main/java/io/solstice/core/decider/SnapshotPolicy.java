package io.solstice.core.decider;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.core.codec.Json;
import java.io.IOException;
import java.util.Objects;

/**
 * When and how a category snapshots its states: after a transact whose append crosses a multiple of
 * {@code every} events, the new state is serialized with Jackson and stored with {@code schema}.
 * Loading then reads the latest snapshot of that schema and only the events after it.
 *
 * <p>Bump {@code schema} whenever the state's shape changes: snapshots of other schemas are ignored
 * (the stream is folded from its events and a new snapshot is written at the next interval). A
 * snapshot that cannot be read is ignored the same way; snapshots are only an optimisation.
 *
 * @param every events between snapshots (at least 1)
 * @param schema the state's serialized shape version
 * @param stateType the state's class (a record, or anything the mapper round-trips)
 * @param mapper the mapper for the state
 */
public record SnapshotPolicy<S>(int every, int schema, Class<S> stateType, ObjectMapper mapper) {
  public SnapshotPolicy {
    if (every <= 0) {
      throw new IllegalArgumentException("snapshot interval must be at least 1 event, was " + every);
    }
    Objects.requireNonNull(stateType, "stateType");
    Objects.requireNonNull(mapper, "mapper");
  }

  /** Snapshot every {@code events} events, with shape version {@code schema}, using {@link Json#mapper()}. */
  public static <S> SnapshotPolicy<S> every(int events, int schema, Class<S> stateType) {
    return new SnapshotPolicy<>(events, schema, stateType, Json.mapper());
  }

  /** True when an append moving the stream from {@code before} to {@code after} crosses an interval. */
  boolean crossed(long before, long after) {
    return Math.floorDiv(before + 1, every) < Math.floorDiv(after + 1, every);
  }

  byte[] serialize(S state) throws IOException {
    return mapper.writeValueAsBytes(state);
  }

  S deserialize(byte[] data) throws IOException {
    return mapper.readValue(data, stateType);
  }
}
