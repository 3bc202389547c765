package io.solstice.commerce.readmodel;

import io.solstice.commerce.catalog.Product;
import io.solstice.commerce.inventory.Stock;
import io.solstice.commerce.order.Order;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.FeedFilter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@link ReadModels} over the SQL tables the {@link Projections} service maintains, in the event
 * store's own database.
 *
 * <pre>{@code
 * ProjectionProgress progress = ProjectionProgress.create(store.checkpoints());
 * ReadModels readModels = new SqlReadModels(store.dataSource(), store, progress);
 * hostBuilder.service(Projections.service(categories, store.dataSource(), progress));
 * }</pre>
 *
 * <h2>Read your writes</h2>
 *
 * {@link #awaitCaughtUp} takes the store's head position H at the call. For each projected category
 * of the tenant it looks (through the store's per-tenant feed index) for the tenant's events past the
 * category's applied position; the last of them at or below H is the target, and it waits on {@link
 * ProjectionProgress} until the projection has applied it, then looks again (events may have been
 * beyond the page read). Events appended after the call are not waited for. Cost: one indexed feed
 * read per category per page of lag, none while caught up besides one probe per category.
 *
 * <p>Thread-safe. Queries take a pooled connection each.
 */
public final class SqlReadModels implements ReadModels {

  /** The most rows one list call returns. */
  public static final int MAX_LIMIT = 1_000;

  private static final List<String> CATEGORIES = List.of(Product.CATEGORY, Stock.CATEGORY, Order.CATEGORY);
  private static final int PROBE_PAGE = 1_000;

  private final DataSource dataSource;
  private final EventStore store;
  private final ProjectionProgress progress;

  /** Creates the tables if missing. */
  public SqlReadModels(DataSource dataSource, EventStore store, ProjectionProgress progress) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.store = Objects.requireNonNull(store, "store");
    this.progress = Objects.requireNonNull(progress, "progress");
    Projections.createTables(dataSource, Sql.dialectOf(dataSource));
  }

  @Override
  public List<ProductRow> products(String tenant, String afterSku, int limit) {
    StreamName.requireTenant(tenant);
    requireLimit(limit);
    String sql = "SELECT sku, name, description, price, currency, active, on_hand, reserved + allocated, available FROM " + Tables.PRODUCTS
        + " WHERE tenant = ? AND product_position > 0" + (afterSku == null ? "" : " AND sku > ?") + " ORDER BY sku LIMIT ?";
    return query("list the products of " + tenant, sql, ps -> {
      ps.setString(1, tenant);
      int i = 2;
      if (afterSku != null) {
        ps.setString(i++, afterSku);
      }
      ps.setInt(i, limit);
    }, rs -> new ProductRow(rs.getString(1), rs.getString(2), rs.getString(3), decimal(rs.getString(4)), rs.getString(5),
        rs.getInt(6) != 0, rs.getLong(7), rs.getLong(8), rs.getLong(9)));
  }

  @Override
  public List<OrderRow> ordersByCustomer(String tenant, String customerEmail, int limit) {
    StreamName.requireTenant(tenant);
    Objects.requireNonNull(customerEmail, "customerEmail");
    requireLimit(limit);
    String sql = "SELECT order_id, customer_email, status, total, currency, units, placed_at, updated_at FROM " + Tables.ORDERS
        + " WHERE tenant = ? AND customer_email = ? ORDER BY placed_at DESC, order_id DESC LIMIT ?";
    return query("list the orders of a customer of " + tenant, sql, ps -> {
      ps.setString(1, tenant);
      ps.setString(2, customerEmail.toLowerCase(Locale.ROOT));
      ps.setInt(3, limit);
    }, rs -> new OrderRow(rs.getString(1), rs.getString(2), rs.getString(3), decimal(rs.getString(4)), rs.getString(5),
        rs.getInt(6), Sql.instant(rs.getString(7)), Sql.instant(rs.getString(8))));
  }

  @Override
  public List<OrderCount> orderCounts() {
    String sql = "SELECT tenant, status, currency, count(*), sum(CAST(total AS NUMERIC)) FROM " + Tables.ORDERS
        + " WHERE status IS NOT NULL GROUP BY tenant, status, currency ORDER BY tenant, status";
    return query("count the orders per tenant and status", sql, ps -> { }, rs -> {
      String currency = rs.getString(3);
      BigDecimal total = rs.getBigDecimal(5);
      if (total != null && currency != null) {
        total = total.setScale(Math.max(0, java.util.Currency.getInstance(currency).getDefaultFractionDigits()), java.math.RoundingMode.HALF_EVEN);
      }
      return new OrderCount(rs.getString(1), rs.getString(2), currency, rs.getLong(4), total == null ? BigDecimal.ZERO : total);
    });
  }

  @Override
  public List<HistoryRow> orderHistory(String tenant, String orderId) {
    StreamName.requireTenant(tenant);
    Objects.requireNonNull(orderId, "orderId");
    String sql = "SELECT position, event_type, status, at FROM " + Tables.ORDER_HISTORY
        + " WHERE tenant = ? AND order_id = ? ORDER BY position";
    return query("read the history of order " + orderId + " of " + tenant, sql, ps -> {
      ps.setString(1, tenant);
      ps.setString(2, orderId);
    }, rs -> new HistoryRow(rs.getLong(1), rs.getString(2), rs.getString(3), Sql.instant(rs.getString(4))));
  }

  @Override
  public boolean awaitCaughtUp(String tenant, Duration timeout) throws InterruptedException {
    StreamName.requireTenant(tenant);
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    long head = store.headPosition(tenant);
    for (String category : CATEGORIES) {
      FeedFilter filter = FeedFilter.category(tenant, category);
      while (true) {
        long applied = progress.position(tenant, category);
        if (applied >= head) {
          break;
        }
        List<RecordedEvent> pending = store.readAll(applied, PROBE_PAGE, filter);
        long target = -1;
        for (RecordedEvent e : pending) {
          if (e.position() > head) {
            break;
          }
          target = e.position();
        }
        if (target < 0) {
          break;
        }
        if (!progress.awaitAtLeast(tenant, category, target, deadline)) {
          return false;
        }
      }
    }
    return true;
  }

  private static void requireLimit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT + ", was " + limit);
    }
  }

  private static BigDecimal decimal(String text) {
    return text == null ? null : new BigDecimal(text);
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String what, String sql, Binder binder, RowMapper<T> mapper) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      List<T> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(mapper.map(rs));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new ReadModelException("cannot " + what + " from the read models: " + e.getMessage()
          + "; check that the event store's database is reachable", e);
    }
  }
}
