package io.solstice.app.http;

import io.solstice.commerce.analytics.Analytics;
import io.solstice.commerce.cart.Carts;
import io.solstice.commerce.catalog.Catalog;
import io.solstice.commerce.inventory.Inventory;
import io.solstice.commerce.order.Orders;
import io.solstice.commerce.readmodel.ReadModels;
import io.solstice.commerce.tenancy.Tenancy;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The use cases the HTTP API calls: one instance per process, every member thread-safe, and the
 * names of the dedicated stores a tenant may be placed in ({@code placements}; empty when every
 * tenant lives in the pooled store).
 */
public record CommerceApi(
    Tenancy tenancy,
    Catalog catalog,
    Inventory inventory,
    Carts carts,
    Orders orders,
    ReadModels readModels,
    Optional<Analytics> analytics,
    Set<String> placements) {

  /** The use cases with every tenant in the pooled store (no dedicated store configured). */
  public CommerceApi(Tenancy tenancy, Catalog catalog, Inventory inventory, Carts carts, Orders orders, ReadModels readModels,
      Optional<Analytics> analytics) {
    this(tenancy, catalog, inventory, carts, orders, readModels, analytics, Set.of());
  }

  public CommerceApi {
    Objects.requireNonNull(tenancy, "tenancy");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(inventory, "inventory");
    Objects.requireNonNull(carts, "carts");
    Objects.requireNonNull(orders, "orders");
    Objects.requireNonNull(readModels, "readModels");
    Objects.requireNonNull(analytics, "analytics (Optional.empty() when this process does not run the analytics service)");
    placements = Set.copyOf(placements);
  }
}
