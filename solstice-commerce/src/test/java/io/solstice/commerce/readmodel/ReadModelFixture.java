package io.solstice.commerce.readmodel;

import io.solstice.commerce.Categories;
import io.solstice.commerce.CommerceServices;
import io.solstice.commerce.cart.Carts;
import io.solstice.commerce.cart.CheckoutRequest;
import io.solstice.commerce.catalog.Catalog;
import io.solstice.commerce.fraud.EmbeddedFraudScorer;
import io.solstice.commerce.inventory.Inventory;
import io.solstice.commerce.notification.FileMailSink;
import io.solstice.commerce.order.Orders;
import io.solstice.commerce.payment.SimulatedPaymentGateway;
import io.solstice.commerce.shared.Address;
import io.solstice.commerce.shared.Customer;
import io.solstice.commerce.shared.Ids;
import io.solstice.commerce.tenancy.ApiKeys;
import io.solstice.commerce.tenancy.Policy;
import io.solstice.commerce.tenancy.Tenancy;
import io.solstice.core.EventMetadata;
import io.solstice.core.store.TenantPlacement;
import io.solstice.pipeline.Service;
import io.solstice.pipeline.ServiceHost;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
import io.solstice.testkit.Await;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A commerce system on the real SQL store: every commerce service plus the projections on one host,
 * the use-case services to drive it, and the read models to check.
 */
final class ReadModelFixture implements AutoCloseable {

  final SqlEventStore store;
  final Categories categories;
  final Tenancy tenancy;
  final Catalog catalog;
  final Inventory inventory;
  final Carts carts;
  final Orders orders;
  final ProjectionProgress progress;
  final SqlReadModels readModels;
  private final Path mailDir;
  private ServiceHost host;

  ReadModelFixture(SqlStoreConfig config, Path mailDir) {
    this.store = SqlEventStore.open(config);
    this.mailDir = mailDir;
    this.categories = Categories.on(store);
    Ids ids = new Ids(Clock.systemUTC());
    this.tenancy = new Tenancy(store, categories.tenants(), new ApiKeys(ApiKeys.newPepper()), t -> TenantPlacement.POOLED_STORE);
    this.catalog = new Catalog(categories.products());
    this.inventory = new Inventory(categories.stock(), categories.products());
    this.carts = new Carts(categories, ids);
    this.orders = new Orders(categories, ids);
    this.progress = ProjectionProgress.create(store.checkpoints());
    this.readModels = new SqlReadModels(store.dataSource(), store, progress);
  }

  /** Starts every commerce service and the projections. */
  void startAll() {
    List<Service<?, ?>> services = new ArrayList<>(CommerceServices.reactions(categories, tenancy, new EmbeddedFraudScorer(),
        new SimulatedPaymentGateway(), new FileMailSink(mailDir, Clock.systemUTC())));
    services.add(Projections.service(categories, store.dataSource(), progress));
    start(services);
  }

  /** Starts only the projections (the flow's reactions stay off). */
  void startProjectionsOnly() {
    start(List.of(Projections.service(categories, store.dataSource(), progress)));
  }

  private void start(List<Service<?, ?>> services) {
    host = ServiceHost.builder(store).checkpoints(store.checkpoints()).deadLetters(store.deadLetters())
        .pollWait(Duration.ofMillis(50)).checkpointInterval(Duration.ofMillis(100)).services(services).build();
    host.start();
  }

  void stopHost() {
    if (host != null) {
      host.stop(Duration.ofSeconds(10));
      host = null;
    }
  }

  ReadModelRebuild rebuild() {
    return new ReadModelRebuild(categories, store, store.dataSource(), store.checkpoints());
  }

  void provision(String tenant) {
    tenancy.provision(tenant, tenant.toUpperCase(), "EUR");
    tenancy.changePolicy(tenant, new Policy(new BigDecimal("0.19"), new BigDecimal("500"), Policy.CaptureOn.SHIP, "shop@" + tenant + ".example", 2));
  }

  String checkout(String tenant, String sku, int quantity, String email, String token) {
    var context = tenancy.context(tenant).orElseThrow();
    String cart = carts.create(tenant);
    carts.addItem(context, cart, sku, quantity);
    return carts.checkout(context, cart, "key-" + cart, new CheckoutRequest(new Customer(email, "Ana"),
        new Address("1 Main St", "Berlin", "10115", "DE"), token), EventMetadata.EMPTY);
  }

  void awaitStatus(String tenant, String orderId, String status) {
    Await.equal(() -> orders.get(tenant, orderId).status(), status);
  }

  /** Waits until the read models of {@code tenant} show everything written so far. */
  void awaitCaughtUp(String tenant) {
    try {
      if (!readModels.awaitCaughtUp(tenant, Duration.ofSeconds(30))) {
        throw new AssertionError("read models of " + tenant + " did not catch up within 30 s");
      }
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Every row of every live read-model table, as text, in key order: table → rows. */
  Map<String, List<List<String>>> snapshot() {
    Map<String, List<List<String>>> tables = new LinkedHashMap<>();
    tables.put(Tables.PRODUCTS, rows("SELECT " + Tables.PRODUCT_COLUMNS + " FROM " + Tables.PRODUCTS + " ORDER BY tenant, sku"));
    tables.put(Tables.STOCK_HOLDS, rows("SELECT " + Tables.HOLD_COLUMNS + " FROM " + Tables.STOCK_HOLDS + " ORDER BY tenant, sku, order_id"));
    tables.put(Tables.ORDERS, rows("SELECT " + Tables.ORDER_COLUMNS + " FROM " + Tables.ORDERS + " ORDER BY tenant, order_id"));
    tables.put(Tables.ORDER_HISTORY, rows("SELECT " + Tables.HISTORY_COLUMNS + " FROM " + Tables.ORDER_HISTORY
        + " ORDER BY tenant, order_id, position"));
    return tables;
  }

  List<List<String>> rows(String sql) {
    try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<List<String>> rows = new ArrayList<>();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    stopHost();
    store.close();
  }
}
