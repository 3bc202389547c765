package io.solstice.core;

import org.jspecify.annotations.Nullable;

/**
 * Base of every error Solstice raises on purpose. Messages say what failed, for which tenant and
 * stream, and what to do next.
 */
public class SolsticeException extends RuntimeException {
  public SolsticeException(String message) {
    super(message);
  }

  public SolsticeException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
