package io.solstice.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.app.ops.Redaction;
import io.solstice.core.RecordedEvent;
import java.io.IOException;
import java.time.Instant;

/**
 * How the admin API shows events: the envelope, the metadata, and (in full) the data with its
 * secrets redacted ({@link Redaction}); as a summary without data for lists of links and the live
 * flow.
 */
final class EventJson {
  private EventJson() {}

  /** An event's metadata. */
  record Meta(String correlationId, String causationId, String traceparent, String producer) {}

  /** An event in full. */
  record Full(long position, String stream, String tenant, String category, String streamId, long version, String type, String eventId,
      Instant at, Meta metadata, JsonNode data) {}

  /** An event without its data. */
  record Summary(long position, String stream, String tenant, String category, String streamId, long version, String type,
      String eventId, Instant at, String producer, String correlationId) {}

  static Full full(RecordedEvent e, ObjectMapper mapper) {
    JsonNode data;
    try {
      data = Redaction.redact(mapper.readTree(e.data()));
    } catch (IOException ex) {
      data = mapper.getNodeFactory().textNode("(not JSON: " + e.data().length + " bytes)");
    }
    var m = e.metadata();
    return new Full(e.position(), e.stream().canonical(), e.stream().tenant(), e.stream().category(), e.stream().id(), e.version(), e.type(),
        e.eventId().toString(), e.timestamp(), new Meta(m.correlationId(), m.causationId(), m.traceparent(), m.producer()), data);
  }

  static Summary summary(RecordedEvent e) {
    return new Summary(e.position(), e.stream().canonical(), e.stream().tenant(), e.stream().category(), e.stream().id(), e.version(),
        e.type(), e.eventId().toString(), e.timestamp(), e.metadata().producer(), e.metadata().correlationId());
  }
}
