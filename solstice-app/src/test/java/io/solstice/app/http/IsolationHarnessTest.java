package io.solstice.app.http;

import static io.solstice.app.http.TestServer.json;
import static io.solstice.app.http.TestServer.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.solstice.app.http.ApiDocument.Operation;
import io.solstice.app.http.TestServer.Response;
import io.solstice.app.http.TestServer.Tenant;
import io.solstice.core.RecordedEvent;
import io.solstice.core.store.FeedFilter;
import io.solstice.testkit.Await;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The isolation harness (issue 11): tenant B owns one of every resource (product, stock, cart,
 * order, shipment), marked with data no other tenant has; then every operation of the running
 * server's {@code /openapi.json} is called with tenant A's key against B's ids (path and query),
 * with a valid body built from the route's schema so that the request reaches its lookup. Every
 * answer must be a 404, or a success that concerns A alone (routes that create or upsert under the
 * caller's tenant, such as {@code PUT /products/{sku}}, and A's own lists); no answer may hold any
 * of B's data, and B's part of the store must not change (not one event). Admin routes refuse A's
 * key. A new route is walked without editing this test; a new kind of id makes it fail, naming the
 * id to add to B's fixture.
 */
class IsolationHarnessTest {
  /** Data only B has: any of these in an answer to A is a leak. */
  static final List<String> B_MARKERS = List.of("Bee Secret Tee", "bee-secret-description", "bea.secret@b-shop.example", "Bea Secret",
      "1 Secret Lane", "TRK-BEE-SECRET");

  @TempDir static Path data;
  static TestServer server;
  static Tenant a;
  static Tenant b;
  /** B's ids by the path segment that precedes them ({@code carts} → B's cart id …). */
  static Map<String, String> bIds;

