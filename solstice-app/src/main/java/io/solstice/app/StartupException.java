package io.solstice.app;

import io.solstice.core.SolsticeException;

/**
 * A Solstice process cannot start with the settings it was given: the message names the setting,
 * what is wrong with it and what to set instead. The command line prints the message alone.
 */
public final class StartupException extends SolsticeException {

  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
