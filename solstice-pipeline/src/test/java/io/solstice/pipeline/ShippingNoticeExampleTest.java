package io.solstice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.solstice.core.EventData;
import io.solstice.core.EventMetadata;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The worked example of docs/services.md: when an order ships, write a shipping notice for the
 * customer, exactly once per shipment even though delivery is at least once.
 */
class ShippingNoticeExampleTest {

  // ---- the service (what docs/services.md shows) ----

  /** Inputs: the order events this service cares about. */
  sealed interface Input {
    record Shipped(StreamName order, String customer, String carrier) implements Input {}
  }

  /** Outputs: what to do about them. */
  sealed interface Output {
    record SendNotice(StreamName notice, String customer, String text) implements Output {}
    record Nothing() implements Output {}
  }

  static final class ShippingNotices {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EventStore store;

    ShippingNotices(EventStore store) {
      this.store = store;
    }

    Service<Input, Output> service() {
      return Service.named("shipping-notices")
          .consume("store:Order")
          .decode(ShippingNotices::decode)
          .handle(ShippingNotices::handle)
          .interpret(this::interpret)
          .retry(RetryPolicy.defaults().withMaxAttempts(5))
          .build();
    }

    static Optional<Input> decode(RecordedEvent e) throws Exception {
      if (!e.type().equals("OrderShipped")) {
        return Optional.empty(); // not ours: counted as skipped
      }
      JsonNode data = JSON.readTree(e.data());
      return Optional.of(new Input.Shipped(e.stream(), data.get("customer").asText(), data.get("carrier").asText()));
    }

    static Output handle(Input input) {
      return switch (input) {
        case Input.Shipped s when s.carrier().isBlank() -> new Output.Nothing();
        case Input.Shipped s -> new Output.SendNotice(StreamName.of(s.order().tenant(), "Notice", s.order().id()), s.customer(),
            "Your order " + s.order().id() + " is on its way with " + s.carrier());
      };
    }

    void interpret(Output output, EffectContext ctx) throws Exception {
      switch (output) {
        case Output.Nothing n -> {}
        case Output.SendNotice send -> {
          byte[] data = JSON.writeValueAsBytes(java.util.Map.of("customer", send.customer(), "text", send.text()));
          // deterministic event id + causation metadata: a redelivery appends a duplicate the store ignores
          store.append(send.notice(), ExpectedVersion.ANY, List.of(ctx.newEvent(0, "NoticeSent", data)));
        }
      }
    }
  }

  // ---- the tests ----

  @Test
  void aShippedOrderGetsOneNoticeCarryingTheCausationAndTheTrace() {
    Fixture f = new Fixture("acme");
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
    ServiceHost host = f.host().openTelemetry(otel).service(new ShippingNotices(f.store).service()).build();
    host.start();

    StreamName order = StreamName.of("acme", "Order", "o-1");
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    EventMetadata incoming = new EventMetadata("checkout-77", null, "00-" + traceId + "-00f067aa0ba902b7-01", "api");
    UUID shippedId = UUID.randomUUID();
    f.store.append(order, ExpectedVersion.ANY, List.of(
        EventData.of("OrderPlaced", "{}".getBytes(StandardCharsets.UTF_8)),
        new EventData(shippedId, "OrderShipped", "{\"customer\":\"ada\",\"carrier\":\"DHL\"}".getBytes(StandardCharsets.UTF_8), incoming)));

    StreamName notice = StreamName.of("acme", "Notice", "o-1");
    Await.until("the notice written", () -> f.store.version(notice) == 0);
    Await.until("both events completed", () -> f.counter("handled", "shipping-notices", "acme") == 1
        && f.counter("skipped", "shipping-notices", "acme") == 1);
    host.stop(Duration.ofSeconds(5));

    RecordedEvent written = f.store.read(notice, 0, 10).getFirst();
    assertThat(written.type()).isEqualTo("NoticeSent");
    assertThat(written.metadata().causationId()).isEqualTo(shippedId.toString());
    assertThat(written.metadata().correlationId()).isEqualTo("checkout-77");
    assertThat(written.metadata().producer()).isEqualTo("shipping-notices");
    assertThat(written.metadata().traceparent()).contains(traceId);

    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished).extracting(SpanData::getName)
        .contains("shipping-notices decode", "shipping-notices handle", "shipping-notices interpret");
    assertThat(finished).filteredOn(s -> s.getName().endsWith("interpret")).allMatch(s -> s.getTraceId().equals(traceId));
    assertThat(f.registry.find("solstice.service.latency").tag("stage", "handle").timer().count()).isEqualTo(1);
  }

  @Test
  void aRedeliveredShipmentWritesNoSecondNotice() throws Exception {
    Fixture f = new Fixture("acme");
    ShippingNotices notices = new ShippingNotices(f.store);
    StreamName order = StreamName.of("acme", "Order", "o-2");
    f.store.append(order, ExpectedVersion.ANY,
        List.of(EventData.of("OrderShipped", "{\"customer\":\"bob\",\"carrier\":\"UPS\"}".getBytes(StandardCharsets.UTF_8))));
    RecordedEvent shipped = f.store.read(order, 0, 1).getFirst();

    for (int delivery = 0; delivery < 3; delivery++) { // at-least-once: the same input, three times
      Output out = ShippingNotices.handle(ShippingNotices.decode(shipped).orElseThrow());
      notices.interpret(out, EffectContext.forTest("shipping-notices", shipped));
    }

    assertThat(f.store.version(StreamName.of("acme", "Notice", "o-2"))).isZero();
  }
}
