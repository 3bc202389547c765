package io.solstice.commerce.tenancy;

import io.solstice.commerce.shared.InvalidInputException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tenant's business rules, versioned by the events of its tenant stream.
 *
 * @param taxRate tax added to the subtotal, a fraction from 0 to 1 (e.g. {@code 0.19})
 * @param fraudReviewThreshold order totals above this amount (in the tenant's currency) go to manual review
 * @param captureOn when the payment is captured: {@code confirm} or {@code ship}
 * @param mailSender the From address of the tenant's mails
 * @param paymentAttempts how many times a timed-out authorization is tried before the order is declined
 */
public record Policy(BigDecimal taxRate, BigDecimal fraudReviewThreshold, CaptureOn captureOn, String mailSender, int paymentAttempts) {

  /** Most decimals of the tax rate and the review threshold (so the tax of any amount stays small to compute). */
  public static final int MAX_DECIMALS = 10;

  /**
   * Checks what the constructor does not (it also reads stored policies, which a stricter rule must
   * not make unreadable): at most {@value #MAX_DECIMALS} decimals in the rate and threshold, a
   * threshold below 10^18, and a sender the mail library can send from. For a policy being set.
   *
   * @return this policy
   * @throws InvalidInputException naming every offending field
   */
  public Policy requireSettable() {
    Map<String, String> problems = new LinkedHashMap<>();
    if (taxRate.scale() > MAX_DECIMALS) {
      problems.put("taxRate", "must have at most " + MAX_DECIMALS + " decimals");
    }
    if (fraudReviewThreshold.scale() > MAX_DECIMALS || fraudReviewThreshold.precision() - fraudReviewThreshold.scale() > 18) {
      problems.put("fraudReviewThreshold", "must be below 10^18 with at most " + MAX_DECIMALS + " decimals");
    }
    if (!io.solstice.commerce.shared.EmailAddresses.deliverable(mailSender)) {
      problems.put("mailSender", "must be an e-mail address that mail can be sent from, e.g. orders@shop.example");
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return this;
  }

  /** When the payment is captured. */
  public enum CaptureOn { CONFIRM, SHIP }

  public static Policy defaults(String tenant) {
    return new Policy(BigDecimal.ZERO, new BigDecimal("1000.00"), CaptureOn.SHIP, "orders@" + tenant + ".example", 3);
  }

  public Policy {
    Map<String, String> problems = new LinkedHashMap<>();
    if (taxRate == null || taxRate.signum() < 0 || taxRate.compareTo(BigDecimal.ONE) > 0) {
      problems.put("taxRate", "must be a decimal from 0 to 1, e.g. 0.19");
    }
    if (fraudReviewThreshold == null || fraudReviewThreshold.signum() < 0) {
      problems.put("fraudReviewThreshold", "must be a non-negative amount");
    }
    if (captureOn == null) {
      problems.put("captureOn", "must be 'confirm' or 'ship'");
    }
    if (mailSender == null || !mailSender.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      problems.put("mailSender", "must be an e-mail address");
    }
    if (paymentAttempts < 1 || paymentAttempts > 10) {
      problems.put("paymentAttempts", "must be from 1 to 10");
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }
}
