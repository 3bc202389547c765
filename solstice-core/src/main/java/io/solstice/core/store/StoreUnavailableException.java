package io.solstice.core.store;

import io.solstice.core.SolsticeException;

/** The store could not be reached or failed while writing; the outcome of an append is unknown unless stated. */
public final class StoreUnavailableException extends SolsticeException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
