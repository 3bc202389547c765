package io.solstice.app.http;

import static io.solstice.app.http.TestServer.checkoutBody;
import static io.solstice.app.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.solstice.app.http.TestServer.Response;
import io.solstice.app.http.TestServer.Tenant;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 11, fix 8: {@code /analytics/sales} with a date past year 9999 answered 500 with an ERROR
 * stack trace, and an order total beyond the analytics {@code DECIMAL(18,4)} columns was parked by
 * the analytics service. Now such dates are a 422 naming the parameter, and checkout refuses totals
 * the analytics columns cannot hold, so every order the API accepts lands in analytics.
 */
class AnalyticsEdgeCasesTest {
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

  @Test
  void aDatePastYear9999IsA422WithoutAnErrorLogged() {
    Logger logger = (Logger) LoggerFactory.getLogger(ApiServer.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try {
      Response far = server.get("/analytics/sales?from=2025-01-01&to=%2B10000-01-02T00:00:00Z", tenant.key());
      assertThat(far.status()).as(far.toString()).isEqualTo(422);
      assertThat(far.errorFields()).containsExactly("to");
      Response huge = server.get("/analytics/sales?from=%2B1000000000-01-01T00:00:00Z", tenant.key());
      assertThat(huge.status()).as(huge.toString()).isEqualTo(422);
      Response ancient = server.get("/analytics/sales?to=0001-01-01", tenant.key());
      assertThat(ancient.status()).as(ancient.toString()).isEqualTo(422);
    } finally {
      logger.detachAppender(logged);
    }
    assertThat(logged.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR));
  }

  @Test
  void aCheckoutAboveTheLargestTotalIsRefusedAndWritesNothing() {
    server.product(tenant, "GOLD", "99999999.99", 2_000_000);
    server.product(tenant, "SILVER", "99999999.99", 2_000_000);
    String cartId = server.cart(tenant, "GOLD", 1_000_000);
    assertThat(server.post("/carts/" + cartId + "/items", tenant.key(), json("sku", "SILVER", "quantity", 1_000_000)).status()).isEqualTo(200);

    Response refused = server.checkout(tenant, cartId, "too-large", checkoutBody("ana@example.com", "tok_approve"));

    assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
    assertThat(refused.code()).isEqualTo("order_too_large");
    assertThat(server.get("/carts/" + cartId, tenant.key()).json().path("status").asText()).isEqualTo("open");
    assertThat(server.available(tenant, "GOLD")).isEqualTo(2_000_000);
  }

  @Test
  void theLargestOrderTheApiAcceptsLandsInAnalytics() {
    Tenant big = server.tenant("EUR");
    server.product(big, "BAR", "99999999.99", 1_000_000);
    server.order(big, "BAR", 1_000_000, "ana@example.com", "tok_approve");
    io.solstice.testkit.Await.equal(() -> server.get("/analytics/sales?from=2000-01-01", big.key()).json().path("placed").asLong(), 1L);
    assertThat(server.get("/analytics/sales?from=2000-01-01", big.key()).status()).isEqualTo(200);
  }
}
