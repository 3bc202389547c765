package io.solstice.core.store;

import io.solstice.core.SolsticeException;
import org.jspecify.annotations.Nullable;

/** The store could not be reached or failed while writing; the outcome of an append is unknown unless stated. */
public final class StoreUnavailableException extends SolsticeException {
  public StoreUnavailableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
