package io.solstice.core.codec;

/**
 * A JSON number from outside is beyond what Solstice accepts (see {@link Json#untrustedBuilder()}):
 * thrown while the document is parsed, before any arithmetic on the number. The request that sent
 * it is refused as a client error; nothing was read further or written.
 */
public final class NumberOutOfRangeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NumberOutOfRangeException(String message) {
    super(message, null, false, false);
  }
}
