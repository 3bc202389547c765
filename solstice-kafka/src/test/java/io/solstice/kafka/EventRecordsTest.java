package io.solstice.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.core.EventMetadata;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * An event survives the trip through a Kafka record exactly — its timestamp to the microsecond
 * included, though Kafka's own timestamps are milliseconds. Found by the split crash harness: read
 * models fed from Kafka kept millisecond times, and differed in every row from a rebuild from the store.
 */
class EventRecordsTest {
  private static final Instant MICROS = Instant.parse("2026-03-01T10:15:30.123456Z");

  private static RecordedEvent event(Instant at) {
    return new RecordedEvent(UUID.randomUUID(), StreamName.of("acme", "Order", "o1"), 3, 42, "Placed",
        "{\"x\":1}".getBytes(StandardCharsets.UTF_8), new EventMetadata("c1", "e0", null, "order"), at);
  }

  private static ConsumerRecord<byte[], byte[]> consumed(ProducerRecord<byte[], byte[]> p) {
    return new ConsumerRecord<>(p.topic(), 0, 7, p.timestamp(), TimestampType.CREATE_TIME, p.key().length, p.value().length, p.key(),
        p.value(), p.headers(), Optional.empty());
  }

  @Test
  void anEventComesBackExactlyWithItsMicrosecondTimestamp() {
    RecordedEvent sent = event(MICROS);
    RecordedEvent back = EventRecords.toEvent(consumed(EventRecords.toRecord("solstice.Order", sent)));
    assertThat(back).usingRecursiveComparison().isEqualTo(sent);
    assertThat(back.timestamp()).isEqualTo(MICROS);
  }

  @Test
  void aRecordWithoutTheExactTimeFallsBackToKafkasMilliseconds() {
    ProducerRecord<byte[], byte[]> p = EventRecords.toRecord("solstice.Order", event(MICROS));
    RecordHeaders older = new RecordHeaders();
    p.headers().forEach(h -> {
      if (!h.key().equals(EventRecords.RECORDED_AT)) {
        older.add(h);
      }
    });
    ProducerRecord<byte[], byte[]> old = new ProducerRecord<>(p.topic(), null, p.timestamp(), p.key(), p.value(), older);
    assertThat(EventRecords.toEvent(consumed(old)).timestamp()).isEqualTo(Instant.parse("2026-03-01T10:15:30.123Z"));
  }
}
