package io.solstice.commerce.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An exact amount in one currency. Amounts are {@link BigDecimal}s scaled to the currency's minor
 * unit (2 for EUR and USD, 0 for JPY): never floating point, and arithmetic across currencies is
 * refused.
 *
 * <p>Every amount is bounded before it is scaled: at most {@value #MAX_DIGITS} digits and a scale
 * within ±{@value #MAX_SCALE}, so no input (e.g. {@code 1e10000000}, ten characters) can make the
 * rounding to the minor unit build a number of millions of digits. Larger amounts are refused
 * with an {@link InvalidInputException} naming {@code amount}.
 */
public record Money(BigDecimal amount, String currency) implements Comparable<Money> {

  /** Most significant digits of an amount given to {@link Money}. */
  public static final int MAX_DIGITS = 40;

  /** Largest scale (decimals; or, negated, trailing zeros of the exponent form) of an amount given to {@link Money}. */
  public static final int MAX_SCALE = 24;

  public Money {
    Objects.requireNonNull(amount, "amount");
    if (Math.abs((long) amount.scale()) > MAX_SCALE || amount.precision() > MAX_DIGITS
        || (long) amount.precision() - amount.scale() > MAX_DIGITS) {
      throw new InvalidInputException("amount", "must have at most " + MAX_DIGITS + " digits and " + MAX_SCALE + " decimals");
    }
    Currency c = currencyOf(currency);
    amount = amount.setScale(Math.max(c.getDefaultFractionDigits(), 0), RoundingMode.HALF_EVEN);
  }

  public static Money of(String amount, String currency) {
    return new Money(new BigDecimal(amount), currency);
  }

  public static Money zero(String currency) {
    return new Money(BigDecimal.ZERO, currency);
  }

  /** The ISO 4217 currency for {@code code}, or an {@link InvalidInputException} naming it. */
  public static Currency currencyOf(String code) {
    try {
      return Currency.getInstance(Objects.requireNonNull(code, "currency"));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("currency", "unknown ISO 4217 currency code '" + code + "'");
    }
  }

  public Money plus(Money other) {
    requireSameCurrency(other);
    return new Money(amount.add(other.amount), currency);
  }

  public Money minus(Money other) {
    requireSameCurrency(other);
    return new Money(amount.subtract(other.amount), currency);
  }

  public Money times(long quantity) {
    return new Money(amount.multiply(BigDecimal.valueOf(quantity)), currency);
  }

  /** This amount times a rate (e.g. a tax rate of 0.2), rounded half-even to the minor unit. */
  public Money times(BigDecimal rate) {
    return new Money(amount.multiply(rate), currency);
  }

  public boolean isPositive() {
    return amount.signum() > 0;
  }

  @Override
  public int compareTo(Money other) {
    requireSameCurrency(other);
    return amount.compareTo(other.amount);
  }

  private void requireSameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException("cannot combine " + this + " with " + other + ": currencies differ");
    }
  }

  @Override
  public String toString() {
    return amount.toPlainString() + " " + currency;
  }
}
