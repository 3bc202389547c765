package io.solstice.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.core.EventMetadata;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.sample.Cart;
import io.solstice.core.sample.Cart.Event;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
  final JsonCodec<Event> codec = JsonCodec.forSealed(Event.class);

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void typeNamesAreSimpleNamesFoundThroughNestedSealedInterfaces() {
    assertThat(codec.types()).containsExactly("CheckedOut", "ItemAdded", "ItemRemoved", "QuantityChanged");
    assertThat(codec.encode(new Event.Lifecycle.CheckedOut(Instant.EPOCH)).type()).isEqualTo("CheckedOut");
  }

  @Test
  void everyEventRoundTrips() {
    var events = java.util.List.of(
        new Event.ItemAdded("sku-1", 2, new BigDecimal("10.50")),
        new Event.QuantityChanged("sku-1", 3),
        new Event.ItemRemoved("sku-1"),
        new Event.Lifecycle.CheckedOut(Instant.parse("2025-03-01T10:15:30.123Z")));
    for (Event e : events) {
      EncodedEvent encoded = codec.encode(e);
      assertThat(codec.decode(encoded.type(), encoded.data())).contains(e);
    }
  }

  @Test
  void decimalsStayExactAndInstantsAreIso() {
    EncodedEvent added = codec.encode(new Event.ItemAdded("a", 1, new BigDecimal("1E+3")));
    assertThat(text(added.data())).isEqualTo("{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1000}");

    var decoded = codec.decode("ItemAdded", utf8("{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":0.10}"));
    assertThat(decoded).contains(new Event.ItemAdded("a", 1, new BigDecimal("0.10")));

    EncodedEvent checkedOut = codec.encode(new Event.Lifecycle.CheckedOut(Instant.parse("2025-03-01T10:15:30Z")));
    assertThat(text(checkedOut.data())).isEqualTo("{\"at\":\"2025-03-01T10:15:30Z\"}");
  }

  @Test
  void decimalsStayExactThroughUpcasting() {
    JsonCodec<Event> upcasting = JsonCodec.builder(Event.class).addField("ItemAdded", "quantity", 1).build();

    var decoded = upcasting.decode("ItemAdded", utf8("{\"sku\":\"a\",\"unitPrice\":19.90}"));

    assertThat(decoded).contains(new Event.ItemAdded("a", 1, new BigDecimal("19.90")));
  }

  @Test
  void unknownTypeIsSkippedAndCounted() {
    assertThat(codec.decode("GiftWrapped", utf8("{}"))).isEmpty();
    assertThat(codec.decode("GiftWrapped", utf8("not even json"))).isEmpty();

    assertThat(codec.unknownTypesSkipped()).isEqualTo(2);
    assertThat(codec.knows("GiftWrapped")).isFalse();
  }

  @Test
  void unknownPropertiesAreIgnored() {
    var decoded = codec.decode("ItemRemoved", utf8("{\"sku\":\"a\",\"reason\":\"added by a newer writer\"}"));

    assertThat(decoded).contains(new Event.ItemRemoved("a"));
  }

  @Test
  void malformedDataOfAKnownTypeFailsNamingStreamAndType() {
    StreamName stream = StreamName.of("acme", "Cart", "7");
    var recorded = new RecordedEvent(UUID.randomUUID(), stream, 4, 9, "ItemAdded", utf8("{\"sku\":"),
        EventMetadata.EMPTY, Instant.EPOCH);

    assertThatThrownBy(() -> codec.decode(recorded))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("acme:Cart-7@4")
        .hasMessageContaining("ItemAdded")
        .hasMessageContaining("upcaster");
  }

  @Test
  void oldShapesAreUpcastOnRead() {
    // Version 1 of the cart stored "ProductAdded" with "productId" and no quantity (always 1).
    JsonCodec<Event> upcasting = JsonCodec.builder(Event.class)
        .rename("ProductAdded", "ItemAdded")
        .renameField("ProductAdded", "productId", "sku")
        .addField("ItemAdded", "quantity", 1)
        .upcast("ItemAdded", node -> {
          if (node.has("priceCents")) {
            node.put("unitPrice", BigDecimal.valueOf(node.remove("priceCents").asLong(), 2));
          }
        })
        .build();
    byte[] v1 = utf8("{\"productId\":\"sku-9\",\"priceCents\":1999}");

    assertThat(upcasting.decode("ProductAdded", v1)).contains(new Event.ItemAdded("sku-9", 1, new BigDecimal("19.99")));
    // The current shape passes the same steps unchanged.
    EncodedEvent current = upcasting.encode(new Event.ItemAdded("sku-9", 3, new BigDecimal("19.99")));
    assertThat(current.type()).isEqualTo("ItemAdded");
    assertThat(upcasting.decode(current.type(), current.data())).contains(new Event.ItemAdded("sku-9", 3, new BigDecimal("19.99")));
    assertThat(upcasting.knows("ProductAdded")).isTrue();
  }

  sealed interface Clashing {
    sealed interface A extends Clashing {
      record Same(int x) implements A {}
    }

    sealed interface B extends Clashing {
      record Same(int y) implements B {}
    }
  }

  sealed interface NotRecords {
    record Fine(int x) implements NotRecords {}

    final class Bad implements NotRecords {}
  }

  interface NotSealed {}

  @Test
  void buildingFailsFastOnBadDefinitions() {
    assertThatThrownBy(() -> JsonCodec.forSealed(Clashing.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share the type name Same");
    assertThatThrownBy(() -> JsonCodec.forSealed(NotRecords.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad").hasMessageContaining("events must be records");
    assertThatThrownBy(() -> JsonCodec.forSealed(NotSealed.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not sealed");
    assertThatThrownBy(() -> JsonCodec.builder(Event.class).rename("ItemRemoved", "ItemAdded").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("still a record");
    assertThatThrownBy(() -> JsonCodec.builder(Event.class).rename("Old", "Nowhere").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Nowhere");
    assertThatThrownBy(() -> JsonCodec.builder(Event.class).upcast("Typo", n -> {}).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Typo");
  }

  @Test
  void encodedEventBecomesEventDataWithIdAndMetadata() {
    UUID id = UUID.randomUUID();
    EventMetadata meta = new EventMetadata("corr", "cause", null, "cart");

    var data = codec.toEventData(new Event.ItemRemoved("a"), id, meta);

    assertThat(data.eventId()).isEqualTo(id);
    assertThat(data.type()).isEqualTo("ItemRemoved");
    assertThat(data.metadata()).isEqualTo(meta);
  }

  @Test
  void sharedMapperReadsFractionsAsBigDecimal() throws Exception {
    Object value = Json.mapper().readValue("0.1", Object.class);

    assertThat(value).isEqualTo(new BigDecimal("0.1"));
    assertThat(Cart.State.INITIAL.total()).isEqualByComparingTo("0");
  }
}
