package io.solstice.commerce.shared;

/** One line of a cart or order: a product at the unit price it was priced at, and a quantity. */
public record OrderLine(String sku, String name, int quantity, Money unitPrice) {
  public OrderLine {
    if (quantity <= 0) {
      throw new IllegalArgumentException("line quantity must be positive, was " + quantity + " for " + sku);
    }
  }

  public Money total() {
    return unitPrice.times(quantity);
  }
}
