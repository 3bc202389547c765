package io.solstice.app.backup;

/** A backup or restore that cannot be done; the message says what is wrong and what to do. Nothing was changed. */
public final class BackupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BackupException(String message) {
    super(message);
  }

  public BackupException(String message, Throwable cause) {
    super(message, cause);
  }
}
