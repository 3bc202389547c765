package io.solstice.core.store;

import io.solstice.core.EventData;
import io.solstice.core.StreamName;
import java.util.List;
import java.util.Objects;

/** One stream's part of an append: the stream, what it expects of it, and the events (at least one). */
public record AppendRequest(StreamName stream, ExpectedVersion expected, List<EventData> events) {
  public AppendRequest {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(expected, "expected");
    events = List.copyOf(events);
    if (events.isEmpty()) {
      throw new IllegalArgumentException("append to " + stream + " has no events; append at least one");
    }
  }
}
