package io.solstice.kafka;

import io.solstice.core.EventMetadata;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * How an event is a Kafka record, and back. Key: the stream name, UTF-8. Value: the event's data
 * (JSON). Headers, all UTF-8 text: {@code event-id}, {@code event-type}, {@code tenant}, {@code
 * stream}, {@code version}, {@code position}, and, when the event has them, {@code correlation-id},
 * {@code causation-id} and {@code traceparent}; also {@code producer} (the service that wrote the
 * event), and {@code recorded-at} (when the store recorded the event, ISO-8601 to the store's full
 * precision). The record's timestamp is the same instant in milliseconds (Kafka's precision), used
 * when a record has no {@code recorded-at} (one published before it existed): a consumer must see
 * the very timestamp the store holds, or what it derives from it (read models) would differ from a
 * rebuild from the store.
 */
public final class EventRecords {
  public static final String EVENT_ID = "event-id";
  public static final String EVENT_TYPE = "event-type";
  public static final String TENANT = "tenant";
  public static final String STREAM = "stream";
  public static final String VERSION = "version";
  public static final String POSITION = "position";
  public static final String CORRELATION_ID = "correlation-id";
  public static final String CAUSATION_ID = "causation-id";
  public static final String TRACEPARENT = "traceparent";
  public static final String PRODUCER = "producer";
  public static final String RECORDED_AT = "recorded-at";

  private EventRecords() {}

  /** The record of {@code event} on {@code topic}. */
  public static ProducerRecord<byte[], byte[]> toRecord(String topic, RecordedEvent event) {
    Headers h = new RecordHeaders();
    String stream = event.stream().canonical();
    add(h, EVENT_ID, event.eventId().toString());
    add(h, EVENT_TYPE, event.type());
    add(h, TENANT, event.stream().tenant());
    add(h, STREAM, stream);
    add(h, VERSION, Long.toString(event.version()));
    add(h, POSITION, Long.toString(event.position()));
    EventMetadata m = event.metadata();
    add(h, CORRELATION_ID, m.correlationId());
    add(h, CAUSATION_ID, m.causationId());
    add(h, TRACEPARENT, m.traceparent());
    add(h, PRODUCER, m.producer());
    add(h, RECORDED_AT, event.timestamp().toString());
    return new ProducerRecord<>(topic, null, event.timestamp().toEpochMilli(), stream.getBytes(StandardCharsets.UTF_8), event.data(), h);
  }

  private static void add(Headers headers, String name, String value) {
    if (value != null) {
      headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * The event a record carries.
   *
   * @throws IllegalArgumentException if a required header is missing or malformed (not a Solstice record)
   */
  public static RecordedEvent toEvent(ConsumerRecord<byte[], byte[]> record) {
    Headers h = record.headers();
    try {
      StreamName stream = StreamName.parse(required(h, STREAM, record));
      return new RecordedEvent(UUID.fromString(required(h, EVENT_ID, record)), stream, Long.parseLong(required(h, VERSION, record)),
          Long.parseLong(required(h, POSITION, record)), required(h, EVENT_TYPE, record), record.value() == null ? new byte[0] : record.value(),
          new EventMetadata(text(h, CORRELATION_ID), text(h, CAUSATION_ID), text(h, TRACEPARENT), text(h, PRODUCER)),
          recordedAt(h, record));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("record " + record.topic() + "-" + record.partition() + "@" + record.offset()
          + " is not a Solstice event: " + e.getMessage(), e);
    }
  }

  private static Instant recordedAt(Headers headers, ConsumerRecord<?, ?> record) {
    String exact = text(headers, RECORDED_AT);
    return exact != null ? Instant.parse(exact) : Instant.ofEpochMilli(record.timestamp());
  }

  private static String required(Headers headers, String name, ConsumerRecord<?, ?> record) {
    String v = text(headers, name);
    if (v == null) {
      throw new IllegalArgumentException("header " + name + " is missing");
    }
    return v;
  }

  private static String text(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
