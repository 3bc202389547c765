package io.solstice.commerce.readmodel;

/**
 * A read model could not be read or written: the database failed or refused. The message names the
 * read model, tenant and position where known, and what to check next.
 */
public final class ReadModelException extends RuntimeException {

  public ReadModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
