package io.solstice.app.cli;

/**
 * A command could not do its job for a reason the user can act on. The command line prints only
 * the message (no stack trace) and exits with code 1, so the message must say what failed and what
 * to do next, e.g. "PostgreSQL at 127.0.0.1:5432 refused the connection; start it or set --pg-url".
 */
public final class CommandFailedException extends RuntimeException {

  public CommandFailedException(String message) {
    super(message);
  }

  public CommandFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
