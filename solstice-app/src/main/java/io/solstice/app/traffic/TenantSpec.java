package io.solstice.app.traffic;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A tenant the generator provisions: id, display name, currency and tax rate.
 *
 * @param id the tenant id
 * @param name the display name
 * @param currency ISO 4217 code
 * @param taxRate the policy's tax rate (0 to 1)
 */
public record TenantSpec(String id, String name, String currency, BigDecimal taxRate) {
  private static final List<TenantSpec> DEMO = List.of(
      new TenantSpec("acme", "Acme Outdoor", "EUR", new BigDecimal("0.19")),
      new TenantSpec("globex", "Globex Camping", "USD", new BigDecimal("0.0825")),
      new TenantSpec("initech", "Initech Trails", "GBP", new BigDecimal("0.20")),
      new TenantSpec("umbrella", "Umbrella Gear", "CHF", new BigDecimal("0.081")),
      new TenantSpec("hooli", "Hooli Hikes", "SEK", new BigDecimal("0.25")));

  public TenantSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(taxRate, "taxRate");
  }

  /**
   * {@code count} tenants: the named demo shops first, then {@code shop-6}, {@code shop-7}… Each id
   * gets {@code prefix} in front (empty for the demo's own data directory; a run id against a shared
   * server, so runs never collide).
   */
  public static List<TenantSpec> generate(int count, String prefix) {
    if (count < 1) {
      throw new IllegalArgumentException("--tenants must be at least 1, was " + count);
    }
    List<TenantSpec> specs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      TenantSpec base = i < DEMO.size() ? DEMO.get(i)
          : new TenantSpec("shop-" + (i + 1), "Shop " + (i + 1), "EUR", new BigDecimal("0.19"));
      specs.add(new TenantSpec(prefix + base.id(), base.name(), base.currency(), base.taxRate()));
    }
    return specs;
  }
}
