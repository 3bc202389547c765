package io.solstice.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.solstice.app.ops.Telemetry;
import io.solstice.app.http.TestServer.Response;
import io.solstice.app.http.TestServer.Tenant;
import io.solstice.testkit.Await;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces leave the process over OTLP (HTTP, protobuf) to a real receiver running in the test,
 * which decodes the export requests with the OpenTelemetry protocol's own classes: an HTTP request
 * gets a server span, and a checkout's trace continues through every service that reacts to it.
 */
class TracingOverOtlpTest {
  @TempDir static Path data;
  static HttpServer collector;
  static final List<Received> spans = new CopyOnWriteArrayList<>();
  static TestServer server;
  static Tenant shop;

  /** A span as the collector received it, with its resource's service name. */
  record Received(String service, String traceId, String spanId, String parentSpanId, String name, Span.SpanKind kind,
      Map<String, String> attributes) {}

  @BeforeAll
  static void start() throws IOException {
    collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    collector.createContext("/v1/traces", exchange -> {
      byte[] body;
      try (InputStream in = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
          ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
      for (ResourceSpans rs : request.getResourceSpansList()) {
        String service = rs.getResource().getAttributesList().stream().filter(a -> a.getKey().equals("service.name"))
            .map(a -> a.getValue().getStringValue()).findFirst().orElse("?");
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          for (Span s : ss.getSpansList()) {
            spans.add(new Received(service, hex(s.getTraceId().toByteArray()), hex(s.getSpanId().toByteArray()),
                hex(s.getParentSpanId().toByteArray()), s.getName(), s.getKind(), attributes(s.getAttributesList())));
          }
        }
      }
      byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    collector.start();
    String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort();
    Telemetry telemetry = Telemetry.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint, "OTEL_SERVICE_NAME", "solstice-test",
        "OTEL_BSP_SCHEDULE_DELAY", "50"));
    server = TestServer.start(data, b -> b.telemetry(telemetry));
    shop = server.tenant("EUR");
    server.product(shop, "TEE", "20.00", 100);
  }

  @AfterAll
  static void stop() {
    server.close();
    collector.stop(0);
  }

  @Test
  void aCheckoutsTraceGoesFromTheHttpRequestThroughEveryReactingService() {
    String cart = server.cart(shop, "TEE", 1);
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String callerSpan = "00f067aa0ba902b7";
    Response r = server.send("POST", "/carts/" + cart + "/checkout", shop.key(), TestServer.checkoutBody("ana@example.com", "tok_approve"),
        Map.of("Idempotency-Key", "k-" + cart, "traceparent", "00-" + traceId + "-" + callerSpan + "-01"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    String order = r.json().path("orderId").asText();
    server.awaitStatus(shop, order, "released");

    Await.until("spans of the fraud, order, payment and notification services in the checkout's trace", () -> {
      List<String> names = inTrace(traceId).stream().map(Received::name).toList();
      return names.contains("fraud interpret") && names.contains("order interpret") && names.contains("payment interpret")
          && names.contains("notification interpret");
    });
    Received checkout = inTrace(traceId).stream().filter(s -> s.name().equals("POST /carts/{id}/checkout")).findFirst().orElseThrow();
    assertThat(checkout.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(checkout.parentSpanId()).isEqualTo(callerSpan);
    assertThat(checkout.service()).isEqualTo("solstice-test");
    assertThat(checkout.attributes()).containsEntry("http.route", "/carts/{id}/checkout").containsEntry("http.response.status_code", "201")
        .containsEntry("solstice.tenant", shop.id());

    Received fraud = inTrace(traceId).stream().filter(s -> s.name().equals("fraud handle")).findFirst().orElseThrow();
    assertThat(fraud.parentSpanId()).as("the fraud check continues the request's span").isEqualTo(checkout.spanId());
    assertThat(fraud.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_CONSUMER);
    assertThat(fraud.attributes()).containsEntry("solstice.tenant", shop.id()).containsEntry("solstice.event.type", "Placed");
  }

  @Test
  void theOrdersFusedDecisionIsASpanInsideTheReactionThatCommitsIt() {
    String cart = server.cart(shop, "TEE", 1);
    String traceId = "0af7651916cd43dd8448eb211c80319c";
    Response r = server.send("POST", "/carts/" + cart + "/checkout", shop.key(), TestServer.checkoutBody("bo@example.com", "tok_approve"),
        Map.of("Idempotency-Key", "k-" + cart, "traceparent", "00-" + traceId + "-b7ad6b7169203331-01"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    server.awaitStatus(shop, r.json().path("orderId").asText(), "released");

    // a child span is exported when it ends, which may be a batch before its parent
    Await.until("the order's decision inside the fraud reaction's span, in the checkout's trace", () -> fusedOrderSpan(traceId) != null);
    Received order = fusedOrderSpan(traceId);
    assertThat(order.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
    assertThat(order.attributes()).containsEntry("solstice.service", "order").containsEntry("solstice.fused", "true")
        .containsEntry("solstice.event.type", "Scored");
  }

  @Test
  void everyHttpRequestGetsAServerSpan() {
    server.get("/products", shop.key());
    Await.until("a server span of GET /products", () -> spans.stream()
        .anyMatch(s -> s.name().equals("GET /products") && s.kind() == Span.SpanKind.SPAN_KIND_SERVER && s.parentSpanId().isEmpty()));
  }

  /** The {@code order interpret} span whose parent is the {@code fraud interpret} span of the trace, or null. */
  private static Received fusedOrderSpan(String traceId) {
    List<Received> spans = inTrace(traceId);
    return spans.stream().filter(s -> s.name().equals("fraud interpret"))
        .flatMap(fraud -> spans.stream().filter(s -> s.name().equals("order interpret") && s.parentSpanId().equals(fraud.spanId())))
        .findFirst().orElse(null);
  }

  private static List<Received> inTrace(String traceId) {
    return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
  }

  private static Map<String, String> attributes(List<KeyValue> list) {
    java.util.HashMap<String, String> out = new java.util.HashMap<>();
    for (KeyValue kv : list) {
      var v = kv.getValue();
      out.put(kv.getKey(), v.hasStringValue() ? v.getStringValue() : v.hasIntValue() ? Long.toString(v.getIntValue())
          : v.hasBoolValue() ? Boolean.toString(v.getBoolValue()) : v.toString().strip());
    }
    return out;
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
