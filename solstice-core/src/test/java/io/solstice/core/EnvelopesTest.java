package io.solstice.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.core.codec.EncodedEvent;
import io.solstice.core.store.AppendResult;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.core.store.Snapshot;
import io.solstice.core.store.TenantPlacement;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The envelopes that carry events and snapshots compare by content (their byte arrays included,
 * so a re-read event equals the stored one) and print what an operator needs without the data.
 */
class EnvelopesTest {
  private static final StreamName ORDER = StreamName.of("acme", "Order", "1");
  private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000007");
  private static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static RecordedEvent recorded(UUID id, StreamName stream, long version, long position, String type, String data,
      EventMetadata metadata, Instant at) {
    return new RecordedEvent(id, stream, version, position, type, json(data), metadata, at);
  }

  @Test
  void aRecordedEventEqualsAnotherOnlyWhenEveryFieldDoes() {
    RecordedEvent e = recorded(ID, ORDER, 2, 9, "Placed", "{}", EventMetadata.EMPTY, AT);

    assertThat(e).isEqualTo(recorded(ID, ORDER, 2, 9, "Placed", "{}", EventMetadata.EMPTY, AT))
        .hasSameHashCodeAs(recorded(ID, ORDER, 2, 9, "Placed", "{}", EventMetadata.EMPTY, AT));
    assertThat(e).isNotEqualTo(recorded(UUID.randomUUID(), ORDER, 2, 9, "Placed", "{}", EventMetadata.EMPTY, AT))
        .isNotEqualTo(recorded(ID, StreamName.of("acme", "Order", "2"), 2, 9, "Placed", "{}", EventMetadata.EMPTY, AT))
        .isNotEqualTo(recorded(ID, ORDER, 3, 9, "Placed", "{}", EventMetadata.EMPTY, AT))
        .isNotEqualTo(recorded(ID, ORDER, 2, 10, "Placed", "{}", EventMetadata.EMPTY, AT))
        .isNotEqualTo(recorded(ID, ORDER, 2, 9, "Paid", "{}", EventMetadata.EMPTY, AT))
        .isNotEqualTo(recorded(ID, ORDER, 2, 9, "Placed", "{ }", EventMetadata.EMPTY, AT))
        .isNotEqualTo(recorded(ID, ORDER, 2, 9, "Placed", "{}", EventMetadata.EMPTY.withProducer("p"), AT))
        .isNotEqualTo(recorded(ID, ORDER, 2, 9, "Placed", "{}", EventMetadata.EMPTY, AT.plusNanos(1)))
        .isNotEqualTo(null);
    assertThat(e.hashCode()).isEqualTo(ID.hashCode());
    assertThat(e).hasToString("RecordedEvent[acme:Order-1@2 #9 Placed]");
  }

  @Test
  void aSnapshotEqualsAnotherOnlyWhenStreamVersionSchemaAndBytesDo() {
    Snapshot s = new Snapshot(ORDER, 4, 2, json("{\"n\":4}"));

    assertThat(s).isEqualTo(new Snapshot(ORDER, 4, 2, json("{\"n\":4}")))
        .hasSameHashCodeAs(new Snapshot(ORDER, 4, 2, json("{\"n\":4}")))
        .isNotEqualTo(new Snapshot(StreamName.of("acme", "Order", "2"), 4, 2, json("{\"n\":4}")))
        .isNotEqualTo(new Snapshot(ORDER, 5, 2, json("{\"n\":4}")))
        .isNotEqualTo(new Snapshot(ORDER, 4, 3, json("{\"n\":4}")))
        .isNotEqualTo(new Snapshot(ORDER, 4, 2, json("{\"n\":5}")));
    assertThat(s.hashCode()).isNotEqualTo(new Snapshot(ORDER, 5, 2, json("{}")).hashCode());
    assertThat(s).hasToString("Snapshot[acme:Order-1@4 schema 2, 7 bytes]");
  }

  @Test
  void anEncodedEventEqualsAnotherWithTheSameTypeAndBytesAndBecomesEventData() {
    EncodedEvent e = new EncodedEvent("Placed", json("{\"a\":1}"));

    assertThat(e).isEqualTo(new EncodedEvent("Placed", json("{\"a\":1}")))
        .hasSameHashCodeAs(new EncodedEvent("Placed", json("{\"a\":1}")))
        .isNotEqualTo(new EncodedEvent("Paid", json("{\"a\":1}")))
        .isNotEqualTo(new EncodedEvent("Placed", json("{\"a\":2}")))
        .isNotEqualTo("Placed");
    assertThat(e.hashCode()).isNotEqualTo(new EncodedEvent("Placed", json("{\"a\":2}")).hashCode())
        .isNotEqualTo(new EncodedEvent("Paid", json("{\"a\":1}")).hashCode());
    assertThat(e).hasToString("EncodedEvent[Placed, {\"a\":1}]");
    EventMetadata meta = EventMetadata.EMPTY.withCausation("cause");
    assertThat(e.toEventData(ID, meta)).isEqualTo(new EventData(ID, "Placed", json("{\"a\":1}"), meta));
    assertThatThrownBy(() -> new EncodedEvent(null, new byte[0])).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new EncodedEvent("Placed", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void eachMetadataWitherChangesItsOwnFieldOnly() {
    EventMetadata m = new EventMetadata("corr", "cause", "trace", "producer");

    assertThat(m.withCorrelation("c2")).isEqualTo(new EventMetadata("c2", "cause", "trace", "producer"));
    assertThat(m.withCausation("c2")).isEqualTo(new EventMetadata("corr", "c2", "trace", "producer"));
    assertThat(m.withTraceparent("t2")).isEqualTo(new EventMetadata("corr", "cause", "t2", "producer"));
    assertThat(m.withProducer("p2")).isEqualTo(new EventMetadata("corr", "cause", "trace", "p2"));
  }

  @Test
  void aTenantIsPooledOrPlacedOnANamedStore() {
    assertThat(TenantPlacement.POOLED_STORE.pooled()).isTrue();
    assertThat(TenantPlacement.dedicated("eu-west")).isEqualTo(new TenantPlacement("eu-west"));
    assertThat(TenantPlacement.dedicated("eu-west").pooled()).isFalse();
    assertThatThrownBy(() -> new TenantPlacement(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'pooled' or a dedicated store's name");
    assertThatThrownBy(() -> new TenantPlacement(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aConflictDescribesTheStreamBothVersionsAndTheNextStep() {
    assertThat(new AppendResult.Conflict(ORDER, ExpectedVersion.NO_STREAM, 3).describe())
        .isEqualTo("append to acme:Order-1 expected version NO_STREAM but stream is at 3; reload the stream and decide again");
    assertThat(ExpectedVersion.ANY).hasToString("ANY");
  }
}
