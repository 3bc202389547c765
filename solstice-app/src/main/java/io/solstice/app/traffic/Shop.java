package io.solstice.app.traffic;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A provisioned tenant as the generator uses it: its spec, API key and catalog.
 *
 * @param index the tenant's index in the run
 * @param spec id, name, currency, tax rate
 * @param apiKey the tenant's API key
 * @param catalog what it sells
 */
public record Shop(int index, TenantSpec spec, String apiKey, ShopCatalog catalog) {
  public Shop {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(catalog, "catalog");
  }

  public String id() {
    return spec.id();
  }

  /** The total the platform must compute for {@code plan}. */
  public BigDecimal expectedTotal(OrderPlan plan) {
    return plan.expectedTotal(catalog, spec.taxRate(), spec.currency());
  }
}
