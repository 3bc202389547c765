package io.solstice.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.solstice.app.http.TestServer.Response;
import io.solstice.testkit.Await;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The public operations endpoints, the OpenAPI document, and routing answers (404, 405). */
class OperationsAndRoutingTest {
  @RegisterExtension static final TestServer server = TestServer.allServices();

  @Test
  void everyRegisteredRouteIsInTheOpenApiDocumentWithItsStatuses() {
    Response r = server.get("/openapi.json", null);
    assertThat(r.status()).isEqualTo(200);
    JsonNode doc = r.json();
    assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
    for (Route route : server.platform().http().routes()) {
      JsonNode op = doc.path("paths").path(route.path()).path(route.method().toLowerCase(Locale.ROOT));
      assertThat(op.isObject()).as(route.method() + " " + route.path()).isTrue();
      assertThat(op.path("operationId").asText()).isEqualTo(route.operationId());
      assertThat(op.path("responses").has(Integer.toString(route.status()))).isTrue();
      route.errorStatuses().forEach(s -> assertThat(op.path("responses").has(Integer.toString(s))).as(route.path() + " " + s).isTrue());
    }
  }

  @Test
  void theIssuesRoutesAreAllThere() {
    JsonNode paths = server.get("/openapi.json", null).json().path("paths");
    Map<String, String> required = Map.ofEntries(
        Map.entry("/admin/tenants", "post get"), Map.entry("/admin/tenants/{id}/keys", "post"),
        Map.entry("/admin/tenants/{id}/policy", "put"), Map.entry("/admin/tenants/{id}/suspend", "post"),
        Map.entry("/products/{sku}", "put get"), Map.entry("/products", "get"), Map.entry("/products/{sku}/unpublish", "post"),
        Map.entry("/inventory/{sku}/adjustments", "post"), Map.entry("/inventory/{sku}", "get"),
        Map.entry("/carts", "post"), Map.entry("/carts/{id}/items", "post"), Map.entry("/carts/{id}/items/{sku}", "delete"),
        Map.entry("/carts/{id}", "get"), Map.entry("/carts/{id}/checkout", "post"),
        Map.entry("/orders/{id}", "get"), Map.entry("/orders/{id}/events", "get"), Map.entry("/orders/{id}/cancel", "post"),
        Map.entry("/orders/{id}/review", "post"), Map.entry("/orders", "get"), Map.entry("/orders/{id}/shipments", "post"),
        Map.entry("/shipments/{id}/delivered", "post"), Map.entry("/openapi.json", "get"), Map.entry("/health/live", "get"),
        Map.entry("/health/ready", "get"), Map.entry("/metrics", "get"));
    required.forEach((path, methods) -> {
      for (String m : methods.split(" ")) {
        assertThat(paths.path(path).has(m)).as(m + " " + path).isTrue();
      }
    });
  }

  @Test
  void healthNeedsNoKeyAndReportsTheStoreAndServices() {
    Response live = server.get("/health/live", null);
    assertThat(live.status()).isEqualTo(200);
    assertThat(live.json().path("status").asText()).isEqualTo("up");
    Await.equal(() -> server.get("/health/ready", null).status(), 200);
    JsonNode ready = server.get("/health/ready", null).json();
    assertThat(ready.path("details").path("store").asText()).isEqualTo("up");
    assertThat(ready.path("details").path("services").has("payment")).isTrue();
  }

  @Test
  void metricsArePrometheusTextWithoutAKey() {
    server.get("/health/live", null);
    Response r = server.get("/metrics", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("text/plain");
    assertThat(r.body()).contains("solstice_http_requests_seconds_count");
  }

  @Test
  void anUnknownRouteIs404ProblemJson() {
    Response r = server.get("/nowhere", null);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.code()).isEqualTo("no_route");
  }

  @Test
  void aKnownPathWithAnotherMethodIs405() {
    Response r = server.send("PATCH", "/products/x", null, null, Map.of());
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(server.delete("/carts", null).status()).isEqualTo(405);
  }

  @Test
  void theCorrelationIdIsEchoedOrGenerated() {
    Response given = server.send("GET", "/health/live", null, null, Map.of("X-Correlation-Id", "req-123"));
    assertThat(given.header("X-Correlation-Id")).isEqualTo("req-123");
    assertThat(server.get("/health/live", null).header("X-Correlation-Id")).isNotBlank();
  }
}
