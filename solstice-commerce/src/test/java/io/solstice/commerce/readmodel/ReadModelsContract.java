package io.solstice.commerce.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.commerce.readmodel.ReadModels.HistoryRow;
import io.solstice.commerce.readmodel.ReadModels.OrderRow;
import io.solstice.commerce.readmodel.ReadModels.ProductRow;
import io.solstice.core.EventMetadata;
import io.solstice.store.sql.SqlStoreConfig;
import io.solstice.testkit.Await;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read models' behaviour, run against each SQL backend by a subclass. */
abstract class ReadModelsContract {

  @TempDir Path dir;

  ReadModelFixture f;

  /** The store to run on. */
  abstract SqlStoreConfig config(Path dir);

  /** Drops what {@link #config} created (PostgreSQL schemas). */
  void cleanUp() {}

  @BeforeEach
  void open() {
    f = new ReadModelFixture(config(dir), dir.resolve("mail"));
    f.provision("acme");
    f.provision("globex");
  }

  @AfterEach
  void close() {
    try {
      f.close();
    } finally {
      cleanUp();
    }
  }

  private void stockCatalog() {
    f.catalog.put("acme", "EUR", "TEE", "T-shirt", "Cotton", new BigDecimal("19.99"));
    f.catalog.put("acme", "EUR", "TV", "Television", "Big", new BigDecimal("999.00"));
    f.inventory.adjust("acme", "TEE", 10, "delivery");
    f.inventory.adjust("acme", "TV", 2, "delivery");
  }

  @Test
  void theCatalogListingShowsProductsWithTheirStockLevels() {
    f.startAll();
    stockCatalog();
    f.catalog.reprice("acme", "EUR", "TV", new BigDecimal("899.50"));
    f.catalog.put("acme", "EUR", "MUG", "Mug", "", new BigDecimal("5.00"));
    f.catalog.unpublish("acme", "MUG");
    String order = f.checkout("acme", "TEE", 3, "ana@example.com", "tok_approve");
    f.awaitStatus("acme", order, "released");
    f.awaitCaughtUp("acme");

    assertThat(f.readModels.products("acme", null, 10)).containsExactly(
        new ProductRow("MUG", "Mug", "", new BigDecimal("5.00"), "EUR", false, 0, 0, 0),
        new ProductRow("TEE", "T-shirt", "Cotton", new BigDecimal("19.99"), "EUR", true, 10, 3, 7),
        new ProductRow("TV", "Television", "Big", new BigDecimal("899.50"), "EUR", true, 2, 0, 2));
    assertThat(f.readModels.products("acme", "MUG", 1)).extracting(ProductRow::sku).containsExactly("TEE");
  }

  @Test
  void aReservationCountsAsReservedUntilTheOrderEnds() {
    f.startProjectionsOnly();
    stockCatalog();
    f.checkout("acme", "TEE", 4, "ana@example.com", "tok_approve");
    f.awaitCaughtUp("acme");
    assertThat(f.readModels.products("acme", "TE", 1).getFirst())
        .extracting(ProductRow::onHand, ProductRow::reserved, ProductRow::available).containsExactly(10L, 4L, 6L);
  }

