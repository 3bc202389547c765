package io.solstice.core.codec;

import io.solstice.core.EventData;
import io.solstice.core.EventMetadata;
import io.solstice.core.RecordedEvent;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns events of one aggregate ({@code E}, usually a sealed interface of records) into stored
 * form and back. Implementations are immutable and thread-safe.
 *
 * <p>Decoding never fails on an unknown type: it returns empty and counts it ({@link
 * #unknownTypesSkipped()}), so old readers survive new event types. Data of a known type that cannot
 * be decoded raises {@link EventDecodingException}.
 */
public interface EventCodec<E> {

  /** The type name and JSON bytes of {@code event}. */
  EncodedEvent encode(E event);

  /** {@code event} encoded as an {@link EventData} ready to append, with the given id and metadata. */
  default EventData toEventData(E event, UUID eventId, EventMetadata metadata) {
    return encode(event).toEventData(eventId, metadata);
  }

  /**
   * Decodes stored data, upcasting old shapes first.
   *
   * @return the event, or empty when the type is unknown to this codec (skipped and counted)
   * @throws EventDecodingException when the type is known but the data cannot be decoded
   */
  Optional<E> decode(String type, byte[] data);

  /** Decodes a stored event; like {@link #decode(String, byte[])} with its stream and version named in errors. */
  Optional<E> decode(RecordedEvent event);

  /** How many events of unknown types this codec has skipped since it was built. */
  long unknownTypesSkipped();
}
