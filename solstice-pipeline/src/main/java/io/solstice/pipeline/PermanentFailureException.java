package io.solstice.pipeline;

import io.solstice.core.SolsticeException;

/**
 * Thrown by a handler or an interpreter when retrying cannot help: a mail address the mail library
 * refuses, a 4xx answer (other than 408, 409, 425 and 429) from a payment gateway or fraud scorer.
 * The service parks the input as a dead letter at once, whatever its {@link RetryPolicy}, instead
 * of retrying it or halting its stream; an operator fixes the cause and replays it. It may also be
 * the cause (at any depth) of the exception thrown.
 */
public class PermanentFailureException extends SolsticeException {

  public PermanentFailureException(String message) {
    super(message);
  }

  public PermanentFailureException(String message, Throwable cause) {
    super(message, cause);
  }

  /** True if {@code error} or one of its causes is a {@link PermanentFailureException}. */
  public static boolean isPermanent(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PermanentFailureException) {
        return true;
      }
    }
    return false;
  }
}
