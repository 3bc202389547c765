package io.solstice.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.commerce.Categories;
import io.solstice.commerce.catalog.Catalog;
import io.solstice.commerce.inventory.Inventory;
import io.solstice.core.store.TenantPlacement;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectionsCommandTest {

  @TempDir Path data;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int solstice(String... args) {
    return SolsticeCli.run(args, Map.of(), new PrintWriter(out), new PrintWriter(err));
  }

  @BeforeEach
  void seed() {
    try (SqlEventStore store = SqlEventStore.open(SqlStoreConfig.sqlite(data.resolve(StoreOptions.SQLITE_FILE_NAME)))) {
      store.tenants().register("acme", TenantPlacement.POOLED_STORE);
      Categories c = Categories.on(store);
      new Catalog(c.products()).put("acme", "EUR", "TEE", "T-shirt", "", new BigDecimal("19.99"));
      new Inventory(c.stock(), c.products()).adjust("acme", "TEE", 5, "delivery");
    }
  }

  @Test
  void rebuildReplaysTheLogAndListShowsNoLagAfterwards() {
    assertThat(solstice("projections", "list", "--data", data.toString())).as(err.toString()).isZero();
    assertThat(out.toString()).containsPattern("products\\s+acme\\s+0\\s+2\\s+0");

    out.getBuffer().setLength(0);
    assertThat(solstice("projections", "rebuild", "all", "--data", data.toString())).as(err.toString()).isZero();
    assertThat(out.toString()).contains("rebuilding products", "rebuilt products: 2 events replayed, 1 rows", "rebuilt orders: 0 events");

    out.getBuffer().setLength(0);
    assertThat(solstice("projections", "list", "--data", data.toString())).isZero();
    assertThat(out.toString()).containsPattern("products\\s+acme\\s+\\d+\\s+0\\s+1");
  }

  @Test
  void anUnknownReadModelFailsNamingTheKnownOnes() {
    assertThat(solstice("projections", "rebuild", "carts", "--data", data.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("unknown read model 'carts'; known: products, orders or all");
  }

  @Test
  void anUnknownTenantFailsNamingTheKnownOnes() {
    assertThat(solstice("projections", "rebuild", "orders", "--tenant", "nobody", "--data", data.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("tenant 'nobody' is not in the store's tenant directory; known tenants: [acme]");
  }

  @Test
  void helpNamesTheReadModels() {
    assertThat(solstice("projections", "rebuild", "--help")).isZero();
    assertThat(out.toString()).contains("products, orders or all", "server runs");
  }
}