  @BeforeAll
  static void start() {
    server = TestServer.start(data);
    a = server.tenant("EUR");
    b = server.tenant("EUR");
    Response product = server.put("/products/B-SKU", b.key(), json("name", "Bee Secret Tee", "price", 19.99, "description", "bee-secret-description"));
    assertThat(product.status()).as(product.toString()).isEqualTo(201);
    assertThat(server.post("/inventory/B-SKU/adjustments", b.key(), json("quantity", 100)).status()).isEqualTo(201);
    String cart = server.cart(b, "B-SKU", 1);
    String orderCart = server.cart(b, "B-SKU", 2);
    Response placed = server.checkout(b, orderCart, "b-checkout", json("customer", obj("email", "bea.secret@b-shop.example", "name", "Bea Secret"),
        "shippingAddress", obj("line1", "1 Secret Lane", "city", "Berlin", "postalCode", "10115", "country", "DE"), "paymentToken", "tok_approve"));
    assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
    String order = placed.json().path("orderId").asText();
    server.awaitStatus(b, order, "released");
    Response shipment = server.post("/orders/" + order + "/shipments", b.key(), json("tracking", "TRK-BEE-SECRET"));
    assertThat(shipment.status()).as(shipment.toString()).isEqualTo(201);
    server.awaitStatus(b, order, "shipped");
    Await.until("B's payment is captured", () -> server.get("/orders/" + order + "/events", b.key()).body().contains("PaymentCaptured"));
    Await.until("B's part of the store is quiet", () -> {
      long before = tenantHead(b.id());
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      return tenantHead(b.id()) == before;
    });
    bIds = Map.of("products", "B-SKU", "inventory", "B-SKU", "items", "B-SKU", "carts", cart, "orders", order,
        "shipments", shipment.json().path("shipmentId").asText(), "tenants", b.id());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** The position of B's latest event. */
  static long tenantHead(String tenant) {
    long last = 0;
    while (true) {
      List<RecordedEvent> page = server.platform().store().readAll(last, 1000, FeedFilter.tenant(tenant));
      if (page.isEmpty()) {
        return last;
      }
      last = page.getLast().position();
    }
  }

  @Test
  void tenantAsKeyReachesNoneOfTenantBsDataOnAnyRoute() {
    List<Operation> operations = ApiDocument.operations(server.get("/openapi.json", null).json());
    List<String> failures = new ArrayList<>();
    int walked = 0;
    for (Operation op : operations) {
      if (op.access() == ApiDocument.Access.PUBLIC) {
        continue;
      }
      walked++;
      long bBefore = tenantHead(b.id());
      Response r = server.send(op.method(), target(op), a.key(), body(op), headers(op));
      long bAfter = tenantHead(b.id());
      String leaked = B_MARKERS.stream().filter(r.body()::contains).findFirst().orElse(null);
      if (leaked != null) {
        failures.add(op + " answered " + r.status() + " holding B's \"" + leaked + "\": " + r.body());
      }
      if (bAfter != bBefore) {
        failures.add(op + " answered " + r.status() + " and changed B's data (B's head " + bBefore + " → " + bAfter + ")");
      }
      boolean expected = switch (op.access()) {
        case ADMIN -> r.status() == 401;
        case TENANT -> op.pathParams().isEmpty() ? r.status() / 100 == 2 : r.status() == 404 || r.status() / 100 == 2;
        case PUBLIC -> true;
      };
      if (!expected) {
        failures.add(op + " answered " + r.status() + " (expected " + (op.access() == ApiDocument.Access.ADMIN ? "401" : "404, or a success for A alone")
            + "; if the body is refused, make IsolationHarnessTest.value produce a valid one): " + r.body());
      }
    }
    System.out.printf("isolation harness: %d operations walked with tenant A's key against tenant B's ids, failures %d%n", walked, failures.size());
    assertThat(failures).isEmpty();
    assertThat(walked).isGreaterThan(20);
  }

  /** The path with B's ids, and B's values for the query parameters. */
  private static String target(Operation op) {
    String[] segments = op.path().split("/");
    StringBuilder path = new StringBuilder();
    for (int i = 1; i < segments.length; i++) {
      String s = segments[i];
      if (s.startsWith("{")) {
        String id = bIds.get(segments[i - 1]);
        if (id == null && op.access() == ApiDocument.Access.ADMIN) {
          id = "any-id"; // a tenant key is refused on an admin route before any id is looked at
        }
        if (id == null) {
          throw new AssertionError(op + ": no id of tenant B is known for " + s + " after /" + segments[i - 1]
              + "; give B such a resource in IsolationHarnessTest.start and name its id in bIds");
        }
        s = URLEncoder.encode(id, StandardCharsets.UTF_8);
      }
      path.append('/').append(s);
    }
    List<String> query = new ArrayList<>();
    for (String name : op.queryParams()) {
      String value = switch (name) {
        case "customer" -> "bea.secret@b-shop.example";
        case "limit" -> "50";
        case "from" -> "2000-01-01";
        default -> null;
      };
      if (value != null) {
        query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    }
    return path + (query.isEmpty() ? "" : "?" + String.join("&", query));
  }

  private static Map<String, String> headers(Operation op) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (op.idempotencyKey()) {
      headers.put("Idempotency-Key", "isolation-" + op.id());
    }
    return headers;
  }

  /** A valid body for the route, built from its schema (null when the route takes none). */
  private static String body(Operation op) {
    return op.body() == null ? null : value("", op.body()).toString();
  }

  private static JsonNode value(String name, JsonNode schema) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (schema.has("enum")) {
      return schema.get("enum").get(0);
    }
    String type = schema.path("type").isArray() ? schema.path("type").get(0).asText() : schema.path("type").asText("string");
    return switch (type) {
      case "object" -> {
        ObjectNode o = f.objectNode();
        Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
        while (properties.hasNext()) {
          Map.Entry<String, JsonNode> p = properties.next();
          o.set(p.getKey(), value(p.getKey(), p.getValue()));
        }
        yield o;
      }
      case "array" -> f.arrayNode().add(value(name, schema.path("items")));
      case "integer" -> f.numberNode(Math.max(1, schema.path("minimum").asLong(1)));
      case "number" -> f.numberNode(new java.math.BigDecimal("1.00"));
      case "boolean" -> f.booleanNode(false);
      default -> f.textNode(switch (name) {
        case "email", "customer", "mailSender" -> "ana@example.com";
        case "sku" -> "B-SKU";
        case "country" -> "DE";
        case "currency" -> "EUR";
        case "paymentToken" -> "tok_approve";
        case "sql" -> "SELECT 1";
        case "id" -> "isolation-a";
        default -> "A's own " + name;
      });
    };
  }
}
