package io.solstice.app.http;

import static io.solstice.app.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.app.http.TestServer.Response;
import io.solstice.app.http.TestServer.Tenant;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, fix 1: a JSON number with a huge exponent ({@code 1e10000000}, ten characters) used to
 * stall a request for seconds, and {@code /health/live} with it, while {@code Money} scaled it to
 * cents. Such numbers are now refused by the JSON parser itself (problem type {@code
 * number_out_of_range}), before any handler or arithmetic runs, and nothing is written.
 */
class HugeNumbersAreRefusedWhileParsingTest {
  private static final String NUMBER_OUT_OF_RANGE = Problems.TYPE_BASE + "number_out_of_range";

  @TempDir static Path data;
  static TestServer server;
  static Tenant tenant;

  @BeforeAll
  static void start() {
    server = TestServer.start(data);
    tenant = server.tenant("EUR");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Response putPrice(String sku, String price) {
    return server.put("/products/" + sku, tenant.key(), "{\"name\":\"x\",\"price\":" + price + "}");
  }

  @Test
  void aHugePositiveExponentIsRefusedByTheParserAsNumberOutOfRange() {
    Response r = putPrice("HUGE", "1e10000000");
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.json().path("type").asText()).isEqualTo(NUMBER_OUT_OF_RANGE);
    assertThat(r.json().path("detail").asText()).contains("exponent");
    assertThat(server.get("/products/HUGE", tenant.key()).status()).isEqualTo(404);
  }

  @Test
  void aHugeNegativeExponentIsRefusedByTheParserAsNumberOutOfRange() {
    Response r = putPrice("TINY", "1e-10000000");
    assertThat(r.json().path("type").asText()).as(r.toString()).isEqualTo(NUMBER_OUT_OF_RANGE);
    assertThat(server.get("/products/TINY", tenant.key()).status()).isEqualTo(404);
  }

  @Test
  void aNumberWithTooManyDigitsIsRefusedByTheParserAsNumberOutOfRange() {
    Response r = putPrice("LONG", "1" + "0".repeat(5000) + ".5");
    assertThat(r.json().path("type").asText()).as(r.toString()).isEqualTo(NUMBER_OUT_OF_RANGE);
    assertThat(r.json().path("detail").asText()).contains("Number value length");
  }

  @Test
  void theNumericStringFormIsRefusedAsAnInvalidPrice() {
    Response r = server.put("/products/STR", tenant.key(), json("name", "x", "price", "1e10000000"));
    assertThat(r.status()).as(r.toString()).isEqualTo(422);
    assertThat(r.errorFields()).containsExactly("price");
  }

  @Test
  void ordinaryExponentsStillWork() {
    Response r = putPrice("SCI", "1.999e1");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().path("price").decimalValue()).isEqualByComparingTo("19.99");
  }

  @Test
  void healthLiveAnswersWhileHugeNumbersArrive() throws Exception {
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletableFuture<Response> a = CompletableFuture.supplyAsync(() -> putPrice("H1", "1e10000000"), pool);
      CompletableFuture<Response> b = CompletableFuture.supplyAsync(() -> putPrice("H2", "-9e-9999999"), pool);
      assertThat(server.get("/health/live", null).status()).isEqualTo(200);
      assertThat(a.get().json().path("type").asText()).isEqualTo(NUMBER_OUT_OF_RANGE);
      assertThat(b.get().json().path("type").asText()).isEqualTo(NUMBER_OUT_OF_RANGE);
    }
  }
}
