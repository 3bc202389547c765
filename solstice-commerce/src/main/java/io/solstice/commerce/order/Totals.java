package io.solstice.commerce.order;

import io.solstice.commerce.shared.Money;
import io.solstice.commerce.shared.OrderLine;
import java.math.BigDecimal;
import java.util.List;

/**
 * The money of an order, fixed at checkout and stored in {@link Order.Placed} (its field names are
 * part of the storage contract). Tax is rounded once per order, half-even, to the currency's minor
 * unit; {@code total = subtotal + tax}.
 */
public record Totals(Money subtotal, Money tax, Money total) {

  /** The totals of {@code lines} in {@code currency} with tax at {@code taxRate} (0.19 for 19 %). */
  public static Totals of(List<OrderLine> lines, BigDecimal taxRate, String currency) {
    Money subtotal = Money.zero(currency);
    for (OrderLine line : lines) {
      subtotal = subtotal.plus(line.total());
    }
    Money tax = subtotal.times(taxRate);
    return new Totals(subtotal, tax, subtotal.plus(tax));
  }
}