  @Test
  void anOrderIsSummarizedThroughItsStatusesWithItsHistory() {
    f.startAll();
    stockCatalog();
    String order = f.checkout("acme", "TEE", 2, "Ana@Example.com", "tok_approve");
    f.awaitStatus("acme", order, "released");
    var shipment = f.orders.addShipment("acme", order, null, "T1", EventMetadata.EMPTY);
    f.orders.delivered("acme", shipment.shipmentId(), EventMetadata.EMPTY);
    f.awaitStatus("acme", order, "completed");
    f.awaitCaughtUp("acme");

    List<OrderRow> rows = f.readModels.ordersByCustomer("acme", "ANA@example.COM", 10);
    assertThat(rows).hasSize(1);
    OrderRow row = rows.getFirst();
    assertThat(row.orderId()).isEqualTo(order);
    assertThat(row.customerEmail()).isEqualTo("ana@example.com");
    assertThat(row.status()).isEqualTo("completed");
    assertThat(row.total()).isEqualByComparingTo("47.58");
    assertThat(row.currency()).isEqualTo("EUR");
    assertThat(row.units()).isEqualTo(2);
    assertThat(row.updatedAt()).isAfterOrEqualTo(row.placedAt());
    List<HistoryRow> history = f.readModels.orderHistory("acme", order);
    assertThat(history).extracting(HistoryRow::eventType)
        .containsExactlyElementsOf(f.store.read(io.solstice.commerce.order.Order.stream("acme", order), 0, 100).stream()
            .map(io.solstice.core.RecordedEvent::type).toList());
    assertThat(history).filteredOn(h -> h.eventType().equals(capitalized(h.status())) || h.eventType().equals("Placed"))
        .extracting(HistoryRow::eventType)
        .containsExactly("Placed", "Confirmed", "Released", "Shipped", "Delivered", "Completed");
    assertThat(history).filteredOn(h -> h.eventType().equals("ShipmentAdded")).extracting(HistoryRow::status).containsExactly("released");
    assertThat(f.readModels.products("acme", null, 10).getFirst())
        .extracting(ProductRow::sku, ProductRow::onHand, ProductRow::available).containsExactly("TEE", 8L, 8L);
  }

  private static String capitalized(String status) {
    return Character.toUpperCase(status.charAt(0)) + status.substring(1);
  }

