package io.solstice.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.solstice.app.TestTools;
import io.solstice.app.http.TestServer.Response;
import io.solstice.app.http.TestServer.Tenant;
import io.solstice.testkit.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} and {@code /health/*} on a management port: served there without a key, gone
 * from the API port; the exposition parsed by the Prometheus client's own text parser and checked
 * by {@code promtool check metrics}; and the Grafana dashboard in {@code deploy/} names only metrics
 * that are exported.
 */
class MetricsAndProbesTest {
  static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "solstice-dashboard.json");
  static final String PARSER = String.join("\n",
      "import sys, json, math",
      "from prometheus_client.parser import text_string_to_metric_families",
      "def v(x):",
      "    return x if math.isfinite(x) else str(x)",
      "out = [{'name': f.name, 'type': f.type, 'help': f.documentation,",
      "        'samples': [{'name': s.name, 'labels': s.labels, 'value': v(s.value)} for s in f.samples]}",
      "       for f in text_string_to_metric_families(sys.stdin.read())]",
      "print(json.dumps(out))");

  @TempDir static Path data;
  static TestServer server;
  static Tenant shop;
  static URI management;
  static final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = TestServer.start(data, b -> b.managementPort(0));
    management = URI.create("http://127.0.0.1:" + server.platform().managementPort().orElseThrow());
    shop = server.tenant("EUR");
    server.product(shop, "TEE", "20.00", 10);
    String order = server.order(shop, "TEE", 1, "ana@example.com", "tok_approve");
    server.awaitStatus(shop, order, "released");
    Await.until("the confirmation mail is timed", () -> scrape().contains("solstice_checkout_to_mail_seconds_count{tenant=\"" + shop.id() + "\"}"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String scrape() {
    return get(management.resolve("/metrics")).body();
  }

  static HttpResponse<String> get(URI uri) {
    try {
      return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("GET " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void theManagementPortServesTheProbesWithoutAKeyAndTheApiPortNoLonger() {
    assertThat(get(management.resolve("/health/live")).statusCode()).isEqualTo(200);
    Await.equal(() -> get(management.resolve("/health/ready")).statusCode(), 200);
    HttpResponse<String> metrics = get(management.resolve("/metrics"));
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    for (String path : List.of("/metrics", "/health/live", "/health/ready")) {
      Response onApi = server.get(path, null);
      assertThat(onApi.status()).as(path + " on the API port").isEqualTo(404);
    }
    JsonNode paths = server.get("/openapi.json", null).json().path("paths");
    assertThat(paths.has("/metrics")).isFalse();
    assertThat(paths.has("/console")).isTrue();
    assertThat(get(management.resolve("/admin/tenants")).statusCode()).as("the management port serves nothing else").isEqualTo(404);
  }

  @Test
  void readinessSaysTheStoreIsUpAndMigrated() throws Exception {
    JsonNode ready = JsonMapper.builder().build().readTree(get(management.resolve("/health/ready")).body());
    assertThat(ready.path("status").asText()).isEqualTo("up");
    assertThat(ready.path("details").path("store").asText()).isEqualTo("up");
    assertThat(ready.path("details").path("migrations").asText()).isEqualTo("done");
    assertThat(ready.path("details").path("services").path("payment").asText()).isEqualTo("RUNNING");
  }

  @Test
  void thePrometheusClientsParserReadsTheExposition() throws Exception {
    Map<String, JsonNode> families = parse(scrape());
    assertThat(families.get("solstice_service_handled").path("type").asText()).isEqualTo("counter");
    assertThat(families.get("solstice_service_lag_events").path("type").asText()).isEqualTo("gauge");
    assertThat(families.get("solstice_service_lag_events").path("help").asText()).isNotBlank();
    assertThat(families.get("solstice_http_requests_seconds").path("type").asText()).isEqualTo("histogram");
    assertThat(families.get("solstice_checkout_to_mail_seconds").path("type").asText()).isEqualTo("histogram");
    assertThat(families.get("solstice_service_latency_seconds").path("type").asText()).isEqualTo("histogram");
    assertThat(families).containsKeys("jvm_memory_used_bytes", "process_cpu_usage", "process_uptime_seconds");

    JsonNode handled = families.get("solstice_service_handled").path("samples");
    boolean paymentOfShop = false;
    for (JsonNode s : handled) {
      assertThat(s.path("name").asText()).isEqualTo("solstice_service_handled_total");
      assertThat(s.path("labels").has("service")).isTrue();
      assertThat(s.path("labels").has("tenant")).isTrue();
      paymentOfShop |= s.path("labels").path("service").asText().equals("payment") && s.path("labels").path("tenant").asText().equals(shop.id())
          && s.path("value").asDouble() >= 1;
    }
    assertThat(paymentOfShop).as("payment handled the shop's order").isTrue();
    boolean checkout = false;
    for (JsonNode s : families.get("solstice_http_requests_seconds").path("samples")) {
      checkout |= s.path("name").asText().equals("solstice_http_requests_seconds_count")
          && s.path("labels").path("route").asText().equals("/carts/{id}/checkout") && s.path("labels").path("status").asText().equals("201");
    }
    assertThat(checkout).as("the checkout is counted by route and status").isTrue();
  }

  @Test
  void promtoolFindsNoProblem() {
    Path promtool = TestTools.require("promtool", "prometheus");
    TestTools.Result r = TestTools.run(List.of(promtool.toString(), "check", "metrics"), scrape(), Duration.ofSeconds(60));
    assertThat(r.exitCode()).as("promtool check metrics: " + r.out() + r.err()).isZero();
  }

  @Test
  void everyMetricTheDashboardQueriesIsExported() throws Exception {
    Set<String> exported = new HashSet<>();
    for (JsonNode f : parse(scrape()).values()) {
      f.path("samples").forEach(s -> exported.add(s.path("name").asText()));
    }
    JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
    Set<String> queried = new TreeSet<>();
    List<String> expressions = dashboard.findValuesAsText("expr");
    assertThat(expressions).as("the dashboard has queries").hasSizeGreaterThan(10);
    expressions.forEach(e -> queried.addAll(metricNames(e)));
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      Matcher m = Pattern.compile("label_values\\((\\w+)").matcher(variable.path("definition").asText());
      if (m.find()) {
        queried.add(m.group(1));
      }
    }
    assertThat(queried).contains("solstice_checkout_to_mail_seconds_bucket", "solstice_service_handled_total", "solstice_service_lag_seconds");
    assertThat(exported).as("metrics the dashboard names but /metrics does not export").containsAll(queried);
  }

  @Test
  void metricNamesAreReadFromPromQl() {
    assertThat(metricNames("histogram_quantile(0.99, sum by (le, route) (rate(solstice_http_requests_seconds_bucket{tenant=~\"$tenant\",route=\"/a/{id}\"}[5m])))"))
        .containsExactly("solstice_http_requests_seconds_bucket");
    assertThat(metricNames("sum by (instance) (jvm_memory_used_bytes{area=\"heap\"}) / process_cpu_usage")).containsExactly("jvm_memory_used_bytes",
        "process_cpu_usage");
  }

  /** The metric names in a PromQL expression: identifiers outside label matchers, ranges and groupings that are not functions or keywords. */
  static Set<String> metricNames(String expr) {
    String s = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
        .replaceAll("\\{[^}]*\\}", " ")
        .replaceAll("\\[[^\\]]*\\]", " ")
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> keywords = Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan");
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("([A-Za-z_:][A-Za-z0-9_:]*)(\\s*\\()?").matcher(s);
    while (m.find()) {
      if (m.group(2) == null && !keywords.contains(m.group(1).toLowerCase(java.util.Locale.ROOT))) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** The exposition read by the Prometheus client's parser (Python's prometheus_client), by family name. */
  static Map<String, JsonNode> parse(String exposition) throws Exception {
    Path python = TestTools.pythonWithPrometheusParser();
    TestTools.Result r = TestTools.run(List.of(python.toString(), "-c", PARSER), exposition, Duration.ofSeconds(60));
    assertThat(r.exitCode()).as("the Prometheus text parser refused the exposition: " + r.err()).isZero();
    JsonNode families = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build().readTree(r.out());
    Map<String, JsonNode> byName = new HashMap<>();
    families.forEach(f -> byName.put(f.path("name").asText(), f));
    return byName;
  }
}
