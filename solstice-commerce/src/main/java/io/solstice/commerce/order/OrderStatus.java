package io.solstice.commerce.order;

/** Where an order is in its life. {@link #wireName()} is the status string of the HTTP API (a contract). */
public enum OrderStatus {
  PLACED("placed"),
  UNDER_REVIEW("under_review"),
  REJECTED("rejected"),
  PAYMENT_DECLINED("payment_declined"),
  CONFIRMED("confirmed"),
  RELEASED("released"),
  SHIPPED("shipped"),
  DELIVERED("delivered"),
  COMPLETED("completed"),
  CANCELLED("cancelled");

  private final String wireName;

  OrderStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** True once nothing more will happen to the order. */
  public boolean terminal() {
    return this == REJECTED || this == PAYMENT_DECLINED || this == COMPLETED || this == CANCELLED;
  }
}
