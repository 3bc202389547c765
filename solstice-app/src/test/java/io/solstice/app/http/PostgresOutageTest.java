package io.solstice.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.store.sql.SqlStoreConfig;
import io.solstice.testkit.Await;
import io.solstice.testkit.FaultProxy;
import io.solstice.testkit.RequiresPostgres;
import io.solstice.testkit.TestPostgres;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault harness for the database: the platform runs on PostgreSQL through a {@link FaultProxy}
 * which the test cuts — every connection closed, new ones refused, as a restart of PostgreSQL does —
 * and restores. Meanwhile requests fail fast with 503 {@code store_unavailable} (nothing is
 * half-written); afterwards the platform recovers by itself: new checkouts answer 201, and every
 * order, those in flight during the outage included, reaches {@code released} with one
 * confirmation mail and nothing parked. The proxy leaves the shared PostgreSQL server alone.
 */
@RequiresPostgres
class PostgresOutageTest {

  @Test
  void requestsFailFastWith503WhileTheDatabaseIsAwayAndThePlatformRecoversByItself(@TempDir Path data) throws Exception {
    URI pg = URI.create(TestPostgres.url().substring("jdbc:".length()));
    String schema = "t_pg_outage_" + ProcessHandle.current().pid();
    try (FaultProxy proxy = FaultProxy.to(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort())) {
      String proxied = TestPostgres.url().replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
      try (TestServer server = TestServer.start(data, b -> b.store(SqlStoreConfig.postgres(proxied).withSchema(schema)))) {
        TestServer.Tenant t = server.tenant("EUR");
        server.product(t, FaultHarnessTest.SKU, "15.00", 1_000);
        List<String> orders = new ArrayList<>(FaultHarnessTest.place(server, t, "before", 3));
        String cartId = server.cart(t, FaultHarnessTest.SKU, 1);

        for (int outage = 1; outage <= 2; outage++) {
          orders.addAll(FaultHarnessTest.place(server, t, "in-flight-" + outage, 2)); // their reactions run into the outage
          proxy.down();
          Await.until("a read answers 503 while the database is away", () -> server.get("/orders/" + orders.getFirst(), t.key()).status() == 503);
          TestServer.Response refused = server.checkout(t, cartId, "k-outage-" + outage, TestServer.checkoutBody("o@example.com", "tok_approve"));
          assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
          assertThat(refused.code()).isEqualTo("store_unavailable");
          assertThat(refused.header("Retry-After")).isNotNull();
          proxy.up();
          Await.until("the API answers again", () -> server.get("/orders/" + orders.getFirst(), t.key()).status() == 200,
              FaultHarnessTest.CATCH_UP);
        }
        TestServer.Response after = server.checkout(t, cartId, "k-after", TestServer.checkoutBody("after@example.com", "tok_approve"));
        assertThat(after.status()).as(after.toString()).isEqualTo(201);
        orders.add(after.json().path("orderId").asText());

        FaultHarnessTest.awaitReleased(server, t, orders);
        FaultHarnessTest.assertOneConfirmationMailEach(server, orders);
        FaultHarnessTest.assertNothingParked(server);
      }
    } finally {
      try (Connection c = TestPostgres.connect(); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }
}
