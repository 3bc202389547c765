package io.solstice.commerce.analytics;

import io.solstice.core.SolsticeException;

/** DuckDB refused to write an order's analytics rows; the event is retried (and parked if it keeps failing). */
public final class AnalyticsWriteException extends SolsticeException {
  public AnalyticsWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
