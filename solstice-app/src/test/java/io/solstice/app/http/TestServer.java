package io.solstice.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.app.Platform;
import io.solstice.commerce.CommerceServices;
import io.solstice.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Solstice process for HTTP tests ({@link Platform} on a random port over a fresh SQLite
 * file, with a known admin key) and a small JSON client, as a JUnit 5 extension. Register one per
 * test class; tests make fresh tenants:
 *
 * <pre>{@code
 * @RegisterExtension static final TestServer server = TestServer.allServices();
 * }</pre>
 *
 * It starts before the class's first test in a new temporary data directory ({@link #data()}), and
 * stops after its last test (its {@code @Nested} classes' included), removing the directory. {@link #start(Path)} starts another one at once,
 * for a test that needs a second process (close it yourself).
 */
final class TestServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";
  private static final String PEPPER = Base64.getEncoder().encodeToString("a test pepper of thirty-two bytes!!".getBytes());
  private static final AtomicInteger TENANTS = new AtomicInteger();
  static final ObjectMapper JSON = new ObjectMapper();

  private final Set<String> services;
  private final int rateLimit;
  private final boolean ownsDirectory;
  private final UnaryOperator<Platform.Builder> settings;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private int classes;
  private Platform platform;
  private URI base;
  private Path data;

  private TestServer(Set<String> services, int rateLimit, boolean ownsDirectory) {
    this(services, rateLimit, ownsDirectory, b -> b);
  }

  private TestServer(Set<String> services, int rateLimit, boolean ownsDirectory, UnaryOperator<Platform.Builder> settings) {
    this.services = Set.copyOf(services);
    this.rateLimit = rateLimit;
    this.ownsDirectory = ownsDirectory;
    this.settings = settings;
  }

  /** An extension running every service. */
  static TestServer allServices() {
    return new TestServer(Set.copyOf(CommerceServices.NAMES), 1000, true);
  }

  /** An extension running no service: the HTTP API alone ({@code --services none}). */
  static TestServer apiOnly() {
    return new TestServer(Set.of(), 1000, true);
  }

  /** This extension with another per-tenant rate limit (requests per second; default 1000). */
  TestServer rateLimit(int requestsPerSecond) {
    return new TestServer(services, requestsPerSecond, ownsDirectory, settings);
  }

  /** This extension with other settings of the platform changed by {@code change} (e.g. {@code b -> b.adminRateLimit(1)}). */
  TestServer with(UnaryOperator<Platform.Builder> change) {
    return new TestServer(services, rateLimit, ownsDirectory, b -> change.apply(settings.apply(b)));
  }

  /** Starts a server with every service on {@code data} now; the caller closes it. */
  static TestServer start(Path data) {
    TestServer server = new TestServer(Set.copyOf(CommerceServices.NAMES), 1000, false);
    server.startOn(data);
    return server;
  }

  /** Starts a server with {@code services}, {@code rateLimit} and other settings changed by {@code settings} on {@code data} now; the caller closes it. */
  static TestServer start(Path data, Set<String> services, int rateLimit, UnaryOperator<Platform.Builder> settings) {
    TestServer server = new TestServer(services, rateLimit, false, settings);
    server.startOn(data);
    return server;
  }

  /**
   * Starts a server with every service on {@code data} now, with the test settings changed by
   * {@code customize} (e.g. {@code b -> b.managementPort(0)}); the caller closes it.
   */
  static TestServer start(Path data, UnaryOperator<Platform.Builder> customize) {
    TestServer server = new TestServer(Set.copyOf(CommerceServices.NAMES), 1000, false, customize);
    server.startOn(data);
    return server;
  }

  /** Starts the server for the outermost class only: {@code @Nested} classes share it. */
  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    if (classes++ == 0) {
      startOn(Files.createTempDirectory("solstice-http-test-"));
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (--classes > 0) {
      return;
    }
    close();
    if (ownsDirectory && data != null) {
      try (Stream<Path> paths = Files.walk(data)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private void startOn(Path directory) {
    Platform.Config config = settings.apply(Platform.Config.builder(directory).host("127.0.0.1").port(0).services(services)
        .rateLimit(rateLimit).adminKey(ADMIN_KEY).keyPepper(PEPPER)
        .stopTimeout(Duration.ofSeconds(2)).pollWait(Duration.ofMillis(50))).build();
    data = directory;
    platform = Platform.start(config);
    base = URI.create("http://127.0.0.1:" + platform.port());
  }

  /** The API's base URL. */
  URI base() {
    return base;
  }

  /** The running platform. */
  Platform platform() {
    return platform;
  }

  /** The data directory (store, secrets, {@code mail/}, {@code server.json}). */
  Path data() {
    return data;
  }

  @Override
  public void close() {
    if (platform != null) {
      platform.close();
    }
  }

  /** An HTTP answer. */
  record Response(int status, Map<String, List<String>> headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
      }
    }

    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().getFirst()).findFirst()
          .orElse(null);
    }

    /** The field names of a 422's errors. */
    List<String> errorFields() {
      return json().path("errors").findValuesAsText("field");
    }

    String code() {
      return json().path("code").asText();
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  /** A provisioned tenant and its key. */
  record Tenant(String id, String key) {}

  Tenant tenant(String currency) {
    return tenant(currency, "pooled");
  }

  /** A tenant provisioned in the store named {@code placement} ({@code pooled} or a configured dedicated store). */
  Tenant tenant(String currency, String placement) {
    String id = "t" + TENANTS.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100000, 36);
    Response r = send("POST", "/admin/tenants", ADMIN_KEY,
        json("id", id, "name", "Tenant " + id, "currency", currency, "placement", placement), Map.of());
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return new Tenant(id, r.json().path("apiKey").asText());
  }

  Response get(String path, String key) {
    return send("GET", path, key, null, Map.of());
  }

  Response post(String path, String key, String body) {
    return send("POST", path, key, body, Map.of());
  }

  Response put(String path, String key, String body) {
    return send("PUT", path, key, body, Map.of());
  }

  Response delete(String path, String key) {
    return send("DELETE", path, key, null, Map.of());
  }

  Response send(String method, String path, String key, String body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (body != null && !headers.containsKey("Content-Type")) {
      b.header("Content-Type", "application/json");
    }
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A JSON object from alternating names and values (values may be maps, lists, numbers, strings). */
  static String json(Object... namesAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    try {
      return JSON.writeValueAsString(m);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> obj(Object... namesAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return m;
  }

  // ---- shop helpers ----

  void product(Tenant t, String sku, String price, long stock) {
    Response p = put("/products/" + sku, t.key(), json("name", "Product " + sku, "price", new java.math.BigDecimal(price), "description", "d"));
    assertThat(p.status()).as(p.toString()).isIn(200, 201);
    if (stock != 0) {
      Response a = post("/inventory/" + sku + "/adjustments", t.key(), json("quantity", stock));
      assertThat(a.status()).as(a.toString()).isEqualTo(201);
    }
  }

  String cart(Tenant t, String sku, int quantity) {
    Response c = post("/carts", t.key(), null);
    assertThat(c.status()).as(c.toString()).isEqualTo(201);
    String cartId = c.json().path("cartId").asText();
    Response i = post("/carts/" + cartId + "/items", t.key(), json("sku", sku, "quantity", quantity));
    assertThat(i.status()).as(i.toString()).isEqualTo(200);
    return cartId;
  }

  static String checkoutBody(String email, String token) {
    return json("customer", obj("email", email, "name", "Ana"),
        "shippingAddress", obj("line1", "1 Main St", "city", "Berlin", "postalCode", "10115", "country", "DE"),
        "paymentToken", token);
  }

  Response checkout(Tenant t, String cartId, String key, String body) {
    return send("POST", "/carts/" + cartId + "/checkout", t.key(), body, key == null ? Map.of() : Map.of("Idempotency-Key", key));
  }

  /** Checks a cart of {@code quantity} × {@code sku} out; returns the order id. */
  String order(Tenant t, String sku, int quantity, String email, String token) {
    String cartId = cart(t, sku, quantity);
    Response r = checkout(t, cartId, "k-" + cartId, checkoutBody(email, token));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("orderId").asText();
  }

  String status(Tenant t, String orderId) {
    return get("/orders/" + orderId, t.key()).json().path("status").asText();
  }

  long available(Tenant t, String sku) {
    return get("/inventory/" + sku, t.key()).json().path("available").asLong();
  }

  void awaitStatus(Tenant t, String orderId, String status) {
    Await.equal(() -> status(t, orderId), status);
  }
}
