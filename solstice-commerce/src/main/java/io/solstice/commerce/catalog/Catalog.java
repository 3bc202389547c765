package io.solstice.commerce.catalog;

import io.solstice.commerce.shared.Ids;
import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.shared.Money;
import io.solstice.commerce.shared.NotFoundException;
import io.solstice.core.EventMetadata;
import io.solstice.core.decider.Category;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.function.Function;

/** The catalog's use cases over the {@link Product} streams. Every write is read back by the caller's next read. */
public final class Catalog {
  private final Category<Product.State, Product.Event> products;

  public Catalog(Category<Product.State, Product.Event> products) {
    this.products = products;
  }

  /** A product as the API shows it. */
  public record ProductView(String sku, String name, String description, BigDecimal price, String currency, boolean active) {
    static ProductView of(Product.State s) {
      return new ProductView(s.sku(), s.name(), s.description(), s.price().amount(), s.price().currency(), s.active());
    }
  }

  /** Creates or updates an active, buyable product. */
  public ProductView put(String tenant, String currency, String sku, String name, String description, BigDecimal price) {
    return put(tenant, currency, sku, name, description, price, EventMetadata.EMPTY);
  }

  /** {@link #put(String, String, String, String, String, BigDecimal)} writing {@code metadata} on its events. */
  public ProductView put(String tenant, String currency, String sku, String name, String description, BigDecimal price,
      EventMetadata metadata) {
    Ids.newSku("sku", sku);
    Product.Details details = new Product.Details(name, description, price == null ? null : money(price, currency));
    return ProductView.of(products.decider(tenant, sku).withMetadata(metadata).transact(s -> Product.put(s, sku, details)).state());
  }

  public ProductView reprice(String tenant, String currency, String sku, BigDecimal price) {
    Ids.existing("product", sku);
    Money money = money(price, currency);
    return ProductView.of(products.decider(tenant, sku).transact(s -> Product.reprice(s, sku, money)).state());
  }

  public ProductView unpublish(String tenant, String sku) {
    return unpublish(tenant, sku, EventMetadata.EMPTY);
  }

  /** {@link #unpublish(String, String)} writing {@code metadata} on its event. */
  public ProductView unpublish(String tenant, String sku, EventMetadata metadata) {
    Ids.existing("product", sku);
    return ProductView.of(products.decider(tenant, sku).withMetadata(metadata).transact(s -> Product.unpublish(s, sku)).state());
  }

  public ProductView get(String tenant, String sku) {
    Ids.existing("product", sku);
    Product.State s = products.decider(tenant, sku).query(Function.identity());
    if (!s.exists()) {
      throw new NotFoundException("product", sku);
    }
    return ProductView.of(s);
  }

  /** The product's current state (not found → {@code exists() == false}). */
  public Product.State state(String tenant, String sku) {
    return products.decider(tenant, sku).query(Function.identity());
  }

  /** An exact price in the tenant's currency; refuses more decimals than the currency has. */
  static Money money(BigDecimal price, String currency) {
    if (price == null) {
      throw new InvalidInputException("price", "is required");
    }
    int digits = Currency.getInstance(currency).getDefaultFractionDigits();
    if (price.stripTrailingZeros().scale() > digits) {
      throw new InvalidInputException("price", "has more decimals than " + currency + " allows (" + digits + ")");
    }
    return new Money(price, currency);
  }
}
