package io.solstice.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.app.Platform;
import io.solstice.app.http.TestServer.Response;
import io.solstice.app.http.TestServer.Tenant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, fix 7: admin routes and failed authentications were not rate limited, and any admin
 * key was accepted. Now the admin routes share a rate limit, a client address that keeps sending
 * wrong keys is answered 429 (its keys no longer even looked at), and {@code SOLSTICE_ADMIN_KEY}
 * shorter than 24 characters is refused at start with a clear message.
 */
class UnthrottledPathsAreLimitedTest {
  @TempDir Path data;

  @Test
  void adminRoutesAreRateLimited() {
    try (TestServer server = TestServer.start(data, Set.of(), 1000, b -> b.adminRateLimit(1))) {
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        statuses.add(server.get("/admin/tenants", TestServer.ADMIN_KEY).status());
      }
      assertThat(statuses).contains(200, 429);
      Response limited = server.get("/admin/tenants", TestServer.ADMIN_KEY);
      assertThat(limited.code()).isEqualTo("rate_limited");
      assertThat(limited.header("Retry-After")).isNotBlank();
    }
  }

  @Test
  void anAddressSendingWrongKeysIsAnswered429EvenWithAGoodKey() {
    try (TestServer server = TestServer.start(data, Set.of(), 1000, b -> b.failedAuthLimit(1))) {
      Tenant t = server.tenant("EUR");
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        statuses.add(server.get("/products", "sk_" + t.id() + "_" + "x".repeat(43)).status());
      }
      assertThat(statuses.subList(0, 10)).containsOnly(401);
      assertThat(statuses.subList(10, 12)).containsOnly(429);
      Response refused = server.get("/products", t.key());
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.code()).isEqualTo("too_many_failed_authentications");
      assertThat(server.get("/admin/tenants", TestServer.ADMIN_KEY).code()).isEqualTo("too_many_failed_authentications");
    }
  }

  @Test
  void anAdminKeyShorterThan24CharactersIsRefusedWithAClearMessage() {
    assertThatThrownBy(() -> Platform.Config.builder(data).adminKey("admin-secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SOLSTICE_ADMIN_KEY is 12 characters long")
        .hasMessageContaining("at least 24");
    assertThat(Platform.Config.builder(data).adminKey("a".repeat(24)).build().adminKey()).hasSize(24);
  }
}
