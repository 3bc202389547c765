package io.solstice.core;

/**
 * Base of every error Solstice raises on purpose. Messages say what failed, for which tenant and
 * stream, and what to do next.
 */
public class SolsticeException extends RuntimeException {
  public SolsticeException(String message) {
    super(message);
  }

  public SolsticeException(String message, Throwable cause) {
    super(message, cause);
  }
}
