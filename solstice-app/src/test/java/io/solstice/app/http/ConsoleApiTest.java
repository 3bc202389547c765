package io.solstice.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.solstice.app.SimulatedFaults;
import io.solstice.app.http.TestServer.Response;
import io.solstice.app.http.TestServer.Tenant;
import io.solstice.testkit.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations console's admin API over real HTTP: dead letters and their replay, streams,
 * events and their causation links, the live flow, services and the overview, and that no secret
 * reaches the browser. The payment simulator fails its first authorization, so the first order
 * parks a dead letter.
 */
class ConsoleApiTest {
  @TempDir static Path data;
  static TestServer server;
  static Tenant shop;
  static String parkedOrder;
  static String order;

  @BeforeAll
  static void start() {
    server = TestServer.start(data, b -> b.faults(new SimulatedFaults(0, 1)).consoleSampleInterval(Duration.ofMillis(200)));
    shop = server.tenant("EUR");
    server.product(shop, "TEE", "20.00", 100);
    parkedOrder = server.order(shop, "TEE", 1, "ana@example.com", "tok_approve");
    Await.until("the first authorization parked", () -> items("/admin/dead-letters?service=payment").size() == 1);
    order = server.order(shop, "TEE", 2, "bo@example.com", "tok_approve");
    server.awaitStatus(shop, order, "released");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static List<JsonNode> items(String path) {
    Response r = server.get(path, TestServer.ADMIN_KEY);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    r.json().path("items").forEach(out::add);
    return out;
  }

  @Test
  void deadLettersHaveTheFieldsAndStatusesOfTheCli() {
    JsonNode letter = items("/admin/dead-letters?service=payment").stream()
        .filter(l -> l.path("stream").asText().endsWith(parkedOrder)).findFirst().orElseThrow();
    assertThat(letter.properties()).extracting(Map.Entry::getKey).containsExactly("id", "service", "tenant", "stream", "version", "position",
        "event_id", "event_type", "attempts", "error", "parked_at", "status");
    assertThat(letter.path("tenant").asText()).isEqualTo(shop.id());
    assertThat(letter.path("event_type").asText()).isEqualTo("FraudAccepted");
    assertThat(letter.path("error").asText()).contains("simulated payment gateway failure 1 of 1");
    assertThat(letter.path("status").asText()).isIn("PARKED", "REPLAY_REQUESTED", "RESOLVED"); // another test may replay it
    assertThat(items("/admin/dead-letters?status=RESOLVED&service=fraud")).isEmpty();
  }

  @Test
  void replayingAParkedLetterResolvesItAndTheOrderGoesOn() {
    JsonNode letter = items("/admin/dead-letters?service=payment").stream()
        .filter(l -> l.path("stream").asText().endsWith(parkedOrder)).findFirst().orElseThrow();
    long id = letter.path("id").asLong();
    if (!letter.path("status").asText().equals("RESOLVED")) {
      Response replay = server.post("/admin/dead-letters/" + id + "/replay", TestServer.ADMIN_KEY, null);
      assertThat(replay.status()).as(replay.toString()).isIn(202, 409);
    }
    Await.equal(() -> server.get("/admin/dead-letters/" + id, TestServer.ADMIN_KEY).json().path("status").asText(), "RESOLVED");
    server.awaitStatus(shop, parkedOrder, "released");
    Response again = server.post("/admin/dead-letters/" + id + "/replay", TestServer.ADMIN_KEY, null);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.code()).isEqualTo("already_resolved");
  }

