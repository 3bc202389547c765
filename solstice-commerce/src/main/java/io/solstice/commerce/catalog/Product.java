package io.solstice.commerce.catalog;

import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.shared.Money;
import io.solstice.commerce.shared.NotFoundException;
import io.solstice.core.StreamName;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A product of a tenant's catalog, one stream per SKU ({@code tenant:Product-SKU}). A product is
 * buyable while it is active; {@code PUT} creates it or brings it up to date (and re-activates it),
 * unpublishing makes it unbuyable. Prices are exact decimals in the tenant's currency.
 */
public final class Product {
  private Product() {}

  public static final String CATEGORY = "Product";

  public static StreamName stream(String tenant, String sku) {
    return StreamName.of(tenant, CATEGORY, sku);
  }

  /** The events of a product; the record names are the storage contract. */
  public sealed interface Event permits Defined, DetailsChanged, Repriced, Unpublished, Republished {}

  public record Defined(String sku, String name, String description, Money price) implements Event {}

  public record DetailsChanged(String name, String description) implements Event {}

  public record Repriced(Money price) implements Event {}

  public record Unpublished() implements Event {}

  public record Republished() implements Event {}

  /** The folded state; {@code sku == null} until the product is defined. */
  public record State(String sku, String name, String description, Money price, boolean active) {
    public static final State INITIAL = new State(null, null, null, null, false);

    public boolean exists() {
      return sku != null;
    }
  }

  public static State evolve(State s, Event e) {
    return switch (e) {
      case Defined d -> new State(d.sku(), d.name(), d.description(), d.price(), true);
      case DetailsChanged d -> new State(s.sku(), d.name(), d.description(), s.price(), s.active());
      case Repriced r -> new State(s.sku(), s.name(), s.description(), r.price(), s.active());
      case Unpublished u -> new State(s.sku(), s.name(), s.description(), s.price(), false);
      case Republished r -> new State(s.sku(), s.name(), s.description(), s.price(), true);
    };
  }

  /** The content of a {@code PUT /products/{sku}}, validated. */
  public record Details(String name, String description, Money price) {
    public Details {
      Map<String, String> problems = new LinkedHashMap<>();
      if (name == null || name.isBlank() || name.length() > 200) {
        problems.put("name", "must be 1-200 characters");
      }
      if (description != null && description.length() > 4000) {
        problems.put("description", "must be at most 4000 characters");
      }
      if (!validPrice(price)) {
        problems.put("price", PRICE_RULE);
      }
      if (!problems.isEmpty()) {
        throw new InvalidInputException(problems);
      }
      description = description == null ? "" : description;
    }
  }

  /** Creates the product, or brings it up to date; re-activates an unpublished one. Writes nothing when it already holds. */
  public static List<Event> put(State s, String sku, Details d) {
    requirePrice(s, sku, d.price());
    if (!s.exists()) {
      return List.of(new Defined(sku, d.name(), d.description(), d.price()));
    }
    List<Event> events = new ArrayList<>(3);
    if (!s.name().equals(d.name()) || !s.description().equals(d.description())) {
      events.add(new DetailsChanged(d.name(), d.description()));
    }
    if (s.price().compareTo(d.price()) != 0) {
      events.add(new Repriced(d.price()));
    }
    if (!s.active()) {
      events.add(new Republished());
    }
    return events;
  }

  /** Changes the price only; refused when out of range or in another currency. */
  public static List<Event> reprice(State s, String sku, Money price) {
    requireExists(s, sku);
    requirePrice(s, sku, price);
    return s.price().compareTo(price) == 0 ? List.of() : List.of(new Repriced(price));
  }

  /** Makes the product unbuyable; carts can no longer add it. */
  public static List<Event> unpublish(State s, String sku) {
    requireExists(s, sku);
    return s.active() ? List.of(new Unpublished()) : List.of();
  }

  private static void requireExists(State s, String sku) {
    if (!s.exists()) {
      throw new NotFoundException("product", sku);
    }
  }

  private static final String PRICE_RULE = "must be a decimal between 0 and 99999999.99";

  private static boolean validPrice(Money price) {
    return price != null && price.amount().signum() >= 0 && price.amount().compareTo(new BigDecimal("100000000")) < 0;
  }

  /** Refuses a price that is out of range or in another currency than the product's. */
  private static void requirePrice(State s, String sku, Money price) {
    if (!validPrice(price)) {
      throw new InvalidInputException("price", PRICE_RULE);
    }
    if (s.exists() && !s.price().currency().equals(price.currency())) {
      throw new InvalidInputException("price", "must be in " + s.price().currency() + ", the currency of product " + sku
          + ", not " + price.currency());
    }
  }
}
