package io.solstice.commerce.fraud;

import io.solstice.commerce.order.FraudVerdict;

/**
 * The embedded, deterministic scorer: a customer e-mail at the domain {@code fraud.test} is
 * rejected; an order whose total is above the tenant's review threshold goes to manual review;
 * everything else is accepted. No velocity rules.
 */
public final class EmbeddedFraudScorer implements FraudScorer {

  /** Customers at this e-mail domain are always rejected. */
  public static final String FRAUD_DOMAIN = "fraud.test";

  @Override
  public Verdict score(Request r) {
    String email = r.customerEmail().toLowerCase(java.util.Locale.ROOT);
    if (email.endsWith("@" + FRAUD_DOMAIN)) {
      return new Verdict(FraudVerdict.REJECT, 100, "customer e-mail domain " + FRAUD_DOMAIN + " is blocked");
    }
    if (r.total().amount().compareTo(r.reviewThreshold()) > 0) {
      return new Verdict(FraudVerdict.REVIEW, 60, "total " + r.total() + " is above the review threshold " + r.reviewThreshold());
    }
    return new Verdict(FraudVerdict.ACCEPT, 5, "no risk signals");
  }

  @Override
  public String name() {
    return "embedded";
  }
}
