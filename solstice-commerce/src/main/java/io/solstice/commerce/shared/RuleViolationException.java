package io.solstice.commerce.shared;

import io.solstice.core.SolsticeException;

/**
 * A request that is valid in form but conflicts with the current state (HTTP 409): e.g. checking
 * out a cart that is already checked out, cancelling a shipped order, or reserving more stock
 * than is available. Nothing was written.
 */
public final class RuleViolationException extends SolsticeException {
  private final String code;

  public RuleViolationException(String code, String message) {
    super(message);
    this.code = code;
  }

  /** A stable machine-readable code, e.g. {@code insufficient_stock}. */
  public String code() {
    return code;
  }
}