  @Test
  void ordersOfACustomerAreListedNewestFirstWithEveryOutcome() {
    f.startAll();
    stockCatalog();
    String declined = f.checkout("acme", "TEE", 1, "ana@example.com", "tok_decline");
    f.awaitStatus("acme", declined, "payment_declined");
    String review = f.checkout("acme", "TV", 1, "ana@example.com", "tok_approve");
    f.awaitStatus("acme", review, "under_review");
    String cancelled = f.checkout("acme", "TEE", 2, "ana@example.com", "tok_approve");
    f.awaitStatus("acme", cancelled, "released");
    f.orders.cancel("acme", cancelled, "changed mind", EventMetadata.EMPTY);
    String bobs = f.checkout("acme", "TEE", 1, "bob@example.com", "tok_approve");
    f.awaitStatus("acme", bobs, "released");
    Await.equal(() -> f.inventory.get("acme", "TEE").available(), 9L);
    f.awaitCaughtUp("acme");

    assertThat(f.readModels.ordersByCustomer("acme", "ana@example.com", 10)).extracting(OrderRow::orderId, OrderRow::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(cancelled, "cancelled"),
            org.assertj.core.groups.Tuple.tuple(review, "under_review"),
            org.assertj.core.groups.Tuple.tuple(declined, "payment_declined"));
    assertThat(f.readModels.ordersByCustomer("acme", "ana@example.com", 2)).hasSize(2);
    assertThat(f.readModels.products("acme", null, 10)).extracting(ProductRow::sku, ProductRow::reserved, ProductRow::available)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("TEE", 1L, 9L), org.assertj.core.groups.Tuple.tuple("TV", 1L, 1L));
  }

  @Test
  void tenantsSeeOnlyTheirOwnRows() {
    f.startProjectionsOnly();
    stockCatalog();
    f.catalog.put("globex", "EUR", "TEE", "Globex tee", "", new BigDecimal("9.00"));
    f.inventory.adjust("globex", "TEE", 100, "delivery");
    f.checkout("acme", "TEE", 1, "ana@example.com", "tok_approve");
    f.checkout("globex", "TEE", 5, "ana@example.com", "tok_approve");
    f.awaitCaughtUp("acme");
    f.awaitCaughtUp("globex");

    assertThat(f.readModels.products("globex", null, 10)).containsExactly(
        new ProductRow("TEE", "Globex tee", "", new BigDecimal("9.00"), "EUR", true, 100, 5, 95));
    assertThat(f.readModels.ordersByCustomer("globex", "ana@example.com", 10)).extracting(OrderRow::units).containsExactly(5);
    assertThat(f.readModels.ordersByCustomer("acme", "ana@example.com", 10)).extracting(OrderRow::units).containsExactly(1);
  }

  @Test
  void redeliveredEventsDoNotCountTwice() {
    f.startAll();
    stockCatalog();
    String order = f.checkout("acme", "TEE", 2, "ana@example.com", "tok_approve");
    f.awaitStatus("acme", order, "released");
    f.awaitCaughtUp("acme");
    f.stopHost();
    Map<String, List<List<String>>> before = f.snapshot();

    // Lose every checkpoint: the projection sees the whole log again.
    f.store.checkpoints().reset(Projections.NAME);
    f.startProjectionsOnly();
    Await.equal(() -> {
      var acme = f.store.checkpoints().list(Projections.NAME).stream().filter(e -> e.getKey().tenant().equals("acme")).toList();
      return acme.size() == 3 && acme.stream().allMatch(e -> e.getValue() >= lastOf(e.getKey().partition()));
    }, true);
    f.stopHost();

    assertThat(f.snapshot()).isEqualTo(before);
  }

  private long lastOf(String partition) {
    String category = partition.substring("store:".length());
    var events = f.store.readAll(0, 100_000, io.solstice.core.store.FeedFilter.category("acme", category));
    return events.isEmpty() ? 0 : events.getLast().position();
  }

  @Test
  void aRebuildFromTheLogEqualsTheLiveTables() {
    f.startAll();
    stockCatalog();
    f.catalog.put("globex", "EUR", "TEE", "Globex tee", "", new BigDecimal("9.00"));
    f.inventory.adjust("globex", "TEE", 100, "delivery");
    String shipped = f.checkout("acme", "TEE", 3, "ana@example.com", "tok_approve");
    String declined = f.checkout("acme", "TEE", 1, "ana@example.com", "tok_decline");
    String review = f.checkout("acme", "TV", 1, "bob@example.com", "tok_approve");
    String other = f.checkout("globex", "TEE", 7, "ana@example.com", "tok_approve");
    f.awaitStatus("acme", shipped, "released");
    f.orders.addShipment("acme", shipped, Map.of("TEE", 1), "T1", EventMetadata.EMPTY);
    f.awaitStatus("acme", declined, "payment_declined");
    f.awaitStatus("acme", review, "under_review");
    f.awaitStatus("globex", other, "released");
    Await.equal(() -> f.inventory.get("acme", "TEE").available(), 7L);
    f.awaitCaughtUp("acme");
    f.awaitCaughtUp("globex");
    Map<String, List<List<String>>> live = f.snapshot();
    assertThat(live.get(Tables.ORDER_HISTORY)).hasSizeGreaterThan(10);
    assertThat(live.get(Tables.STOCK_HOLDS)).isNotEmpty();

    ReadModelRebuild rebuild = f.rebuild();
    ReadModelRebuild.Result products = rebuild.rebuild(ReadModel.PRODUCTS, null, ReadModelRebuild.Listener.NONE);
    ReadModelRebuild.Result orders = rebuild.rebuild(ReadModel.ORDERS, null, ReadModelRebuild.Listener.NONE);

    assertThat(f.snapshot()).isEqualTo(live);
    assertThat(products.rows()).isEqualTo(3);
    assertThat(orders.rows()).isEqualTo(4);
    assertThat(orders.tenants()).contains("acme", "globex");
  }

  @Test
  void aRebuildOfOneTenantLeavesTheOthersRowsAlone() {
    f.startProjectionsOnly();
    stockCatalog();
    f.catalog.put("globex", "EUR", "TEE", "Globex tee", "", new BigDecimal("9.00"));
    f.awaitCaughtUp("acme");
    f.awaitCaughtUp("globex");
    f.stopHost();
    Map<String, List<List<String>>> live = f.snapshot();
    // Damage both tenants' rows; rebuild only acme.
    try (var c = f.store.dataSource().getConnection(); var s = c.createStatement()) {
      s.executeUpdate("UPDATE rm_products SET on_hand = 4242");
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }

    f.rebuild().rebuild(ReadModel.PRODUCTS, "acme", ReadModelRebuild.Listener.NONE);

    assertThat(f.readModels.products("acme", null, 10)).extracting(ProductRow::onHand).containsExactly(10L, 2L);
    assertThat(f.readModels.products("globex", null, 10)).extracting(ProductRow::onHand).containsExactly(4242L);
    assertThat(f.snapshot().get(Tables.ORDERS)).isEqualTo(live.get(Tables.ORDERS));
  }

  @Test
  void aRebuildWhileTheProjectionRunsLosesNothing() throws Exception {
    f.startProjectionsOnly();
    stockCatalog();
    Thread writer = Thread.ofVirtual().start(() -> {
      for (int i = 0; i < 40; i++) {
        f.inventory.adjust("acme", "TEE", 1, "delivery " + i);
        f.catalog.put("acme", "EUR", "SKU-" + i, "Item " + i, "", new BigDecimal("1.00"));
      }
    });
    f.rebuild().rebuild(ReadModel.PRODUCTS, null, ReadModelRebuild.Listener.NONE);
    writer.join();
    f.awaitCaughtUp("acme");
    Map<String, List<List<String>>> live = f.snapshot();
    assertThat(f.readModels.products("acme", "TE", 1).getFirst()).extracting(ProductRow::sku, ProductRow::onHand)
        .containsExactly("TEE", 50L);

    f.rebuild().rebuild(ReadModel.PRODUCTS, null, ReadModelRebuild.Listener.NONE);
    assertThat(f.snapshot()).isEqualTo(live);
  }

  @Test
  void awaitCaughtUpMakesTheNextListReadShowAWrite() throws Exception {
    f.startProjectionsOnly();
    for (int i = 0; i < 20; i++) {
      f.catalog.put("acme", "EUR", "P" + i, "Product " + i, "", new BigDecimal("2.00"));
      assertThat(f.readModels.awaitCaughtUp("acme", Duration.ofSeconds(30))).isTrue();
      assertThat(f.readModels.products("acme", null, 100)).hasSize(i + 1);
    }
    stockCatalog();
    String order = f.checkout("acme", "TEE", 1, "carol@example.com", "tok_approve");
    assertThat(f.readModels.awaitCaughtUp("acme", Duration.ofSeconds(30))).isTrue();
    assertThat(f.readModels.ordersByCustomer("acme", "carol@example.com", 10)).extracting(OrderRow::orderId).containsExactly(order);
  }

  @Test
  void awaitCaughtUpGivesUpWhenTheProjectionIsNotRunning() throws Exception {
    f.catalog.put("acme", "EUR", "TEE", "T-shirt", "", new BigDecimal("2.00"));
    assertThat(f.readModels.awaitCaughtUp("acme", Duration.ofMillis(50))).isFalse();
    assertThat(f.readModels.awaitCaughtUp("globex", Duration.ofMillis(50))).isTrue();
  }

  @Test
  void listLimitsAreChecked() {
    assertThatThrownBy(() -> f.readModels.products("acme", null, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit must be 1-1000, was 0");
    assertThatThrownBy(() -> f.readModels.ordersByCustomer("acme", "a@b.c", 1001)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listShowsEachReadModelsPositionAndLag() {
    stockCatalog();
    var before = f.rebuild().status().stream().filter(s -> s.tenant().equals("acme")).toList();
    assertThat(before).extracting(ReadModelRebuild.Status::model, ReadModelRebuild.Status::lag, ReadModelRebuild.Status::rows)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(ReadModel.PRODUCTS, 4L, 0L),
            org.assertj.core.groups.Tuple.tuple(ReadModel.ORDERS, 0L, 0L));
    f.rebuild().rebuild(ReadModel.PRODUCTS, null, ReadModelRebuild.Listener.NONE);
    var after = f.rebuild().status().stream().filter(s -> s.tenant().equals("acme")).toList();
    assertThat(after.getFirst().lag()).isZero();
    assertThat(after.getFirst().rows()).isEqualTo(2);
    assertThat(after.getFirst().position()).isPositive();
  }
}
