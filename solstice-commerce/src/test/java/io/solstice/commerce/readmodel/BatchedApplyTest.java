package io.solstice.commerce.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.commerce.Categories;
import io.solstice.commerce.catalog.Catalog;
import io.solstice.core.RecordedEvent;
import io.solstice.core.store.FeedFilter;
import io.solstice.core.store.TenantPlacement;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BatchedApply}: changes applied at once share transactions; each caller gets its own outcome. */
class BatchedApplyTest {
  @TempDir Path dir;
  private SqlEventStore store;
  private Categories categories;
  private BatchedApply batched;

  @BeforeEach
  void open() {
    store = SqlEventStore.open(SqlStoreConfig.sqlite(dir.resolve("solstice.db")));
    categories = Categories.on(store);
    Projections.createTables(store.dataSource(), Sql.Dialect.SQLITE);
    batched = new BatchedApply(store.dataSource(), Sql.Dialect.SQLITE, Tables.LIVE);
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** One product defined in each of {@code tenants} tenants, as decoded changes. */
  private List<Change> productsInTenants(int tenants) {
    Catalog catalog = new Catalog(categories.products());
    for (int t = 0; t < tenants; t++) {
      store.tenants().register("t" + t, TenantPlacement.POOLED_STORE);
      catalog.put("t" + t, "EUR", "SKU", "Thing", "", new BigDecimal("1.00"));
    }
    Projections.Decoding decoding = new Projections.Decoding(categories);
    List<Change> changes = new ArrayList<>();
    for (RecordedEvent e : store.readAll(0, 1000, FeedFilter.ALL)) {
      if (e.stream().category().equals("Product")) {
        changes.add(decoding.decode(e));
      }
    }
    return changes;
  }

  private int productRows() throws SQLException {
    try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + Tables.PRODUCTS)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private List<Throwable> applyConcurrently(List<Change> changes) throws InterruptedException {
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch go = new CountDownLatch(1);
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Change change : changes) {
        threads.submit(() -> {
          go.await();
          try {
            batched.apply(change);
          } catch (Exception e) {
            failures.add(e);
          }
          return null;
        });
      }
      go.countDown();
    }
    return new ArrayList<>(failures);
  }

  @Test
  void everyChangeAppliedConcurrentlyIsCommitted() throws Exception {
    List<Change> changes = productsInTenants(40);

    assertThat(applyConcurrently(changes)).isEmpty();

    assertThat(productRows()).isEqualTo(40);
  }

  @Test
  void aFailingChangeFailsOnlyItsOwnCaller() throws Exception {
    List<Change> changes = new ArrayList<>(productsInTenants(20));
    RecordedEvent someEnvelope = changes.getFirst().envelope();
    changes.add(new Change.Unreadable(someEnvelope, new IllegalArgumentException("broken data")));

    List<Throwable> failures = applyConcurrently(changes);

    assertThat(failures).hasSize(1).first().isInstanceOf(ReadModelException.class);
    assertThat(productRows()).isEqualTo(20);
  }

  @Test
  void aChangeAppliedAgainWritesNothingAndSucceeds() throws Exception {
    Change change = productsInTenants(1).getFirst();
    batched.apply(change);

    batched.apply(change);

    assertThat(productRows()).isEqualTo(1);
  }

  @Test
  void aRefusedChangeAloneIsReportedToItsCaller() {
    Change change = productsInTenants(1).getFirst();

    assertThatThrownBy(() -> batched.apply(new Change.Unreadable(change.envelope(), new IllegalArgumentException("broken"))))
        .isInstanceOf(ReadModelException.class);
  }
}
