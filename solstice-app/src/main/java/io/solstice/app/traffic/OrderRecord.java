package io.solstice.app.traffic;

import java.math.BigDecimal;
import java.util.List;

/**
 * What the generator knows about one order: its plan, the id the server gave it, when checkout
 * started and answered, when it was first seen confirmed (polling), what the server finally showed,
 * and the first error a shopper met. Written by the order's shopper and then its settler (one
 * thread at a time, handed over through the generator's executor), read after the run.
 */
public final class OrderRecord {
  private final Shop shop;
  private final OrderPlan plan;
  private volatile String orderId;
  private volatile long checkoutStartNanos;
  private volatile long placedNanos;
  private volatile long confirmedSeenNanos;
  private volatile String finalStatus;
  private volatile BigDecimal serverTotal;
  private volatile List<String> history = List.of();
  private volatile String error;

  OrderRecord(Shop shop, OrderPlan plan) {
    this.shop = shop;
    this.plan = plan;
  }

  public Shop shop() {
    return shop;
  }

  public OrderPlan plan() {
    return plan;
  }

  /** The order id, or null if checkout never answered. */
  public String orderId() {
    return orderId;
  }

  public boolean placed() {
    return orderId != null;
  }

  public long checkoutStartNanos() {
    return checkoutStartNanos;
  }

  public long placedNanos() {
    return placedNanos;
  }

  /** When polling first showed the order confirmed or later (0 if never). */
  public long confirmedSeenNanos() {
    return confirmedSeenNanos;
  }

  /** The status the server showed last (null if never read). */
  public String finalStatus() {
    return finalStatus;
  }

  /** The order's total as the server shows it. */
  public BigDecimal serverTotal() {
    return serverTotal;
  }

  /** The event types of the order's history, oldest first. */
  public List<String> history() {
    return history;
  }

  /** The first error a shopper met with this order, or null. */
  public String error() {
    return error;
  }

  /** Whether the server shows the status the scenario ends in. */
  public boolean settled() {
    return plan.scenario().finalStatus().equals(finalStatus);
  }

  /** Whether a confirmation mail must exist: the scenario confirms, or the history shows it was confirmed before a cancel. */
  public boolean expectsConfirmationMail() {
    return plan.scenario().confirms() || history.contains("Confirmed");
  }

  void checkoutStarted(long nanos) {
    checkoutStartNanos = nanos;
  }

  void placed(String id, long nanos) {
    orderId = id;
    placedNanos = nanos;
  }

  void seen(String status, BigDecimal total, List<String> events, long nanos) {
    finalStatus = status;
    serverTotal = total;
    history = List.copyOf(events);
    if (confirmedSeenNanos == 0 && Scenario.SALE_STATUSES.contains(status)) {
      confirmedSeenNanos = nanos;
    }
  }

  void failed(String message) {
    if (error == null) {
      error = message;
    }
  }
}
