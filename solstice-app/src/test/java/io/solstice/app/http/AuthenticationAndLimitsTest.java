package io.solstice.app.http;

import static io.solstice.app.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.app.http.TestServer.Response;
import io.solstice.app.http.TestServer.Tenant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keys (admin, tenant, rotated, suspended), the admin routes, body limits and the rate limit. */
class AuthenticationAndLimitsTest {
  // API only, and a low rate limit so the 429 is reachable in a test.
  @RegisterExtension static final TestServer server = TestServer.apiOnly().rateLimit(20);

  @Test
  void aTenantRouteWithoutAKeyIs401WithWwwAuthenticate() {
    Response r = server.get("/products", null);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void aWrongOrMalformedKeyIs401Too() {
    Tenant t = server.tenant("EUR");
    assertThat(server.get("/products", t.key() + "x").status()).isEqualTo(401);
    assertThat(server.get("/products", "sk_nobody_abc").status()).isEqualTo(401);
    assertThat(server.send("GET", "/products", null, null, Map.of("Authorization", "Basic abc")).status()).isEqualTo(401);
    assertThat(server.get("/products", t.key()).status()).isEqualTo(200);
  }

  @Test
  void adminRoutesRefuseTenantKeysAndTenantRoutesRefuseTheAdminKey() {
    Tenant t = server.tenant("EUR");
    assertThat(server.get("/admin/tenants", t.key()).status()).isEqualTo(401);
    assertThat(server.get("/admin/tenants", null).status()).isEqualTo(401);
    assertThat(server.get("/products", TestServer.ADMIN_KEY).status()).isEqualTo(401);
    assertThat(server.get("/admin/tenants", TestServer.ADMIN_KEY).status()).isEqualTo(200);
  }

  @Test
  void provisioningTheSameIdTwiceIs409AndInvalidFieldsAre422() {
    Tenant t = server.tenant("EUR");
    Response again = server.post("/admin/tenants", TestServer.ADMIN_KEY, json("id", t.id(), "name", "Again", "currency", "EUR"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.code()).isEqualTo("tenant_exists");
    Response bad = server.post("/admin/tenants", TestServer.ADMIN_KEY, json("id", "Bad Id!", "name", "", "currency", "ZZZ"));
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.errorFields()).containsExactlyInAnyOrder("id", "name", "currency");
    Response reserved = server.post("/admin/tenants", TestServer.ADMIN_KEY, json("id", "platform", "name", "P", "currency", "EUR"));
    assertThat(reserved.status()).isEqualTo(422);
    Response missing = server.post("/admin/tenants", TestServer.ADMIN_KEY, json("name", "No id"));
    assertThat(missing.errorFields()).containsExactlyInAnyOrder("id", "currency");
    // nothing of the refused requests was written
    assertThat(server.get("/admin/tenants", TestServer.ADMIN_KEY).json().path("items").findValuesAsText("tenantId"))
        .doesNotContain("Bad Id!", "platform");
  }

  @Test
  void rotatingAKeyStopsTheOldOneAtOnce() {
    Tenant t = server.tenant("EUR");
    Response rotated = server.post("/admin/tenants/" + t.id() + "/keys", TestServer.ADMIN_KEY, null);
    assertThat(rotated.status()).isEqualTo(201);
    String newKey = rotated.json().path("apiKey").asText();
    assertThat(server.get("/products", t.key()).status()).isEqualTo(401);
    assertThat(server.get("/products", newKey).status()).isEqualTo(200);
    assertThat(server.post("/admin/tenants/nobody/keys", TestServer.ADMIN_KEY, null).status()).isEqualTo(404);
  }

  @Test
  void aSuspendedTenantsKeyIs401UntilReinstated() {
    Tenant t = server.tenant("EUR");
    Response s = server.post("/admin/tenants/" + t.id() + "/suspend", TestServer.ADMIN_KEY, json("reason", "unpaid"));
    assertThat(s.status()).isEqualTo(200);
    assertThat(s.json().path("suspended").asBoolean()).isTrue();
    assertThat(server.get("/products", t.key()).status()).isEqualTo(401);
    assertThat(server.post("/admin/tenants/" + t.id() + "/reinstate", TestServer.ADMIN_KEY, null).status()).isEqualTo(200);
    assertThat(server.get("/products", t.key()).status()).isEqualTo(200);
  }

  @Test
  void thePolicyChangesOnlyTheFieldsSentAndRejectsBadOnesNamingThem() {
    Tenant t = server.tenant("EUR");
    Response ok = server.put("/admin/tenants/" + t.id() + "/policy", TestServer.ADMIN_KEY, json("taxRate", 0.19, "captureOn", "confirm"));
    assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    assertThat(ok.json().path("policy").path("taxRate").decimalValue()).isEqualByComparingTo("0.19");
    assertThat(ok.json().path("policy").path("captureOn").asText()).isEqualTo("confirm");
    assertThat(ok.json().path("policy").path("paymentAttempts").asInt()).isEqualTo(3);
    Response bad = server.put("/admin/tenants/" + t.id() + "/policy", TestServer.ADMIN_KEY,
        json("taxRate", 2, "captureOn", "never", "paymentAttempts", 0, "mailSender", "nope"));
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.errorFields()).contains("captureOn", "paymentAttempts");
    Response bad2 = server.put("/admin/tenants/" + t.id() + "/policy", TestServer.ADMIN_KEY, json("taxRate", 2, "mailSender", "nope"));
    assertThat(bad2.errorFields()).containsExactlyInAnyOrder("taxRate", "mailSender");
    assertThat(server.get("/admin/tenants/" + t.id(), TestServer.ADMIN_KEY).json().path("policy").path("taxRate").decimalValue())
        .isEqualByComparingTo("0.19");
    assertThat(server.put("/admin/tenants/nobody/policy", TestServer.ADMIN_KEY, json("taxRate", 0.1)).status()).isEqualTo(404);
  }

