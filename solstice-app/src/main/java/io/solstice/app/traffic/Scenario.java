package io.solstice.app.traffic;

import java.util.Set;

/**
 * What one shopper does with an order, and what must become of it. The generator drives each
 * order through its scenario over the HTTP API and checks the server reached {@link #finalStatus}.
 * The mails each scenario causes are fixed, except for {@link #CANCEL_PLACED}: a cancellation sent
 * right after checkout races the payment, so the order may or may not have been confirmed (and
 * mailed) before it; the order's history decides.
 */
public enum Scenario {
  /** Approved and confirmed; the warehouse receives it and it stays there. */
  CONFIRM("released", true, false, false),
  /** Approved, then shipped in one shipment, not yet delivered. */
  SHIP("shipped", true, true, false),
  /** Approved, shipped in one shipment and delivered. */
  DELIVER("completed", true, true, false),
  /** Approved, shipped in two shipments (the first partial) and both delivered. */
  PARTIAL_SHIPMENTS("completed", true, true, false),
  /** Paid with {@code tok_decline}. */
  DECLINE("payment_declined", false, false, false),
  /** Paid with {@code tok_timeout}: the gateway never answers; declined after the policy's attempts. */
  TIMEOUT("payment_declined", false, false, false),
  /** A customer at {@code @fraud.test}: rejected by the fraud check. */
  FRAUD("rejected", false, false, false),
  /** A big cart over the review threshold; a reviewer approves it; it ships and is delivered. */
  REVIEW_APPROVE("completed", true, true, false),
  /** A big cart over the review threshold; a reviewer rejects it. */
  REVIEW_REJECT("rejected", false, false, false),
  /** Cancelled right after checkout (it may have been confirmed meanwhile). */
  CANCEL_PLACED("cancelled", false, false, true),
  /** A big cart cancelled while under review. */
  CANCEL_UNDER_REVIEW("cancelled", false, false, true),
  /** Cancelled after it was confirmed and released to the warehouse. */
  CANCEL_RELEASED("cancelled", true, false, true);

  /** The statuses analytics counts as sales (confirmed and not cancelled). */
  public static final Set<String> SALE_STATUSES = Set.of("confirmed", "released", "shipped", "delivered", "completed");

  private final String finalStatus;
  private final boolean confirms;
  private final boolean ships;
  private final boolean cancels;

  Scenario(String finalStatus, boolean confirms, boolean ships, boolean cancels) {
    this.finalStatus = finalStatus;
    this.confirms = confirms;
    this.ships = ships;
    this.cancels = cancels;
  }

  /** The order's status once everything has happened (an API status string). */
  public String finalStatus() {
    return finalStatus;
  }

  /** Whether the order is certainly confirmed on its way (so a confirmation mail is sent). */
  public boolean confirms() {
    return confirms;
  }

  /** Whether every unit ships (so a shipped mail is sent). */
  public boolean ships() {
    return ships;
  }

  /** Whether the order is cancelled (so a cancellation mail is sent). */
  public boolean cancels() {
    return cancels;
  }

  /** Whether the cart is over the review threshold. */
  public boolean bigCart() {
    return this == REVIEW_APPROVE || this == REVIEW_REJECT || this == CANCEL_UNDER_REVIEW;
  }

  /** Whether the order counts as a sale in the end. */
  public boolean sale() {
    return SALE_STATUSES.contains(finalStatus);
  }

  /** The scenario's name in reports: lower case with dashes. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
