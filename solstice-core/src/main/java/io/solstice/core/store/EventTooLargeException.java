package io.solstice.core.store;

import io.solstice.core.SolsticeException;
import io.solstice.core.StreamName;
import java.util.UUID;

/** An event was larger than the store's limit. Nothing of its append was written. */
public final class EventTooLargeException extends SolsticeException {
  public EventTooLargeException(StreamName stream, UUID eventId, String type, int size, int limit) {
    super("event " + eventId + " (" + type + ") for " + stream + " is " + size + " bytes, over the limit of " + limit
        + " bytes; store large payloads elsewhere and reference them — nothing was written");
  }
}
