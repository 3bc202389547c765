package io.solstice.commerce.analytics;

import io.solstice.core.SolsticeException;

/** The analytics database cannot be opened or is missing; the message says which file and why. */
public final class AnalyticsUnavailableException extends SolsticeException {
  public AnalyticsUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
