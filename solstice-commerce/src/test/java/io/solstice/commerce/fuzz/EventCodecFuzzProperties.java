package io.solstice.commerce.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.commerce.Categories;
import io.solstice.core.codec.EventCodec;
import io.solstice.core.codec.EventDecodingException;
import io.solstice.core.decider.Category;
import io.solstice.core.memory.MemoryStore;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;

/**
 * The fuzz harness's second half (issue 11): every commerce event codec decodes hostile stored data
 * — random bytes, malformed JSON, huge numbers, deep nesting, and objects shaped like each event
 * record with hostile values in its fields — into an event, "unknown type", or an {@link
 * EventDecodingException} naming the event; never another exception, and never a stack overflow.
 */
class EventCodecFuzzProperties {
  private static final Categories CATEGORIES = Categories.on(new MemoryStore());
  private static final List<Category<?, ?>> ALL = List.of(CATEGORIES.tenants(), CATEGORIES.products(), CATEGORIES.stock(), CATEGORIES.carts(),
      CATEGORIES.orders(), CATEGORIES.fraudChecks(), CATEGORIES.payments(), CATEGORIES.shipments());

  /** A codec, a stored type name and the stored bytes to decode. */
  record Stored(Category<?, ?> category, String type, byte[] data) {
    @Override
    public String toString() {
      return category.name() + "/" + type + ": " + new String(data, 0, Math.min(data.length, 300), StandardCharsets.UTF_8);
    }
  }

  @Property(tries = 5_000)
  void decodingHostileStoredDataYieldsAnEventUnknownOrADecodingErrorOnly(@ForAll("stored") Stored s) {
    EventCodec<?> codec = s.category().codec();
    try {
      Optional<?> decoded = codec.decode(s.type(), s.data());
      assertThat(decoded).isNotNull();
      Statistics.collect(decoded.isPresent() ? "decoded" : "unknown type");
    } catch (EventDecodingException expected) {
      assertThat(expected.getMessage()).contains(s.type());
      Statistics.collect("refused");
    }
  }

  @Provide
  Arbitrary<Stored> stored() {
    return Arbitraries.of(ALL).flatMap(category -> {
      List<Class<?>> records = records(eventType(category));
      List<String> types = new ArrayList<>(records.stream().map(Class::getSimpleName).toList());
      types.add("NoSuchEvent");
      return Combinators.combine(Arbitraries.of(types), data(records)).as((type, data) -> new Stored(category, type, data));
    });
  }

  private static Class<?> eventType(Category<?, ?> category) {
    // the sealed Event interface is the common interface of the codec's records; find it through a permitted record's interfaces
    String name = category.name();
    return switch (name) {
      case "Tenant" -> io.solstice.commerce.tenancy.Tenant.Event.class;
      case "Product" -> io.solstice.commerce.catalog.Product.Event.class;
      case "Stock" -> io.solstice.commerce.inventory.Stock.Event.class;
      case "Cart" -> io.solstice.commerce.cart.Cart.Event.class;
      case "Order" -> io.solstice.commerce.order.Order.Event.class;
      case "FraudCheck" -> io.solstice.commerce.fraud.FraudCheck.Event.class;
      case "Payment" -> io.solstice.commerce.payment.Payment.Event.class;
      case "Shipment" -> io.solstice.commerce.fulfillment.Shipment.Event.class;
      default -> throw new IllegalStateException("a new category " + name + ": add its event type here");
    };
  }

  private static List<Class<?>> records(Class<?> sealed) {
    List<Class<?>> out = new ArrayList<>();
    for (Class<?> sub : sealed.getPermittedSubclasses()) {
      if (sub.isRecord()) {
        out.add(sub);
      } else {
        out.addAll(records(sub));
      }
    }
    return out;
  }

  private static Arbitrary<byte[]> data(List<Class<?>> records) {
    Arbitrary<String> shaped = Arbitraries.of(records).flatMap(r -> object(r, 0));
    return Arbitraries.frequencyOf(
        Tuple.of(6, shaped.map(s -> s.getBytes(StandardCharsets.UTF_8))),
        Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(500)),
        Tuple.of(1, Arbitraries.of("", "{", "null", "[]", "\"x\"", "{\"a\":1}{", "{\"a\":NaN}", "{'a':1}", "\uFEFF{}")
            .map(s -> s.getBytes(StandardCharsets.UTF_8))),
        Tuple.of(1, Arbitraries.integers().between(10, 20_000).map(d -> ("[".repeat(d) + "]".repeat(d)).getBytes(StandardCharsets.US_ASCII))),
        Tuple.of(1, Arbitraries.integers().between(10, 5_000).map(d -> ("{\"a\":".repeat(d) + "1" + "}".repeat(d)).getBytes(StandardCharsets.US_ASCII))));
  }

  /** A JSON object with {@code record}'s component names, each holding a hostile value (or shaped like its type). */
  private static Arbitrary<String> object(Class<?> record, int depth) {
    Arbitrary<List<String>> fields = Arbitraries.just(List.of());
    for (RecordComponent c : record.getRecordComponents()) {
      Arbitrary<String> value = c.getType().isRecord() && depth < 3
          ? Arbitraries.frequencyOf(Tuple.of(2, object(c.getType(), depth + 1)), Tuple.of(1, hostile()))
          : hostile();
      Arbitrary<String> field = Arbitraries.frequencyOf(Tuple.of(6, value.map(v -> "\"" + c.getName() + "\":" + v)), Tuple.of(1, Arbitraries.just("")));
      fields = Combinators.combine(fields, field).as((list, f) -> {
        List<String> out = new ArrayList<>(list);
        if (!f.isEmpty()) {
          out.add(f);
        }
        return out;
      });
    }
    return fields.map(list -> "{" + String.join(",", list) + "}");
  }

  private static Arbitrary<String> hostile() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.of("null", "true", "0", "-1", "1.5", "\"\"", "\"x\"", "[]", "{}", "[null]", "\"EUR\"", "\"XXX\"", "\"ana@example.com\"",
            "\"a;b@example.com\"", "\"\\u0000\"", "\"\\ud800\"", "\"2025-01-01T00:00:00Z\"", "\"not a time\"", "\"CONFIRM\"", "\"nope\"",
            "{\"amount\":1e10000000,\"currency\":\"EUR\"}", "{\"amount\":\"19.99\",\"currency\":\"EUR\"}", "{\"amount\":-1,\"currency\":\"JPY\"}",
            "{\"TEE\":-5}", "[{\"sku\":null}]")),
        Tuple.of(2, Arbitraries.of("1e10000000", "-1e10000000", "1e-10000000", "9223372036854775808", "1" + "0".repeat(2_000), "1e308", "1e309")),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(30).map(EventCodecFuzzProperties::quote)),
        Tuple.of(1, Arbitraries.integers().between(1_000, 20_000).map(n -> "\"" + "x".repeat(n) + "\"")));
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
