package io.solstice.app.traffic;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * One shopper's order, decided before it starts: the tenant (by index), its sequence number in
 * that tenant, the scenario, the customer, the payment token and the cart's lines.
 *
 * @param tenant the tenant's index in the run
 * @param seq the order's number within its tenant (0-based)
 * @param scenario what happens to the order
 * @param email the customer's e-mail
 * @param customerName the customer's name
 * @param paymentToken the simulated gateway's token
 * @param lines the cart's lines (distinct SKUs)
 */
public record OrderPlan(int tenant, long seq, Scenario scenario, String email, String customerName, String paymentToken, List<Line> lines) {

  /** A cart line. */
  public record Line(String sku, int quantity) {}

  public OrderPlan {
    Objects.requireNonNull(scenario, "scenario");
    lines = List.copyOf(lines);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("an order plan needs at least one line");
    }
  }

  /** Units over all lines. */
  public int units() {
    return lines.stream().mapToInt(Line::quantity).sum();
  }

  /**
   * The order's total as the platform computes it: the subtotal at catalog prices, plus tax at
   * {@code taxRate} rounded half-even once to the currency's minor unit.
   */
  public BigDecimal expectedTotal(ShopCatalog catalog, BigDecimal taxRate, String currency) {
    int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    BigDecimal subtotal = BigDecimal.ZERO.setScale(digits);
    for (Line line : lines) {
      subtotal = subtotal.add(catalog.product(line.sku()).price().multiply(BigDecimal.valueOf(line.quantity())));
    }
    subtotal = subtotal.setScale(digits, RoundingMode.HALF_EVEN);
    BigDecimal tax = subtotal.multiply(taxRate).setScale(digits, RoundingMode.HALF_EVEN);
    return subtotal.add(tax);
  }
}
