package io.solstice.commerce.analytics;

import io.solstice.core.SolsticeException;
import java.nio.file.Path;

/**
 * Another process has the analytics database open for writing (DuckDB allows one writing process,
 * and no other process may then open the file). Query through that process instead, or stop it.
 */
public final class AnalyticsLockedException extends SolsticeException {
  private final Path file;

  AnalyticsLockedException(Path file, String duckdbMessage, Throwable cause) {
    super("the analytics database " + file + " is held by another process or connection (" + duckdbMessage + "); DuckDB allows one writing process: "
        + "query through the process that holds it, or stop it first", cause);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
