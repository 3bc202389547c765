package io.solstice.commerce.order;

/**
 * A fraud check's verdict on an order, as stored in {@code FraudCheck.Scored} (the constant names
 * are part of the storage contract): accept it, hold it for a reviewer, or reject it.
 */
public enum FraudVerdict {
  ACCEPT,
  REVIEW,
  REJECT
}
