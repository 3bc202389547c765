package io.solstice.app.traffic;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * The products every generated tenant sells: a dozen everyday items (no cart of them reaches the
 * review threshold: at most 3 lines of 2 units at under 60 each) and one premium item priced above
 * the {@link #REVIEW_THRESHOLD}, which makes a cart go to manual review.
 */
public record ShopCatalog(List<Product> everyday, Product premium) {

  /** The fraud review threshold the generator sets in each tenant's policy. */
  public static final BigDecimal REVIEW_THRESHOLD = new BigDecimal("1000.00");

  /** One product: SKU, name, unit price in the tenant's currency. */
  public record Product(String sku, String name, BigDecimal price) {
    public Product {
      Objects.requireNonNull(sku, "sku");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(price, "price");
    }
  }

  public ShopCatalog {
    everyday = List.copyOf(everyday);
    Objects.requireNonNull(premium, "premium");
  }

  /** The standard catalog (the same SKUs and prices for every tenant). */
  public static ShopCatalog standard() {
    return new ShopCatalog(List.of(
        product("lantern", "Solar lantern", "24.90"),
        product("mug", "Enamel camping mug", "9.50"),
        product("socks", "Merino hiking socks", "17.00"),
        product("map", "Folding trail map", "6.75"),
        product("bottle", "Insulated bottle 750 ml", "29.99"),
        product("headlamp", "Rechargeable headlamp", "39.00"),
        product("cap", "Sun cap", "14.20"),
        product("gloves", "Fleece gloves", "19.95"),
        product("compass", "Baseplate compass", "22.40"),
        product("stove", "Pocket stove", "49.00"),
        product("towel", "Quick-dry towel", "15.85"),
        product("spork", "Titanium spork", "11.10")),
        product("telescope", "Refracting telescope", "1499.00"));
  }

  private static Product product(String sku, String name, String price) {
    return new Product(sku, name, new BigDecimal(price));
  }

  /** Every product, the premium one last. */
  public List<Product> all() {
    return java.util.stream.Stream.concat(everyday.stream(), java.util.stream.Stream.of(premium)).toList();
  }

  /** The product with {@code sku}. */
  public Product product(String sku) {
    return all().stream().filter(p -> p.sku().equals(sku)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no product " + sku + " in the generated catalog"));
  }
}
