package io.solstice.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** An event to append: its checks, the size the store's limit measures, and value equality. */
class EventDataTest {
  private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

  @Property(tries = 200)
  void theSizeCountsDataTypeAndEveryMetadataString(
      @ForAll byte[] data,
      @ForAll @StringLength(min = 1, max = 128) String type,
      @ForAll String correlation, @ForAll String causation, @ForAll String traceparent, @ForAll String producer) {
    EventMetadata metadata = new EventMetadata(correlation, causation, traceparent, producer);

    EventData event = new EventData(ID, type, data, metadata);

    assertThat(event.size()).isEqualTo(data.length + type.length()
        + correlation.length() + causation.length() + traceparent.length() + producer.length());
  }

  @Test
  void missingMetadataIsEmptyAndAddsNothingToTheSize() {
    EventData event = new EventData(ID, "Placed", new byte[10], null);

    assertThat(event.metadata()).isEqualTo(EventMetadata.EMPTY);
    assertThat(event.size()).isEqualTo(10 + "Placed".length());
  }

  @Test
  void theTypeIsOneToOneHundredTwentyEightCharacters() {
    assertThat(new EventData(ID, "T".repeat(EventData.MAX_TYPE_LENGTH), new byte[0], null).type()).hasSize(128);
    assertThatThrownBy(() -> new EventData(ID, "T".repeat(129), new byte[0], null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("event type must be 1-128 characters, was TTT");
    assertThatThrownBy(() -> new EventData(ID, "", new byte[0], null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EventData(ID, null, new byte[0], null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event type must be 1-128 characters, was null");
  }

  @Test
  void anIdAndDataAreRequired() {
    assertThatThrownBy(() -> new EventData(null, "Placed", new byte[0], null)).isInstanceOf(NullPointerException.class)
        .hasMessage("eventId");
    assertThatThrownBy(() -> new EventData(ID, "Placed", null, null)).isInstanceOf(NullPointerException.class)
        .hasMessage("data");
  }

  @Test
  void ofGivesEachEventAFreshIdAndNoMetadata() {
    EventData a = EventData.of("Placed", new byte[0]);
    EventData b = EventData.of("Placed", new byte[0]);

    assertThat(a.eventId()).isNotEqualTo(b.eventId());
    assertThat(a.metadata()).isSameAs(EventMetadata.EMPTY);
  }

  @Test
  void twoEventsAreEqualWhenIdTypeDataBytesAndMetadataAre() {
    byte[] json = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);
    EventMetadata meta = EventMetadata.EMPTY.withCorrelation("c");
    EventData event = new EventData(ID, "Placed", json, meta);

    assertThat(event).isEqualTo(new EventData(ID, "Placed", json.clone(), meta)).hasSameHashCodeAs(
        new EventData(ID, "Placed", json.clone(), meta));
    assertThat(event).isNotEqualTo(new EventData(UUID.randomUUID(), "Placed", json, meta));
    assertThat(event).isNotEqualTo(new EventData(ID, "Paid", json, meta));
    assertThat(event).isNotEqualTo(new EventData(ID, "Placed", "{\"n\":2}".getBytes(StandardCharsets.UTF_8), meta));
    assertThat(event).isNotEqualTo(new EventData(ID, "Placed", json, EventMetadata.EMPTY));
    assertThat(event).isNotEqualTo("Placed");
  }

  @Test
  void itPrintsItsTypeIdAndSizeNotItsData() {
    EventData event = new EventData(ID, "Placed", "{\"card\":\"4111\"}".getBytes(StandardCharsets.UTF_8), null);

    assertThat(event.toString()).isEqualTo("EventData[Placed " + ID + ", 15 bytes]").doesNotContain("4111");
  }
}
