package io.solstice.app.http;

import static io.solstice.app.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.app.http.TestServer.Response;
import io.solstice.app.http.TestServer.Tenant;
import io.solstice.testkit.Await;
import io.solstice.store.sql.SqlStoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenant placement ({@code POST /admin/tenants} with {@code "placement"}): a tenant placed in a
 * named store keeps every event in that store's database, its whole order flow works there, and
 * the pooled tenants never see the dedicated database.
 */
class TenantPlacementOverHttpTest {
  @TempDir Path data;

  private UnaryOperator<io.solstice.app.Platform.Builder> withVipStore() {
    return b -> b.dedicatedStore("vip", SqlStoreConfig.sqlite(vipFile()));
  }

  private Path vipFile() {
    return data.resolve("stores").resolve("vip.db");
  }

  @Test
  void aDedicatedTenantsEventsLandOnlyInItsOwnDatabaseAndItsOrdersFlow() throws SQLException {
    try (TestServer server = TestServer.start(data, withVipStore())) {
      Tenant pooled = server.tenant("EUR");
      Tenant vip = server.tenant("EUR", "vip");
      for (Tenant t : List.of(pooled, vip)) {
        server.product(t, "TEE", "20.00", 10);
      }
      String pooledOrder = server.order(pooled, "TEE", 2, "ana@example.com", "tok_approve");
      String vipOrder = server.order(vip, "TEE", 3, "bo@example.com", "tok_approve");

      server.awaitStatus(vip, vipOrder, "released");
      server.awaitStatus(pooled, pooledOrder, "released");
      assertThat(server.available(vip, "TEE")).isEqualTo(7);
      assertThat(server.available(pooled, "TEE")).isEqualTo(8);
      Await.until("order " + vipOrder + " in the vip tenant's order list",
          () -> server.get("/orders?customer=bo@example.com", vip.key()).json().findValuesAsText("orderId").equals(List.of(vipOrder)));
      assertThat(server.get("/orders/" + vipOrder, pooled.key()).status()).isEqualTo(404);

      assertThat(tenantsWithEvents(vipFile())).containsExactly(vip.id());
      assertThat(eventsOf(data.resolve("solstice.db"), vip.id())).isZero();
      assertThat(eventsOf(data.resolve("solstice.db"), pooled.id())).isPositive();
      assertThat(categoriesOf(vipFile(), vip.id())).contains("Order", "Cart", "Stock", "Product", "Payment");
    }
  }

  @Test
  void aDedicatedTenantIsStillServedFromItsStoreAfterARestart() {
    Tenant vip;
    String order;
    try (TestServer server = TestServer.start(data, withVipStore())) {
      vip = server.tenant("EUR", "vip");
      server.product(vip, "TEE", "20.00", 5);
      order = server.order(vip, "TEE", 1, "ana@example.com", "tok_approve");
      server.awaitStatus(vip, order, "released");
    }
    try (TestServer server = TestServer.start(data, withVipStore())) {
      assertThat(server.status(vip, order)).isEqualTo("released");
      assertThat(server.available(vip, "TEE")).isEqualTo(4);
    }
  }

  @Test
  void anUnknownPlacementIsRefusedAndProvisionsNothing() {
    try (TestServer server = TestServer.start(data, withVipStore())) {
      Response r = server.post("/admin/tenants", TestServer.ADMIN_KEY,
          json("id", "acme", "name", "Acme", "currency", "EUR", "placement", "gold"));
      assertThat(r.status()).as(r.toString()).isEqualTo(422);
      assertThat(r.body()).contains("placement", "gold", "vip");
      assertThat(server.get("/admin/tenants/acme", TestServer.ADMIN_KEY).status()).isEqualTo(404);
    }
  }

  private static long eventsOf(Path file, String tenant) throws SQLException {
    try (Connection c = readOnly(file); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM events WHERE tenant = ?")) {
      ps.setString(1, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static List<String> tenantsWithEvents(Path file) throws SQLException {
    return strings(file, "SELECT DISTINCT tenant FROM events", null);
  }

  private static List<String> categoriesOf(Path file, String tenant) throws SQLException {
    return strings(file, "SELECT DISTINCT category FROM events WHERE tenant = ?", tenant);
  }

  private static List<String> strings(Path file, String sql, String parameter) throws SQLException {
    assertThat(Files.isRegularFile(file)).as("store file %s", file).isTrue();
    try (Connection c = readOnly(file); PreparedStatement ps = c.prepareStatement(sql)) {
      if (parameter != null) {
        ps.setString(1, parameter);
      }
      List<String> values = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          values.add(rs.getString(1));
        }
      }
      return values;
    }
  }

  private static Connection readOnly(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + "?mode=ro");
  }
}
