package io.solstice.core.codec;

import io.solstice.core.EventData;
import io.solstice.core.EventMetadata;
import java.util.Objects;
import java.util.UUID;

/**
 * An event encoded for storage: its type name (the storage contract) and its UTF-8 JSON bytes.
 *
 * @param type the event type, e.g. {@code ItemAdded}
 * @param data UTF-8 JSON bytes
 */
public record EncodedEvent(String type, byte[] data) {
  public EncodedEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
  }

  /** The event to append, with the given id and metadata. */
  public EventData toEventData(UUID eventId, EventMetadata metadata) {
    return new EventData(eventId, type, data, metadata);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncodedEvent e && type.equals(e.type) && java.util.Arrays.equals(data, e.data);
  }

  @Override
  public int hashCode() {
    return type.hashCode() * 31 + java.util.Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "EncodedEvent[" + type + ", " + new String(data, java.nio.charset.StandardCharsets.UTF_8) + "]";
  }
}
