package io.solstice.core;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * The envelope of a stored event.
 *
 * @param eventId the id given at append; unique within a store
 * @param stream the stream it belongs to
 * @param version its 0-based index within the stream
 * @param position its global position within the store: starts at 1, only grows, and a reader
 *     that has seen position P never later finds a new event below P
 * @param type the event type (the record's simple name for Solstice's codecs)
 * @param data UTF-8 JSON bytes
 * @param metadata correlation, causation, trace context and producer
 * @param timestamp when the store recorded it
 */
public record RecordedEvent(
    UUID eventId,
    StreamName stream,
    long version,
    long position,
    String type,
    byte[] data,
    EventMetadata metadata,
    Instant timestamp) {

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordedEvent e && eventId.equals(e.eventId) && stream.equals(e.stream)
        && version == e.version && position == e.position && type.equals(e.type)
        && Arrays.equals(data, e.data) && metadata.equals(e.metadata) && timestamp.equals(e.timestamp);
  }

  @Override
  public int hashCode() {
    return eventId.hashCode();
  }

  @Override
  public String toString() {
    return "RecordedEvent[" + stream + "@" + version + " #" + position + " " + type + "]";
  }
}
