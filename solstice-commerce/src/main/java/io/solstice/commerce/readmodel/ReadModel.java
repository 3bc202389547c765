package io.solstice.commerce.readmodel;

import io.solstice.commerce.catalog.Product;
import io.solstice.commerce.inventory.Stock;
import io.solstice.commerce.order.Order;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The read models the {@code projections} service maintains, by the name {@code solstice
 * projections rebuild NAME} takes. Each is fed by the event categories it lists and owns the tables
 * it lists; rebuilding one touches only its own tables and checkpoints.
 */
public enum ReadModel {
  /** Catalog listing with stock levels: {@code rm_products} (and its helper {@code rm_stock_holds}), from {@code Product} and {@code Stock}. */
  PRODUCTS(List.of(Product.CATEGORY, Stock.CATEGORY), List.of(Tables.PRODUCTS, Tables.STOCK_HOLDS)),
  /** Order summaries and history: {@code rm_orders} and {@code rm_order_history}, from {@code Order}. */
  ORDERS(List.of(Order.CATEGORY), List.of(Tables.ORDERS, Tables.ORDER_HISTORY));

  private final List<String> categories;
  private final List<String> tables;

  ReadModel(List<String> categories, List<String> tables) {
    this.categories = categories;
    this.tables = tables;
  }

  /** The name on the command line: {@code products}, {@code orders}. */
  public String modelName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The event categories it is built from. */
  public List<String> categories() {
    return categories;
  }

  /** Its tables (live names). */
  public List<String> tables() {
    return tables;
  }

  /** The read model fed by {@code category}. */
  static ReadModel ofCategory(String category) {
    for (ReadModel m : values()) {
      if (m.categories.contains(category)) {
        return m;
      }
    }
    throw new IllegalArgumentException("no read model is built from category " + category);
  }

  /**
   * The read model named {@code name} ({@code products}, {@code orders}).
   *
   * @throws IllegalArgumentException naming the known names
   */
  public static ReadModel named(String name) {
    for (ReadModel m : values()) {
      if (m.modelName().equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown read model '" + name + "'; known: "
        + Arrays.stream(values()).map(ReadModel::modelName).collect(Collectors.joining(", ")));
  }
}