  @Test
  void anUnknownDeadLetterIs404AndABadFilterIs422() {
    assertThat(server.post("/admin/dead-letters/999999/replay", TestServer.ADMIN_KEY, null).status()).isEqualTo(404);
    assertThat(server.get("/admin/dead-letters/x", TestServer.ADMIN_KEY).status()).isEqualTo(404);
    Response bad = server.get("/admin/dead-letters?status=LOST", TestServer.ADMIN_KEY);
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.errorFields()).containsExactly("status");
  }

  @Test
  void theLiveFlowRefusesHostileFiltersBeforeStreaming() {
    for (String query : List.of("tenant=" + URLEncoder.encode("a'; DROP TABLE events;--", StandardCharsets.UTF_8),
        "tenant=" + "x".repeat(500), "category=" + URLEncoder.encode("<script>", StandardCharsets.UTF_8), "category=Order,%00")) {
      Response r = server.get("/admin/events/live?" + query, TestServer.ADMIN_KEY);
      assertThat(r.status()).as(query).isEqualTo(422);
    }
  }

  @Test
  void everyAdminRouteNeedsTheAdminKeyButTheConsolePageDoesNot() {
    for (String path : List.of("/admin/dead-letters", "/admin/services", "/admin/overview", "/admin/events", "/admin/events/live",
        "/admin/streams/" + shop.id() + ":Order-" + order)) {
      assertThat(server.get(path, null).status()).as(path).isEqualTo(401);
      assertThat(server.get(path, shop.key()).status()).as(path + " with a tenant key").isEqualTo(401);
    }
    Response page = server.get("/console", null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'").contains("frame-ancestors 'none'");
    assertThat(page.body()).contains("/console/app.js");
    assertThat(server.get("/console/app.js", null).header("Content-Type")).startsWith("text/javascript");
    assertThat(server.get("/console/nothing.js", null).status()).isEqualTo(404);
    assertThat(server.get("/console/..%2Fapplication.properties", null).status()).isEqualTo(404);
  }

  @Test
  void anOrderLeadsByCausationToItsFraudCheckPaymentStockMailAndBack() {
    JsonNode stream = server.get("/admin/streams/" + shop.id() + ":Order-" + order, TestServer.ADMIN_KEY).json();
    JsonNode placed = find(stream.path("events"), "Placed");
    JsonNode placedLinks = links(placed.path("eventId").asText());
    assertThat(placedLinks.path("request").asText()).startsWith("http:");
    assertThat(types(placedLinks.path("requestEvents"))).contains("Cart.CheckedOut", "Order.Placed", "Stock.Reserved");
    assertThat(types(placedLinks.path("effects"))).contains("FraudCheck.Scored");

    JsonNode fraudAccepted = find(stream.path("events"), "FraudAccepted");
    JsonNode links = links(fraudAccepted.path("eventId").asText());
    JsonNode payment = find(links.path("effects"), "Authorized");
    assertThat(payment.path("stream").asText()).isEqualTo(shop.id() + ":Payment-" + order);
    assertThat(links.path("cause").path("category").asText()).isEqualTo("FraudCheck");

    JsonNode back = links(payment.path("eventId").asText());
    assertThat(back.path("cause").path("eventId").asText()).isEqualTo(fraudAccepted.path("eventId").asText());

    JsonNode confirmed = links(find(stream.path("events"), "Confirmed").path("eventId").asText());
    assertThat(confirmed.path("mails").get(0).path("subject").asText()).isEqualTo("Order " + order + " confirmed");
    assertThat(confirmed.path("mails").get(0).path("status").asText()).isEqualTo("written");
    assertThat(types(confirmed.path("effects"))).contains("Order.Released");
  }

  @Test
  void theCausationTreeStartsAtTheCheckoutRequest() {
    JsonNode stream = server.get("/admin/streams/" + shop.id() + ":Order-" + order, TestServer.ADMIN_KEY).json();
    String confirmed = find(stream.path("events"), "Confirmed").path("eventId").asText();
    JsonNode tree = server.get("/admin/events/" + confirmed + "/tree", TestServer.ADMIN_KEY).json();
    assertThat(tree.path("request").asText()).startsWith("http:");
    List<String> all = new ArrayList<>();
    tree.path("roots").forEach(n -> collect(n, all));
    assertThat(all).contains("Order.Placed", "Stock.Reserved", "FraudCheck.Scored", "Order.FraudAccepted", "Payment.Authorized",
        "Order.Confirmed", "Order.Released", "Stock.Allocated");
    assertThat(tree.path("truncated").asBoolean()).isFalse();
  }

  @Test
  void noSecretReachesTheBrowser() {
    Response stream = server.get("/admin/streams/" + shop.id() + ":Order-" + order, TestServer.ADMIN_KEY);
    assertThat(stream.body()).doesNotContain("tok_approve").contains("\"sealedToken\":\"[redacted]\"");
    Response recent = server.get("/admin/events?tenant=" + shop.id() + "&limit=500", TestServer.ADMIN_KEY);
    assertThat(recent.body()).doesNotContain("tok_approve");
    Response tenantStream = server.get("/admin/streams/platform:Tenant-" + shop.id(), TestServer.ADMIN_KEY);
    if (tenantStream.status() == 200) {
      assertThat(tenantStream.body()).contains("\"keyHash\":\"[redacted]\"");
    }
    for (JsonNode e : items("/admin/events?limit=500")) {
      assertThat(e.toString()).doesNotContain("tok_approve");
      e.path("data").findValues("keyHash").forEach(v -> assertThat(v.asText()).isEqualTo("[redacted]"));
    }
  }

  @Test
  void recentEventsPageBackwardsByPosition() {
    JsonNode page = server.get("/admin/events?tenant=" + shop.id() + "&category=Order&limit=3", TestServer.ADMIN_KEY).json();
    List<JsonNode> first = new ArrayList<>();
    page.path("items").forEach(first::add);
    assertThat(first).hasSize(3);
    assertThat(first.get(0).path("position").asLong()).isGreaterThan(first.get(2).path("position").asLong());
    long next = page.path("next").asLong();
    assertThat(next).isEqualTo(first.get(2).path("position").asLong());
    List<JsonNode> older = items("/admin/events?tenant=" + shop.id() + "&category=Order&limit=3&before=" + next);
    assertThat(older.get(0).path("position").asLong()).isLessThan(next);
    assertThat(server.get("/admin/events?category=Order", TestServer.ADMIN_KEY).status()).isEqualTo(422);
  }

  @Test
  void anOrderIdFindsItsStreamsInEveryCategory() {
    List<String> streams = items("/admin/streams?tenant=" + shop.id() + "&id=" + order).stream().map(n -> n.path("category").asText()).toList();
    assertThat(streams).contains("Order", "FraudCheck", "Payment");
    assertThat(server.get("/admin/streams/not-a-stream", TestServer.ADMIN_KEY).status()).isEqualTo(422);
    assertThat(server.get("/admin/streams/" + shop.id() + ":Order-nope", TestServer.ADMIN_KEY).status()).isEqualTo(404);
  }

  @Test
  void servicesListEveryServiceOfThisProcessWithItsFigures() {
    JsonNode instances = server.get("/admin/services", TestServer.ADMIN_KEY).json().path("instances");
    List<String> names = new ArrayList<>();
    instances.forEach(i -> names.add(i.path("service").asText()));
    assertThat(names).containsExactly("analytics", "fraud", "fulfillment", "notification", "order", "payment", "projections");
    JsonNode payment = instances.get(names.indexOf("payment"));
    assertThat(payment.path("state").asText()).isEqualTo("RUNNING");
    assertThat(payment.path("role").asText()).isEqualTo("active");
    assertThat(payment.path("local").asBoolean()).isTrue();
    assertThat(payment.path("stats").path("handled").asLong()).isPositive();
    assertThat(payment.path("stats").path("parked").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(payment.path("stats").path("tenants").has(shop.id())).isTrue();
  }

  @Test
  void theOverviewCountsEachTenantsOrdersAndRevenue() {
    Await.until("the read model has both orders", () -> overviewLine().path("orders").asLong() >= 2);
    JsonNode line = overviewLine();
    assertThat(line.path("currency").asText()).isEqualTo("EUR");
    assertThat(line.path("revenue").decimalValue()).isPositive();
    JsonNode overview = server.get("/admin/overview", TestServer.ADMIN_KEY).json();
    assertThat(overview.path("series").isArray()).isTrue();
    Await.until("the timeline has points", () -> server.get("/admin/overview", TestServer.ADMIN_KEY).json().path("series").size() >= 2);
  }

  private static JsonNode overviewLine() {
    for (JsonNode t : server.get("/admin/overview", TestServer.ADMIN_KEY).json().path("tenants")) {
      if (t.path("tenantId").asText().equals(shop.id())) {
        return t;
      }
    }
    throw new AssertionError("tenant " + shop.id() + " is not in the overview");
  }

  @Test
  void theLiveFlowStreamsNewOrderEventsOfOneTenant() throws Exception {
    Tenant other = server.tenant("EUR");
    server.product(other, "MUG", "8.00", 10);
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.base() + "/admin/events/live?tenant=" + shop.id() + "&category=Order"))
        .header("Authorization", "Bearer " + TestServer.ADMIN_KEY).build();
    HttpResponse<java.io.InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    Thread reader = Thread.ofVirtual().start(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          seen.add(line);
        }
      } catch (java.io.IOException e) {
        // closed by the test
      }
    });
    Await.until("the hello message", () -> seen.stream().anyMatch(l -> l.equals("event: hello")));
    server.order(other, "MUG", 1, "cy@example.com", "tok_approve");
    String mine = server.order(shop, "TEE", 1, "di@example.com", "tok_approve");
    Await.until("the order's Placed in the live flow",
        () -> seen.stream().anyMatch(l -> l.startsWith("data:") && l.contains(shop.id() + ":Order-" + mine) && l.contains("\"type\":\"Placed\"")));
    assertThat(seen).noneMatch(l -> l.contains(other.id()));
    assertThat(seen).noneMatch(l -> l.contains(":Stock-") || l.contains("paymentToken"));
    reader.interrupt();
    response.body().close();
  }

  private static JsonNode links(String eventId) {
    Response r = server.get("/admin/events/" + eventId, TestServer.ADMIN_KEY);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  private static JsonNode find(JsonNode events, String type) {
    for (JsonNode e : events) {
      if (e.path("type").asText().equals(type)) {
        return e;
      }
    }
    throw new AssertionError("no " + type + " in " + events);
  }

  private static List<String> types(JsonNode events) {
    List<String> out = new ArrayList<>();
    events.forEach(e -> out.add(e.path("category").asText() + "." + e.path("type").asText()));
    return out;
  }

  private static void collect(JsonNode node, List<String> out) {
    out.add(node.path("event").path("category").asText() + "." + node.path("event").path("type").asText());
    node.path("effects").forEach(c -> collect(c, out));
  }
}
