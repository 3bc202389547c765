package io.solstice.app.readmodel;

import io.solstice.commerce.Categories;
import io.solstice.commerce.catalog.Product;
import io.solstice.commerce.inventory.Stock;
import io.solstice.commerce.order.Order;
import io.solstice.commerce.readmodel.ReadModels;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.decider.StreamState;
import io.solstice.core.store.FeedFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * STAND-IN — replace with the projections' SQL read models when they land on {@code main} (wire
 * them in {@link io.solstice.app.Platform}). Answers the list queries straight from the event store:
 * it scans the tenant's {@code Product} or {@code Order} events (an indexed, per-tenant feed read)
 * and folds each entity found. Always current (so {@link #awaitCaughtUp} returns at once), but
 * costs a scan of the category per call: fine for development and tests, not for large tenants.
 */
public final class FeedScanReadModels implements ReadModels {
  private static final int PAGE = 1000;
  private final Categories c;

  public FeedScanReadModels(Categories categories) {
    this.c = categories;
  }

  @Override
  public List<ProductRow> products(String tenant, String afterSku, int limit) {
    TreeSet<String> skus = new TreeSet<>();
    scan(tenant, Product.CATEGORY, e -> skus.add(e.stream().id()));
    List<ProductRow> rows = new ArrayList<>();
    for (String sku : afterSku == null ? skus : skus.tailSet(afterSku, false)) {
      if (rows.size() >= limit) {
        break;
      }
      Product.State p = c.products().decider(tenant, sku).query(Function.identity());
      if (!p.exists()) {
        continue;
      }
      Stock.State s = c.stock().decider(tenant, sku).query(Function.identity());
      rows.add(new ProductRow(sku, p.name(), p.description(), p.price().amount(), p.price().currency(), p.active(),
          s.onHand(), s.reserved() + s.allocated(), s.available()));
    }
    return rows;
  }

  @Override
  public List<OrderRow> ordersByCustomer(String tenant, String customerEmail, int limit) {
    String email = customerEmail.toLowerCase(Locale.ROOT);
    List<OrderRow> rows = new ArrayList<>();
    scan(tenant, Order.CATEGORY, e -> {
      if (!e.type().equals("Placed")) {
        return;
      }
      c.orders().codec().decode(e).ifPresent(event -> {
        if (event instanceof Order.Placed placed && placed.customer().email().equals(email)) {
          StreamState<Order.State> state = c.orders().decider(e.stream()).load();
          Order.State s = state.state();
          Instant updated = c.store().readBackward(e.stream(), Long.MAX_VALUE, 1).stream().map(RecordedEvent::timestamp)
              .findFirst().orElse(e.timestamp());
          int units = placed.lines().stream().mapToInt(l -> l.quantity()).sum();
          rows.add(new OrderRow(placed.orderId(), email, s.status().wireName(), placed.totals().total().amount(),
              placed.totals().total().currency(), units, e.timestamp(), updated));
        }
      });
    });
    rows.sort(Comparator.comparing(OrderRow::placedAt).thenComparing(OrderRow::orderId).reversed());
    return rows.size() > limit ? List.copyOf(rows.subList(0, limit)) : rows;
  }

  @Override
  public boolean awaitCaughtUp(String tenant, Duration timeout) {
    return true;
  }

  private void scan(String tenant, String category, Consumer<RecordedEvent> each) {
    StreamName.requireTenant(tenant);
    FeedFilter filter = FeedFilter.category(tenant, category);
    long after = 0;
    while (true) {
      List<RecordedEvent> page = c.store().readAll(after, PAGE, filter);
      page.forEach(each);
      if (page.size() < PAGE) {
        return;
      }
      after = page.getLast().position();
    }
  }
}