  @Test
  void malformedJsonIs400AndNonJsonBodiesAre415() {
    Tenant t = server.tenant("EUR");
    Response malformed = server.put("/products/A", t.key(), "{\"name\": ");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.code()).isEqualTo("malformed_json");
    assertThat(server.put("/products/A", t.key(), "{\"name\":\"a\",\"name\":\"b\",\"price\":1}").status()).isEqualTo(400);
    assertThat(server.put("/products/A", t.key(), "{\"name\":\"a\",\"price\":1} trailing").status()).isEqualTo(400);
    assertThat(server.put("/products/A", t.key(), "[1,2]").code()).isEqualTo("body_not_object");
    assertThat(server.put("/products/A", t.key(), "").code()).isEqualTo("body_required");
    Response form = server.send("PUT", "/products/A", t.key(), "name=a", Map.of("Content-Type", "application/x-www-form-urlencoded"));
    assertThat(form.status()).isEqualTo(415);
    assertThat(server.get("/products/A", t.key()).status()).isEqualTo(404);
  }

  @Test
  void aBodyOverOneMebibyteIs413AndWritesNothing() {
    Tenant t = server.tenant("EUR");
    String huge = json("name", "x".repeat(1 << 20), "price", 1);
    Response r = server.put("/products/BIG", t.key(), huge);
    assertThat(r.status()).isEqualTo(413);
    assertThat(server.get("/products/BIG", t.key()).status()).isEqualTo(404);
  }

  @Test
  void aTenantOverItsRateLimitGets429WithRetryAfterWhileOthersAreServed() {
    Tenant busy = server.tenant("EUR");
    Tenant calm = server.tenant("EUR");
    Response last = null;
    for (int i = 0; i < 200 && (last == null || last.status() != 429); i++) {
      last = server.get("/inventory/none", busy.key());
    }
    assertThat(last.status()).isEqualTo(429);
    assertThat(Integer.parseInt(last.header("Retry-After"))).isPositive();
    assertThat(last.code()).isEqualTo("rate_limited");
    assertThat(server.get("/inventory/none", calm.key()).status()).isEqualTo(404);
  }
}
