package io.solstice.commerce.inventory;

import io.solstice.commerce.catalog.Product;
import io.solstice.commerce.shared.Ids;
import io.solstice.commerce.shared.NotFoundException;
import io.solstice.core.EventMetadata;
import io.solstice.core.decider.Category;
import io.solstice.core.decider.EventIds;
import java.util.function.Function;

/** Stock levels and adjustments over the {@link Stock} streams; only SKUs of the catalog have stock. */
public final class Inventory {
  private final Category<Stock.State, Stock.Event> stock;
  private final Category<Product.State, Product.Event> products;

  public Inventory(Category<Stock.State, Stock.Event> stock, Category<Product.State, Product.Event> products) {
    this.stock = stock;
    this.products = products;
  }

  /** Stock of one SKU as the API shows it. */
  public record StockView(String sku, long onHand, long reserved, long available) {
    static StockView of(String sku, Stock.State s) {
      return new StockView(sku, s.onHand(), s.reserved() + s.allocated(), s.available());
    }
  }

  public StockView adjust(String tenant, String sku, long quantity, String reason) {
    return adjust(tenant, sku, quantity, reason, EventMetadata.EMPTY, EventIds.RANDOM);
  }

  /**
   * {@link #adjust(String, String, long, String)} writing {@code metadata}, with the event id chosen
   * by {@code ids}: deterministic ids (e.g. from an {@code Idempotency-Key}) make a repeated
   * adjustment a duplicate append that writes nothing.
   */
  public StockView adjust(String tenant, String sku, long quantity, String reason, EventMetadata metadata, EventIds ids) {
    requireProduct(tenant, sku);
    return StockView.of(sku, stock.decider(tenant, sku).withMetadata(metadata).withEventIds(ids)
        .transact(s -> Stock.adjust(s, sku, quantity, reason)).state());
  }

  public StockView get(String tenant, String sku) {
    requireProduct(tenant, sku);
    return StockView.of(sku, stock.decider(tenant, sku).query(Function.identity()));
  }

  private void requireProduct(String tenant, String sku) {
    Ids.existing("product", sku);
    if (!products.decider(tenant, sku).query(Product.State::exists)) {
      throw new NotFoundException("product", sku);
    }
  }
}
