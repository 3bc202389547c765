package io.solstice.core;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An event to append: its id (for de-duplication), its type, its data (UTF-8 JSON bytes) and its
 * metadata. The store adds the stream, version, global position and timestamp when it records it.
 */
public record EventData(UUID eventId, String type, byte[] data, EventMetadata metadata) {

  /** Longest event type name. */
  public static final int MAX_TYPE_LENGTH = 128;

  public EventData {
    Objects.requireNonNull(eventId, "eventId");
    if (type == null || type.isEmpty() || type.length() > MAX_TYPE_LENGTH) {
      throw new IllegalArgumentException("event type must be 1-" + MAX_TYPE_LENGTH + " characters, was " + type);
    }
    Objects.requireNonNull(data, "data");
    metadata = metadata == null ? EventMetadata.EMPTY : metadata;
  }

  /** An event with a fresh time-ordered id ({@link TimeOrderedIds}) and no metadata. */
  public static EventData of(String type, byte[] data) {
    return new EventData(TimeOrderedIds.next(), type, data, EventMetadata.EMPTY);
  }

  /** Bytes this event occupies for the size limit: data plus type plus metadata strings. */
  public int size() {
    EventMetadata m = metadata;
    return data.length + type.length() + len(m.correlationId()) + len(m.causationId()) + len(m.traceparent()) + len(m.producer());
  }

  private static int len(@Nullable String s) {
    return s == null ? 0 : s.length();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventData e && eventId.equals(e.eventId) && type.equals(e.type)
        && Arrays.equals(data, e.data) && metadata.equals(e.metadata);
  }

  @Override
  public int hashCode() {
    return eventId.hashCode();
  }

  @Override
  public String toString() {
    return "EventData[" + type + " " + eventId + ", " + data.length + " bytes]";
  }
}
