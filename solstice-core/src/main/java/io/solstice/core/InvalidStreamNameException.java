package io.solstice.core;

/** A stream name, tenant id or category broke the rules documented on {@link StreamName}. */
public final class InvalidStreamNameException extends SolsticeException {
  public InvalidStreamNameException(String message) {
    super(message);
  }
}
