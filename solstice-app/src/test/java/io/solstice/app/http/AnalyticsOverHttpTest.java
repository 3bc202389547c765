package io.solstice.app.http;

import static io.solstice.app.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.solstice.app.cli.SolsticeCli;
import io.solstice.app.http.TestServer.Response;
import io.solstice.app.http.TestServer.Tenant;
import io.solstice.testkit.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The analytics routes on a server that runs every service, and the CLI finding that server. */
class AnalyticsOverHttpTest {
  @RegisterExtension static final TestServer server = TestServer.allServices();

  private static String window() {
    Instant now = Instant.now();
    return "?from=" + now.minus(1, ChronoUnit.HOURS) + "&to=" + now.plus(1, ChronoUnit.HOURS);
  }

  @Test
  void salesCountEachTenantsConfirmedOrdersOnly() {
    Tenant a = server.tenant("EUR");
    Tenant b = server.tenant("EUR");
    server.product(a, "TEE", "20.00", 10);
    server.product(b, "TEE", "20.00", 10);
    String sold = server.order(a, "TEE", 2, "ana@example.com", "tok_approve");
    String declined = server.order(a, "TEE", 1, "ana@example.com", "tok_decline");
    server.awaitStatus(a, sold, "released");
    server.awaitStatus(a, declined, "payment_declined");
    Await.equal(() -> {
      JsonNode s = server.get("/analytics/sales" + window(), a.key()).json();
      return s.path("placed").asLong() + "/" + s.path("orders").asLong();
    }, "2/1");
    JsonNode sales = server.get("/analytics/sales" + window(), a.key()).json();
    assertThat(sales.path("revenue").decimalValue()).isEqualByComparingTo("40.00");
    assertThat(server.get("/analytics/sales" + window(), b.key()).json().path("placed").asLong()).isZero();
  }

  @Test
  void aBadWindowNamesTheField() {
    Tenant a = server.tenant("EUR");
    Response r = server.get("/analytics/sales?from=yesterday", a.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(422);
    assertThat(r.errorFields()).contains("from");
  }

  @Test
  void theAdminRunsReadOnlySqlAndWritesAreRefused() {
    Response ok = server.post("/admin/analytics/query", TestServer.ADMIN_KEY, json("sql", "SELECT 40 + 2 AS answer"));
    assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    assertThat(ok.json().path("rows").get(0).get(0).asInt()).isEqualTo(42);
    Response write = server.post("/admin/analytics/query", TestServer.ADMIN_KEY, json("sql", "DELETE FROM orders"));
    assertThat(write.status()).as(write.toString()).isEqualTo(422);
    assertThat(write.errorFields()).contains("sql");
  }

  @Test
  void aTenantKeyCannotQueryAnalyticsAsAdmin() {
    Tenant a = server.tenant("EUR");
    assertThat(server.post("/admin/analytics/query", a.key(), json("sql", "SELECT 1")).status()).isEqualTo(401);
  }

  @Test
  void theQueryCommandFindsTheRunningServerThroughItsServerFile() {
    assertThat(server.data().resolve("server.json")).exists();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SolsticeCli.run(new String[] {"analytics", "query", "--data", server.data().toString(), "--format", "json", "SELECT 7 * 6 AS answer"},
        Map.of("SOLSTICE_ADMIN_KEY", TestServer.ADMIN_KEY), new PrintWriter(out), new PrintWriter(err));
    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("42");
  }

  @Test
  void theServerFileIsRemovedWhenTheServerStops(@TempDir Path other) throws Exception {
    TestServer second = TestServer.start(other);
    assertThat(Files.exists(other.resolve("server.json"))).isTrue();
    second.close();
    assertThat(Files.exists(other.resolve("server.json"))).isFalse();
  }
}
